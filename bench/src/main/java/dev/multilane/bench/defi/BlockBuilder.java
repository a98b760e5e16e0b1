package dev.multilane.bench.defi;

import dev.multilane.chain.Signature;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.block.Block;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects a block's transactions in order: EIP-1559 (type 2) transactions at wallet-style fees,
 * each sender's nonces counting up from its nonce in the pre-state.
 */
final class BlockBuilder {
    /**
     * A syntactically valid signature. The benchmark hands the senders to the block processor, as
     * the Block-STM paper and pevm do, so no signature is ever recovered and none needs to be real.
     */
    private static final Signature PLACEHOLDER = new Signature(0, U256.ONE, U256.ONE);

    private final InMemoryWorldState preState;
    private final Map<Address, Long> nextNonce = new HashMap<>();
    private final List<Transaction> transactions = new ArrayList<>();
    private final List<Address> senders = new ArrayList<>();
    private final Set<Integer> expectedFailures = new HashSet<>();
    private long gas;

    BlockBuilder(InMemoryWorldState preState) {
        this.preState = preState;
    }

    /** Appends a call (or a plain transfer when {@code data} is empty). */
    void add(Address sender, Address to, U256 value, byte[] data, long gasLimit) {
        long nonce = nextNonce.computeIfAbsent(sender, s -> {
            AccountInfo info = preState.account(s);
            return info == null ? 0L : info.nonce();
        });
        nextNonce.put(sender, nonce + 1);
        transactions.add(UnsignedTransaction.dynamicFee(BenchChain.CHAIN_ID, nonce, BenchChain.PRIORITY_FEE,
                BenchChain.MAX_FEE, gasLimit, to, value, data, List.of()).withSignature(PLACEHOLDER));
        senders.add(sender);
        gas += gasLimit;
    }

    /** Appends a call that is meant to revert, as a slippage-protected swap does when the price moved. */
    void addFailing(Address sender, Address to, U256 value, byte[] data, long gasLimit) {
        expectedFailures.add(transactions.size());
        add(sender, to, value, data, gasLimit);
    }

    int size() {
        return transactions.size();
    }

    /** The block, with a gas limit that holds every transaction's (mainnet's 36M when that is enough). */
    BenchBlock build(String workload, WorkloadParams params, long setupTransactions) {
        long gasLimit = Math.max(BenchChain.MAINNET_GAS_LIMIT, gas);
        Block block = new Block(BenchChain.header(gasLimit), transactions, List.of(), List.of());
        return new BenchBlock(workload, params, block, senders, preState, expectedFailures, setupTransactions);
    }
}
