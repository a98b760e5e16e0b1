package dev.multilane.chain.block;

import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.interpreter.CallResult;
import dev.multilane.evm.interpreter.Evm;
import dev.multilane.evm.journal.Journal;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;

/**
 * The EIP-4788 system call that opens every Cancun block: the system address calls the beacon
 * roots contract with the parent beacon block root as input, and the contract's own code stores
 * {@code timestamp} at slot {@code timestamp % 8191} and the root at slot {@code timestamp % 8191 +
 * 8191}.
 *
 * <p>The contract's code is run through the EVM rather than the two slots being written directly,
 * as geth and the execution specs do: whatever code sits at the address decides, and a chain where
 * the contract is not deployed gets no write at all (a call to an empty account does nothing). The
 * call is not a transaction: no nonce, no fee, no intrinsic gas, 30,000,000 gas that does not count
 * against the block, and its failure does not invalidate the block.
 */
public final class BeaconRootsCall {
    public static final Address SYSTEM_ADDRESS = Address.fromHex("0xfffffffffffffffffffffffffffffffffffffffe");
    public static final Address BEACON_ROOTS_ADDRESS = Address.fromHex("0x000F3df6D732807Ef1319fB7B8bB8522d0Beac02");
    public static final long HISTORY_BUFFER_LENGTH = 8191;
    static final long SYSTEM_CALL_GAS = 30_000_000;

    private BeaconRootsCall() {}

    /** Runs the call on {@code state} and applies what it changed; returns how the call ended. */
    public static CallResult apply(Fork fork, BlockEnv block, long chainId, Hash parentBeaconBlockRoot,
            WorldState state) {
        Journal journal = new Journal(state);
        // geth runs it with gas price 0 and warms only the contract; nothing in the contract can tell.
        Evm evm = new Evm(fork, block, chainId, journal, SYSTEM_ADDRESS, U256.ZERO, List.of(),
                TransactionProcessor.blobBaseFee(block.excessBlobGas()));
        journal.warmAddress(SYSTEM_ADDRESS);
        journal.warmAddress(BEACON_ROOTS_ADDRESS);
        CallResult result = evm.call(Evm.CallKind.CALL, SYSTEM_ADDRESS, BEACON_ROOTS_ADDRESS, BEACON_ROOTS_ADDRESS,
                U256.ZERO, parentBeaconBlockRoot.toArray(), SYSTEM_CALL_GAS, false, 0);
        state.apply(withoutPhantomDeletions(journal.changes(), state));
        return result;
    }

    /**
     * The zero-value transfer touches the system address, which the journal then reports deleted as
     * an empty touched account (EIP-161) even though it never existed; such entries change nothing
     * and are dropped. The execution specs do not touch the caller of a system call at all.
     */
    private static List<AccountChange> withoutPhantomDeletions(List<AccountChange> changes, WorldState state) {
        List<AccountChange> kept = new ArrayList<>(changes.size());
        for (AccountChange c : changes) {
            if (!(c.deleted() && state.account(c.address()) == null)) {
                kept.add(c);
            }
        }
        return kept;
    }
}
