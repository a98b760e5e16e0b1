package dev.multilane.node.replay;

import dev.multilane.chain.block.BlockValidation;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One replayed block: either it ran (with its verdict against the header and its timings) or it
 * could not be loaded or was found invalid.
 *
 * @param number the block number, or -1 when the folder could not be loaded
 * @param validation null when the block did not run
 * @param problems why the block failed besides header mismatches (load error, invalid block,
 *     sender or hash check); empty when none
 * @param sequentialNanos the sequential execution time, or -1 when it did not run
 * @param parallelNanos the parallel execution time, or -1 when no parallel engine ran
 */
public record ReplayResult(Path dir, long number, int txCount, long gasUsed, BlockValidation validation,
        List<String> problems, long sequentialNanos, long parallelNanos) {

    public ReplayResult {
        problems = List.copyOf(problems);
    }

    static ReplayResult failed(Path dir, long number, int txCount, List<String> problems) {
        return new ReplayResult(dir, number, txCount, 0, null, problems, -1, -1);
    }

    public boolean passed() {
        return problems.isEmpty() && validation != null && validation.passed();
    }

    /**
     * "block N txs=T gas=G gasUsed=ok receiptsRoot=ok logsBloom=ok sequential=1.234ms
     * parallel=n/a", or "block N FAILED: reason" when the block did not run.
     */
    public String line(String parallelLabel) {
        return line(parallelLabel, "");
    }

    /**
     * {@link #line(String)} with {@code engineStats} (" key=value..." or empty) inserted after the
     * parallel time: after every existing field, and before the free-text "FAILED: ..." that ends
     * a failed block's line.
     */
    public String line(String parallelLabel, String engineStats) {
        String name = number >= 0 ? "block " + number : dir.toString();
        if (validation == null) {
            return name + " FAILED: " + String.join("; ", problems);
        }
        String parallel = parallelNanos >= 0 ? millis(parallelNanos) : parallelLabel;
        return name + " txs=" + txCount + " gas=" + gasUsed + " " + validation.summary() + " sequential="
                + millis(sequentialNanos) + " parallel=" + parallel + engineStats
                + (problems.isEmpty() ? "" : " FAILED: " + String.join("; ", problems));
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3fms", nanos / 1e6);
    }
}
