package dev.multilane.chain.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.block.SequentialBlockExecutor;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.exec.ExecutionStats;
import dev.multilane.exec.ExecutorConfig;
import dev.multilane.exec.ParallelExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The early switch to sequential execution through the chain's executor: the engine stops at a
 * (here: provoked) dependency chain, returns the validated prefix, the executor applies it to the
 * world state and runs the rest with the sequential executor. Random blocks, compared with the
 * sequential reference receipt by receipt and by state root ({@link
 * ParallelMatchesSequentialTest#runBlock}). A switch after every few executions and a parallelism
 * bar no block clears make the prefix end at arbitrary points, workers halted mid-task.
 */
// Hang guard only, not a timing assertion.
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContentionSwitchBlocksTest {
    private static final int BLOCKS = 300;
    private static final long MASTER_SEED = 0x73776974636800L; // "switch"

    @Test
    void blocksFinishedSequentiallyAfterThePrefixMatchSequential() {
        SequentialBlockExecutor sequential = new SequentialBlockExecutor(RandomBlockGenerator.CHAIN_ID);
        TransactionProcessor processor = new TransactionProcessor(RandomBlockGenerator.CHAIN_ID);
        EngineTally tally = new EngineTally();
        List<String> failures = new ArrayList<>();
        int switched = 0;
        int runs = 0;
        List<ParallelBlockExecutor> executors = new ArrayList<>();
        try {
            for (int threads : new int[] {2, 4}) {
                for (int window : new int[] {2, 8}) {
                    ExecutorConfig eager = new ExecutorConfig(0, Double.POSITIVE_INFINITY, true, window, 50.0);
                    executors.add(new ParallelBlockExecutor(processor, new ParallelExecutor(threads, eager)));
                }
            }
            for (int b = 0; b < BLOCKS; b++) {
                BlockSpec spec = BlockSpec.fromSeed(MASTER_SEED + 0x9E3779B97F4A7C15L * b);
                for (ParallelBlockExecutor executor : executors) {
                    failures.addAll(ParallelMatchesSequentialTest.runBlock(spec, sequential,
                            new ParallelBlockExecutor[] {executor}, "eagerSwitch", tally));
                    runs++;
                    ExecutionStats stats = executor.lastStats();
                    if (stats.mode() == ExecutionStats.Mode.PARALLEL_THEN_SEQUENTIAL) {
                        switched++;
                        assertTrue(stats.sequentialTxs() > 0, stats.toString());
                    }
                }
            }
        } finally {
            executors.forEach(ParallelBlockExecutor::close);
        }
        System.out.println("ContentionSwitchBlocks: " + (runs - failures.size()) + " passed, " + failures.size()
                + " failed (" + runs + " runs of " + BLOCKS + " random blocks; " + switched
                + " switched to sequential after a prefix)");
        failures.stream().limit(20).forEach(f -> System.out.println("  FAIL " + f));
        assertEquals(List.of(), failures);
        assertTrue(switched > runs / 4, "the switch hardly ever fired: " + switched + " of " + runs);
    }
}
