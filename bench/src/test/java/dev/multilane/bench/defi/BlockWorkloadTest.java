package dev.multilane.bench.defi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.BlockResult;
import dev.multilane.chain.block.InMemoryWorldStateAdapter;
import dev.multilane.chain.parallel.ParallelBlockExecutor;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.exec.ExecutionStats;
import dev.multilane.exec.ExecutorConfig;
import dev.multilane.exec.ParallelExecutor;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.state.InMemoryWorldState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every workload builds, every transaction of a small block does what it should (succeeds, or
 * reverts where the workload means it to), and Block-STM at 2 and 4 threads ends in exactly the
 * state and receipts of sequential execution.
 */
class BlockWorkloadTest {
    /** Small but with contention: 20 users, 3 pools, a fifth of the block on the hot spot. */
    static WorkloadParams small(BlockWorkload w) {
        return new WorkloadParams(300, 20, 3, 0.2, 7);
    }

    @ParameterizedTest
    @EnumSource(BlockWorkload.class)
    void everyTransactionSucceedsUnlessMeantToFail(BlockWorkload w) {
        BenchBlock bench = w.build(small(w));
        assertEquals(300, bench.size());
        assertEquals(bench.size(), bench.senders().size());
        BlockResult result = run(bench, BlockProcessor.sequential(BenchChain.CONFIG, true));

        List<String> wrong = new ArrayList<>();
        Map<String, Long> maxGasBySelector = new TreeMap<>();
        long cumulative = 0;
        for (int i = 0; i < bench.size(); i++) {
            Receipt r = result.receipts().get(i);
            long gas = r.cumulativeGasUsed() - cumulative;
            cumulative = r.cumulativeGasUsed();
            Transaction tx = bench.block().transactions().get(i);
            boolean meantToFail = bench.expectedFailures().contains(i);
            if (r.success() == meantToFail) {
                wrong.add("tx " + i + (meantToFail ? " succeeded but should revert" : " failed") + ": "
                        + selector(tx) + " gas " + gas + " of " + tx.gasLimit());
            }
            maxGasBySelector.merge(selector(tx) + " (limit " + tx.gasLimit() + ")", gas, Math::max);
        }
        System.out.println(w.label() + ": " + (bench.size() - wrong.size()) + " passed, " + wrong.size()
                + " failed; " + bench.expectedFailures().size() + " meant to revert; " + bench.setupTransactions()
                + " setup transactions; most gas per call " + maxGasBySelector);
        assertTrue(wrong.isEmpty(), w.label() + ": " + wrong);
        if (w == BlockWorkload.MIXED) {
            assertFalse(bench.expectedFailures().isEmpty(), "mixed blocks hold a few reverting swaps");
        } else {
            assertTrue(bench.expectedFailures().isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(BlockWorkload.class)
    void parallelMatchesSequentialAtTwoAndFourThreads(BlockWorkload w) {
        BenchBlock bench = w.build(small(w));
        BlockResult sequential = run(bench, BlockProcessor.sequential(BenchChain.CONFIG, true));
        for (int threads : new int[] {2, 4}) {
            // Always Block-STM, never a fallback: this tests the engine on the workload.
            try (ParallelBlockExecutor executor = new ParallelBlockExecutor(
                    new TransactionProcessor(BenchChain.CHAIN_ID),
                    new ParallelExecutor(threads, ExecutorConfig.alwaysParallel()))) {
                BlockResult parallel = run(bench, new BlockProcessor(BenchChain.CONFIG, executor, true));
                String where = w.label() + " at " + threads + " threads";
                assertEquals(sequential.stateRoot(), parallel.stateRoot(), where);
                assertEquals(sequential.receiptsRoot(), parallel.receiptsRoot(), where);
                assertEquals(sequential.gasUsed(), parallel.gasUsed(), where);
                for (int i = 0; i < bench.size(); i++) {
                    assertArrayEquals(sequential.receipts().get(i).encode(), parallel.receipts().get(i).encode(),
                            where + ", receipt " + i);
                }
                assertEquals(ExecutionStats.Mode.PARALLEL, executor.lastStats().mode(), where);
                assertEquals(null, executor.lastFallbackReason(), where);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(BlockWorkload.class)
    void sameParametersSameBlockOtherSeedOtherBlock(BlockWorkload w) {
        WorkloadParams p = small(w).withTxs(40);
        Hash a = txRoot(w.build(p));
        assertEquals(a, txRoot(w.build(p)));
        if (w != BlockWorkload.SERIAL) { // the relay has no random choices
            assertNotEquals(a, txRoot(w.build(p.withSeed(8))));
        }
    }

    @ParameterizedTest
    @EnumSource(BlockWorkload.class)
    void sendersNoncesCountUpFromThePreState(BlockWorkload w) {
        BenchBlock bench = w.build(small(w).withTxs(100));
        Map<Address, Long> next = new java.util.HashMap<>();
        Set<Address> seen = new HashSet<>();
        for (int i = 0; i < bench.size(); i++) {
            Address sender = bench.senders().get(i);
            Transaction tx = bench.block().transactions().get(i);
            long expected = next.computeIfAbsent(sender, s -> bench.preState().account(s).nonce());
            assertEquals(expected, tx.nonce(), "tx " + i);
            assertEquals(2, tx.type());
            next.put(sender, expected + 1);
            seen.add(sender);
        }
        assertTrue(seen.size() > 1);
    }

    static BlockResult run(BenchBlock bench, BlockProcessor processor) {
        InMemoryWorldState state = bench.preState().copy();
        BlockOutcome outcome = processor.process(bench.block(), new InMemoryWorldStateAdapter(state), null,
                bench.senders());
        return assertInstanceOf(BlockOutcome.Processed.class, outcome, () -> outcome.toString()).result();
    }

    private static Hash txRoot(BenchBlock bench) {
        return bench.block().computeTransactionsRoot();
    }

    private static String selector(Transaction tx) {
        return tx.data().length < 4 ? "transfer" : Hex.encode(java.util.Arrays.copyOf(tx.data(), 4));
    }
}
