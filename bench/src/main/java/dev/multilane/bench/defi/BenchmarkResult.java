package dev.multilane.bench.defi;

import dev.multilane.primitives.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link BlockBenchmark} measured for one block at one thread count. Times are of {@code
 * BlockProcessor.process} alone (see {@link BlockBenchmark#TIMER_SCOPE}).
 *
 * @param sequentialNanos each measured sequential run, in run order
 * @param parallelNanos each measured parallel run, in run order
 * @param reExecutionsPerTx Block-STM executions beyond the first per transaction, averaged over
 *     the measured parallel runs
 * @param parallelMode how the engine ran the last measured block ({@code PARALLEL}, or why not)
 * @param fallbackReason why the last parallel run fell back to sequential execution, or null
 * @param unexpectedFailures transactions whose success differed from what the workload intends
 * @param stateRootsEqual every run, sequential or parallel, ended in the first sequential run's state root
 * @param receiptsEqual every run gave the first sequential run's receipts (each receipt's
 *     encoding, the receipts root and gas used) and no run found the block invalid
 * @param mismatches every difference found, in words; empty exactly when both of the above hold
 */
public record BenchmarkResult(
        String workload,
        WorkloadParams params,
        int threads,
        int txs,
        long gasUsed,
        List<Long> sequentialNanos,
        List<Long> parallelNanos,
        double reExecutionsPerTx,
        String parallelMode,
        String fallbackReason,
        int unexpectedFailures,
        Hash sequentialStateRoot,
        Hash parallelStateRoot,
        Hash receiptsRoot,
        boolean stateRootsEqual,
        boolean receiptsEqual,
        List<String> mismatches) {

    public BenchmarkResult {
        sequentialNanos = List.copyOf(sequentialNanos);
        parallelNanos = List.copyOf(parallelNanos);
        mismatches = List.copyOf(mismatches);
    }

    /** Both executors gave the same state root and the same receipts in every run. */
    public boolean agrees() {
        return mismatches.isEmpty();
    }

    public double sequentialMedianNanos() {
        return median(sequentialNanos);
    }

    public double parallelMedianNanos() {
        return median(parallelNanos);
    }

    public double sequentialTps() {
        return perSecond(txs, sequentialMedianNanos());
    }

    public double parallelTps() {
        return perSecond(txs, parallelMedianNanos());
    }

    public double sequentialGasPerSecond() {
        return perSecond(gasUsed, sequentialMedianNanos());
    }

    public double parallelGasPerSecond() {
        return perSecond(gasUsed, parallelMedianNanos());
    }

    /** Sequential median time over parallel median time. */
    public double speedup() {
        return sequentialMedianNanos() / parallelMedianNanos();
    }

    private static double perSecond(double amount, double nanos) {
        return amount * 1e9 / nanos;
    }

    /** The median of the runs; the mean of the two middle ones for an even count. */
    static double median(List<Long> runs) {
        if (runs.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(runs);
        sorted.sort(null);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
    }
}
