package dev.multilane.chain.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.InMemoryWorldStateAdapter;
import dev.multilane.chain.block.SequentialBlockExecutor;
import dev.multilane.chain.block.TransactionsExecutor;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.exec.ExecutionStats;
import dev.multilane.exec.ExecutorConfig;
import dev.multilane.exec.ParallelExecutor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The EVM adapter of Block-STM against the sequential executor on random blocks ({@link
 * RandomBlockGenerator}): for every block, {@link BlockProcessor} with {@link
 * SequentialBlockExecutor} and with {@link ParallelBlockExecutor} at 1, 2, 4 and 8 threads, each on
 * its own copy of the pre-state, must agree on the verdict, every receipt, the block's gas, receipts
 * root, logs bloom and post-state root.
 *
 * <p>Most blocks run with {@link ExecutorConfig#alwaysParallel()}, which never falls back for size
 * or abort rate, so they test Block-STM itself; every fifth block runs with the default config, the
 * one the node uses. The test also asserts that it exercised the engine: enough blocks ran fully
 * parallel, enough had re-executions, and both fallbacks of the adapter (pre-Cancun self-destruct,
 * invalid transaction) were taken.
 *
 * <p>2,000 blocks by default, 20,000 with {@code -Dmultilane.longTests=true}; {@code
 * -Dmultilane.parallel.blocks=N} sets the count, {@code -Dmultilane.parallel.masterSeed=X} the
 * sequence, and {@code -Dmultilane.parallel.seed=0x...} re-runs one block as a failure prints it.
 * {@code -Dmultilane.parallel.storageOnlyAccounts=false} leaves out the storage-only accounts of
 * {@link StorageOnlyAccountDivergenceTest}, to look for other divergences until that one is fixed.
 */
// Hang guard only (a lost wake-up in the engine would spin forever), not a timing assertion.
@Timeout(value = 30, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ParallelMatchesSequentialTest {
    static final int[] THREADS = {1, 2, 4, 8};
    static final String ALWAYS = "alwaysParallel";
    static final String DEFAULT = "default";
    private static final long DEFAULT_MASTER_SEED = 0x6d756c74696c616eL; // "multilan"
    private static final int MAX_REPORTED_FAILURES = 20;

    @Test
    void randomBlocksMatchSequential() {
        String one = System.getProperty("multilane.parallel.seed");
        boolean single = one != null && !one.isBlank();
        int blocks = single ? 1 : Integer.getInteger("multilane.parallel.blocks",
                Boolean.getBoolean("multilane.longTests") ? 20_000 : 2_000);
        // Off only to look for other divergences while StorageOnlyAccountDivergenceTest fails.
        boolean storageOnlyAccounts = !"false".equals(System.getProperty("multilane.parallel.storageOnlyAccounts"));
        String masterProperty = System.getProperty("multilane.parallel.masterSeed");
        long master = masterProperty == null ? DEFAULT_MASTER_SEED : parseSeed(masterProperty);

        // The reference gets its own processor (and code cache): nothing is shared with the engine.
        SequentialBlockExecutor sequential = new SequentialBlockExecutor(RandomBlockGenerator.CHAIN_ID);
        TransactionProcessor processor = new TransactionProcessor(RandomBlockGenerator.CHAIN_ID);
        ParallelBlockExecutor[] always = new ParallelBlockExecutor[THREADS.length];
        ParallelBlockExecutor[] defaults = new ParallelBlockExecutor[THREADS.length];
        EngineTally tally = new EngineTally();
        List<String> failures = new ArrayList<>();
        List<String> failedSpecs = new ArrayList<>();
        int failedBlocks = 0;
        try {
            for (int i = 0; i < THREADS.length; i++) {
                always[i] = new ParallelBlockExecutor(processor, new ParallelExecutor(THREADS[i], ExecutorConfig.alwaysParallel()));
                defaults[i] = new ParallelBlockExecutor(processor, new ParallelExecutor(THREADS[i], ExecutorConfig.DEFAULT));
            }
            for (int b = 0; b < blocks; b++) {
                long seed = single ? parseSeed(one) : seedOf(master, b);
                BlockSpec spec = BlockSpec.fromSeed(seed);
                if (!storageOnlyAccounts) {
                    spec = spec.withStorageOnlyAccounts(false);
                }
                List<String> problems;
                if (single) { // both configs, whichever the failure was found with
                    problems = runBlock(spec, sequential, always, ALWAYS, tally);
                    problems.addAll(runBlock(spec, sequential, defaults, DEFAULT, tally));
                } else {
                    boolean useDefault = b % 5 == 4;
                    problems = runBlock(spec, sequential, useDefault ? defaults : always,
                            useDefault ? DEFAULT : ALWAYS, tally);
                }
                if (!problems.isEmpty()) {
                    failedBlocks++;
                    failedSpecs.add(spec.toString());
                    if (failures.size() < MAX_REPORTED_FAILURES) {
                        failures.addAll(problems);
                    }
                }
            }
        } finally {
            for (int i = 0; i < THREADS.length; i++) {
                close(always[i]);
                close(defaults[i]);
            }
        }

        System.out.println("ParallelMatchesSequential: " + (blocks - failedBlocks) + " passed, " + failedBlocks
                + " failed (" + blocks + " random blocks, master seed 0x" + Long.toHexString(master) + ")");
        tally.print(System.out);
        failures.forEach(f -> System.out.println("  FAIL " + f));
        failedSpecs.forEach(f -> System.out.println("  FAILED BLOCK " + f));
        assertEquals(List.of(), failures, failedBlocks + " of " + blocks + " blocks differ; see the FAIL lines");
        if (!single) {
            assertExercisedTheEngine(tally, blocks);
        }
    }

    /**
     * Runs one block sequentially and at every thread count; returns one line per parallel run
     * that differs, each with the spec (seed included) and the command that re-runs it.
     */
    static List<String> runBlock(BlockSpec spec, TransactionsExecutor sequential, ParallelBlockExecutor[] executors,
            String config, EngineTally tally) {
        List<String> problems = new ArrayList<>();
        RandomBlock block = RandomBlockGenerator.generate(spec);
        String repro = " [" + spec + " config=" + config + "; re-run with -Dmultilane.parallel.seed=0x"
                + Long.toHexString(spec.seed()) + "]";
        BlockOutcome reference;
        try {
            reference = process(block, sequential);
        } catch (RuntimeException e) {
            problems.add("sequential reference threw " + stackTrace(e) + repro);
            return problems;
        }
        tally.recordReference(reference, block.kinds());

        for (ParallelBlockExecutor executor : executors) {
            try {
                BlockOutcome actual = process(block, executor);
                ExecutionStats stats = executor.lastStats();
                tally.recordRun(config, executor.threads(), stats, executor.lastFallbackReason());
                List<String> differences = BlockComparison.differences(reference, actual);
                if (!differences.isEmpty()) {
                    problems.add(executor.name() + " mode=" + EngineTally.mode(stats, executor.lastFallbackReason())
                            + " differs: " + differences + repro);
                }
            } catch (RuntimeException e) {
                problems.add(executor.name() + " threw " + stackTrace(e) + repro);
            }
        }
        return problems;
    }

    static BlockOutcome process(RandomBlock block, TransactionsExecutor executor) {
        BlockProcessor processor = new BlockProcessor(block.config(), executor, true);
        return processor.process(block.block(), new InMemoryWorldStateAdapter(block.newPreState()), null,
                block.senders());
    }

    /**
     * Tests that never make the engine work prove nothing: require fully parallel runs, runs with
     * re-executions at every thread count above one, both adapter fallbacks, invalid blocks, and
     * the default config's small-block path.
     */
    private static void assertExercisedTheEngine(EngineTally tally, int blocks) {
        int invalid = tally.invalidBlocks();
        assertTrue(invalid >= Math.max(1, blocks / 100), "only " + invalid + " invalid blocks");
        assertTrue(tally.verdicts("valid") >= blocks * 8 / 10, "only " + tally.verdicts("valid") + " valid blocks");
        assertTrue(tally.failedTxs() >= tally.txs() / 20, "few reverted or failed transactions: " + tally.failedTxs());
        int selfDestructFallbacks = 0;
        for (int threads : THREADS) {
            long runs = tally.totalRuns(ALWAYS, threads);
            int parallel = tally.runs(ALWAYS, threads, ExecutionStats.Mode.PARALLEL.name());
            assertTrue(parallel >= runs / 2, parallel + " of " + runs + " always-parallel runs at " + threads
                    + " threads ran fully parallel");
            selfDestructFallbacks += tally.runsWithModePrefix(ALWAYS, threads, "PARALLEL_FELL_BACK:self-destruct");
            assertTrue(tally.runsWithModePrefix(ALWAYS, threads, "PARALLEL_FELL_BACK:invalid transaction") > 0,
                    "no invalid-transaction fallback at " + threads + " threads");
            if (threads > 1) {
                long reExecuted = tally.reExecutedRuns(ALWAYS, threads);
                assertTrue(reExecuted >= runs / 10, "only " + reExecuted + " of " + runs + " runs at " + threads
                        + " threads re-executed anything");
            }
            assertTrue(tally.runs(DEFAULT, threads, ExecutionStats.Mode.SEQUENTIAL_SMALL_BLOCK.name()) > 0,
                    "the default config never took the small-block path at " + threads + " threads");
            assertTrue(tally.runs(DEFAULT, threads, ExecutionStats.Mode.PARALLEL.name()) > 0,
                    "the default config never ran a block in parallel at " + threads + " threads");
        }
        assertTrue(selfDestructFallbacks > 0, "no pre-Cancun self-destruct fallback");
    }

    /** Seed of block {@code index}: a SplitMix64 step, so neighbouring blocks are unrelated. */
    static long seedOf(long master, int index) {
        long z = master + (index + 1) * 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed as printed ("0x" and 16 hex digits, unsigned) or in decimal. */
    static long parseSeed(String text) {
        String s = text.strip();
        return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    private static void close(ParallelBlockExecutor executor) {
        if (executor != null) {
            executor.close();
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter s = new StringWriter();
        t.printStackTrace(new PrintWriter(s));
        String text = s.toString();
        return text.length() > 2_000 ? text.substring(0, 2_000) + "..." : text;
    }
}
