package dev.multilane.chain.parallel;

import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockResult;
import dev.multilane.evm.TxResult;
import dev.multilane.exec.ExecutionStats;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the parallel runs of a property test actually did, so that the test can show (and assert)
 * that it exercised the engine: how each run ended (fully parallel, small-block sequential, or
 * fallen back and why), and how much re-execution, abort and waiting there was, per thread count.
 */
final class EngineTally {
    /** Mode label → runs, per "config/threads" key. */
    private final Map<String, Map<String, Integer>> modes = new TreeMap<>();
    private final Map<String, long[]> counters = new TreeMap<>();
    private final Map<String, Integer> verdicts = new TreeMap<>();
    private final Map<String, Integer> txKinds = new TreeMap<>();
    private long txs;
    private long failedTxs;
    private long logs;

    /** Indexes into {@link #counters}' arrays. */
    private static final int RUNS = 0, REEXECUTED_RUNS = 1, REEXECUTIONS = 2, VALIDATIONS = 3, ABORTS = 4,
            WAITS = 5, EXECUTIONS = 6;

    /**
     * How a run ended, as the replay command prints it: the engine's mode, or PARALLEL_FELL_BACK
     * with the adapter's reason when {@link ParallelBlockExecutor} redid the block sequentially.
     */
    static String mode(ExecutionStats stats, String adapterFallback) {
        if (adapterFallback != null) {
            // Addresses vary from block to block; the kind of reason is what is counted.
            return "PARALLEL_FELL_BACK:" + adapterFallback.replaceAll(" 0x[0-9a-fA-F]+", "");
        }
        if (stats.mode() == ExecutionStats.Mode.PARALLEL_FELL_BACK) {
            return "PARALLEL_FELL_BACK:" + stats.fallback().kind();
        }
        return stats.mode().name();
    }

    void recordRun(String config, int threads, ExecutionStats stats, String adapterFallback) {
        String key = config + "/" + threads;
        modes.computeIfAbsent(key, k -> new TreeMap<>()).merge(mode(stats, adapterFallback), 1, Integer::sum);
        long[] c = counters.computeIfAbsent(key, k -> new long[7]);
        c[RUNS]++;
        c[REEXECUTED_RUNS] += stats.reExecutions() > 0 ? 1 : 0;
        c[REEXECUTIONS] += stats.reExecutions();
        c[VALIDATIONS] += stats.validations();
        c[ABORTS] += stats.validationAborts();
        c[WAITS] += stats.dependencyWaits();
        c[EXECUTIONS] += stats.executions();
    }

    void recordReference(BlockOutcome reference, Map<String, Integer> kinds) {
        kinds.forEach((k, v) -> txKinds.merge(k, v, Integer::sum));
        switch (reference) {
            case BlockOutcome.Invalid inv -> verdicts.merge("invalid:" + inv.error().kind(), 1, Integer::sum);
            case BlockOutcome.Processed p -> {
                verdicts.merge("valid", 1, Integer::sum);
                BlockResult r = p.result();
                for (TxResult.Executed e : r.transactions()) {
                    txs++;
                    failedTxs += e.success() ? 0 : 1;
                    logs += e.logs().size();
                }
            }
        }
    }

    /** Runs of {@code config} at {@code threads} that ended in {@code mode}. */
    int runs(String config, int threads, String mode) {
        return modes.getOrDefault(config + "/" + threads, Map.of()).getOrDefault(mode, 0);
    }

    /** Runs of {@code config} at {@code threads} whose mode starts with {@code prefix}. */
    int runsWithModePrefix(String config, int threads, String prefix) {
        int n = 0;
        for (Map.Entry<String, Integer> e : modes.getOrDefault(config + "/" + threads, Map.of()).entrySet()) {
            n += e.getKey().startsWith(prefix) ? e.getValue() : 0;
        }
        return n;
    }

    long totalRuns(String config, int threads) {
        return counter(config, threads, RUNS);
    }

    long reExecutedRuns(String config, int threads) {
        return counter(config, threads, REEXECUTED_RUNS);
    }

    long reExecutions(String config, int threads) {
        return counter(config, threads, REEXECUTIONS);
    }

    int verdicts(String verdict) {
        return verdicts.getOrDefault(verdict, 0);
    }

    int invalidBlocks() {
        int n = 0;
        for (Map.Entry<String, Integer> e : verdicts.entrySet()) {
            n += e.getKey().startsWith("invalid:") ? e.getValue() : 0;
        }
        return n;
    }

    long failedTxs() {
        return failedTxs;
    }

    long txs() {
        return txs;
    }

    private long counter(String config, int threads, int index) {
        long[] c = counters.get(config + "/" + threads);
        return c == null ? 0 : c[index];
    }

    void print(PrintStream out) {
        out.println("  reference verdicts: " + verdicts);
        out.println("  executed txs: " + txs + " (" + failedTxs + " reverted or failed), logs: " + logs);
        out.println("  generated tx kinds: " + txKinds);
        for (Map.Entry<String, Map<String, Integer>> e : modes.entrySet()) {
            long[] c = counters.get(e.getKey());
            out.println("  " + e.getKey() + ": runs=" + c[RUNS] + " " + e.getValue());
            out.println("      executions=" + c[EXECUTIONS] + " reexecutions=" + c[REEXECUTIONS]
                    + " runsWithReexecutions=" + c[REEXECUTED_RUNS] + " validations=" + c[VALIDATIONS]
                    + " aborts=" + c[ABORTS] + " waits=" + c[WAITS]);
        }
    }
}
