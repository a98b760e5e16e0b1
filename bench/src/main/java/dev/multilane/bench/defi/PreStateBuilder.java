package dev.multilane.bench.defi;

import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Builds a pre-state the way a chain would have: genesis balances, then every contract deployed
 * and every position opened by a transaction executed through the EVM and applied, one after the
 * other, in the setup block. So the state holds what the real contracts wrote, not what we think
 * they would have written.
 *
 * <p>A setup transaction that fails is a bug in the workload, not a measurement: it throws, with
 * the revert reason when the contract gave one.
 */
final class PreStateBuilder {
    /** Enough for deploying Router02 (about 4.5M gas); setup gas is not measured. */
    private static final long SETUP_GAS = 10_000_000;
    /** eth_call's caller: funded so that a view passes the fee checks; its calls are never applied. */
    private static final Address READER = Address.fromHex("0x00000000000000000000000000000000000e7ca1");

    private final InMemoryWorldState state = new InMemoryWorldState();
    private final TransactionProcessor processor = new TransactionProcessor(BenchChain.CHAIN_ID);
    private final BlockEnv env = BenchChain.setupEnv();
    private long transactions;

    PreStateBuilder() {
        fund(READER, BenchChain.ETHER);
    }

    InMemoryWorldState state() {
        return state;
    }

    /** Setup transactions executed so far. */
    long transactions() {
        return transactions;
    }

    /** A genesis allocation: creates {@code account} with {@code wei}. */
    void fund(Address account, U256 wei) {
        if (state.account(account) != null) {
            throw new IllegalStateException(account + " is already funded");
        }
        state.putAccount(account, 0, wei, null, null);
    }

    /** Deploys {@code initCode} with ABI-encoded constructor arguments; returns the new address. */
    Address deploy(Address from, byte[] initCode, Object... constructorArgs) {
        TxResult.Executed done = execute(from, null, U256.ZERO, Bytes.concat(initCode, Abi.encode(constructorArgs)));
        return done.createdAddress();
    }

    /** Sends a transaction and applies it; returns the call's output. */
    byte[] send(Address from, Address to, U256 value, byte[] data) {
        return execute(from, to, value, data).output();
    }

    /** Calls a view function on the current state without changing it, as eth_call does. */
    byte[] view(Address to, byte[] data) {
        TxResult result = processor.execute(BenchChain.FORK, env, tx(READER, to, U256.ZERO, data), state);
        return requireSuccess(result, READER, to, data).output();
    }

    private TxResult.Executed execute(Address from, Address to, U256 value, byte[] data) {
        TxResult result = processor.execute(BenchChain.FORK, env, tx(from, to, value, data), state);
        TxResult.Executed done = requireSuccess(result, from, to, data);
        state.apply(done.changes());
        transactions++;
        return done;
    }

    private TxEnv tx(Address from, Address to, U256 value, byte[] data) {
        var account = state.account(from);
        long nonce = account == null ? 0 : account.nonce();
        return new TxEnv(2, from, to, nonce, SETUP_GAS, value, data, null, BenchChain.MAX_FEE,
                BenchChain.PRIORITY_FEE, List.of(), List.of(), null);
    }

    private static TxResult.Executed requireSuccess(TxResult result, Address from, Address to, byte[] data) {
        String call = (to == null ? "deployment" : "call to " + to + " selector "
                + Hex.encode(Arrays.copyOf(data, Math.min(4, data.length)))) + " from " + from;
        return switch (result) {
            case TxResult.Invalid invalid -> throw new IllegalStateException(
                    "setup " + call + " is invalid: " + invalid.reason() + " " + invalid.detail());
            case TxResult.Executed done when !done.success() -> throw new IllegalStateException(
                    "setup " + call + " reverted" + revertReason(done.output()));
            case TxResult.Executed done -> done;
        };
    }

    /** The message of a revert with Solidity's Error(string), or the raw data. */
    static String revertReason(byte[] output) {
        byte[] errorString = Abi.selector("Error(string)");
        if (output.length >= 68 && Arrays.equals(Arrays.copyOf(output, 4), errorString)) {
            U256 length = U256.fromBytes(output, 36, 32);
            if (length.compareTo(U256.of(output.length - 68)) <= 0) {
                return ": " + new String(output, 68, (int) length.clampedLong(), StandardCharsets.UTF_8);
            }
        }
        return output.length == 0 ? " without data" : ": " + Hex.encode(output);
    }
}
