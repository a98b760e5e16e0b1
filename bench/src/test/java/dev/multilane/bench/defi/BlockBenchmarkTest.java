package dev.multilane.bench.defi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.SequentialBlockExecutor;
import dev.multilane.chain.block.TransactionsExecutor;
import dev.multilane.chain.block.WorldState;
import dev.multilane.evm.BlockEnv;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TxEnv;
import dev.multilane.evm.TxResult;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness, not the speed: runs happen in the promised order, and disagreement is caught. */
class BlockBenchmarkTest {

    @Test
    void runsEveryExecutorTheAskedNumberOfTimesAndFindsThemInAgreement() {
        BenchBlock bench = BlockWorkload.ERC20.build(new WorkloadParams(64, 10, 1, 0.0, 3));
        List<String> steps = new ArrayList<>();
        BenchmarkResult r = BlockBenchmark.run(bench, new BlockBenchmark.Settings(2, 3, 1),
                (done, total, next) -> steps.add(done + "/" + total + " " + next));
        assertEquals(List.of("0/8 sequential warm-up 1/1", "1/8 parallel warm-up 1/1", "2/8 sequential run 1/3",
                "3/8 parallel run 1/3", "4/8 sequential run 2/3", "5/8 parallel run 2/3", "6/8 sequential run 3/3",
                "7/8 parallel run 3/3", "8/8 done"), steps);
        assertEquals(3, r.sequentialNanos().size());
        assertEquals(3, r.parallelNanos().size());
        assertTrue(r.agrees(), r.mismatches().toString());
        assertTrue(r.stateRootsEqual());
        assertTrue(r.receiptsEqual());
        assertEquals(0, r.unexpectedFailures());
        assertEquals(64, r.txs());
        assertTrue(r.gasUsed() > 64 * 21_000L);
        assertEquals("PARALLEL", r.parallelMode());
        assertTrue(r.sequentialTps() > 0 && r.parallelTps() > 0 && r.speedup() > 0);
    }

    /** An executor that gets the block right, then pays the coinbase one wei more: a wrong state root. */
    @Test
    void aParallelResultThatDiffersIsReportedNotHidden() {
        BenchBlock bench = BlockWorkload.TRANSFER.build(new WorkloadParams(20, 5, 1, 0.0, 3));
        SequentialBlockExecutor right = new SequentialBlockExecutor(BenchChain.CHAIN_ID);
        TransactionsExecutor wrong = new TransactionsExecutor() {
            @Override
            public List<TxResult> execute(Fork fork, BlockEnv block, List<TxEnv> txs, WorldState state) {
                List<TxResult> results = right.execute(fork, block, txs, state);
                AccountInfo coinbase = state.account(block.coinbase());
                state.apply(List.of(new AccountChange(block.coinbase(), coinbase.withBalance(
                        coinbase.balance().add(U256.ONE)), null, false, Map.of())));
                return results;
            }

            @Override
            public String name() {
                return "wrong";
            }
        };
        BenchmarkResult r = BlockBenchmark.run(bench, new BlockBenchmark.Settings(2, 2, 0),
                BlockBenchmark.Progress.NONE, BlockProcessor.sequential(BenchChain.CONFIG, false),
                new BlockProcessor(BenchChain.CONFIG, wrong, false), null);
        assertFalse(r.agrees());
        assertFalse(r.stateRootsEqual());
        assertTrue(r.receiptsEqual(), "the receipts are right; only the state is not");
        assertEquals(2, r.mismatches().size(), r.mismatches().toString());
        assertTrue(r.mismatches().get(0).startsWith("parallel run 1/2: state root"), r.mismatches().get(0));
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, BenchmarkResult.median(List.of(5L, 1L, 3L)));
        assertEquals(2.5, BenchmarkResult.median(List.of(4L, 1L, 3L, 2L)));
    }
}
