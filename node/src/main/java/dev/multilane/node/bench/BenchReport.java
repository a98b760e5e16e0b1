package dev.multilane.node.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.multilane.bench.defi.BenchmarkResult;
import dev.multilane.bench.defi.BlockBenchmark;
import dev.multilane.bench.defi.PartitionCeiling;
import dev.multilane.bench.defi.WorkloadParams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** How {@code ./multilane bench} shows its results: a table on stdout, and JSON on request. */
final class BenchReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BenchReport() {}

    static void header(PrintStream out, BenchOptions o) {
        WorkloadParams p = o.params();
        out.println("workload " + o.workload().label() + ": " + o.workload().description());
        out.println("  " + String.format(Locale.ROOT, "%,d txs, %,d accounts, pools %,d, hot ratio %.2f, seed %d",
                p.txs(), p.accounts(), p.pools(), p.hotRatio(), p.seed())
                + (o.sweep() ? "; sweeping " + o.sweepAxis() + " " + o.sweepValues() + " x threads " + o.sweepThreads()
                        : "; " + o.threads() + " threads")
                + "; median of " + o.runs() + " runs after " + o.warmups() + " warm-ups");
        out.println("  timer: " + BlockBenchmark.TIMER_SCOPE);
        out.flush();
    }

    static void table(PrintStream out, BenchmarkResult r) {
        out.println(String.format(Locale.ROOT, "%-11s %7s %11s %12s %10s %8s %11s", "executor", "threads",
                "median ms", "tx/s", "Mgas/s", "speedup", "re-exec/tx"));
        out.println(String.format(Locale.ROOT, "%-11s %7d %11.3f %,12.0f %,10.1f %7.2fx %11s", "sequential", 1,
                r.sequentialMedianNanos() / 1e6, r.sequentialTps(), r.sequentialGasPerSecond() / 1e6, 1.0, "-"));
        out.println(String.format(Locale.ROOT, "%-11s %7d %11.3f %,12.0f %,10.1f %7.2fx %11.3f", "parallel",
                r.threads(), r.parallelMedianNanos() / 1e6, r.parallelTps(), r.parallelGasPerSecond() / 1e6,
                r.speedup(), r.reExecutionsPerTx()));
        out.println("block-stm: " + r.parallelMode()
                + (r.fallbackReason() == null ? "" : " (" + r.fallbackReason() + ")"));
        out.println(verdict(r));
        out.flush();
    }

    /**
     * The {@code --ceiling} line: the block split by sender into one share per thread, each run
     * sequentially on its own state copy, all at once; no executor can beat it on this machine.
     */
    static void ceiling(PrintStream out, int txs, PartitionCeiling.Result c) {
        out.println(String.format(Locale.ROOT, "%-11s %7d %11.3f %,12.0f %10s %7.2fx %11s", "ceiling", c.threads(),
                c.partitionedNanos() / 1e6, txs * 1e9 / c.partitionedNanos(), "-", c.speedup(), "-"));
        out.println(String.format(Locale.ROOT, "ceiling: shares %s by sender, each on its own state copy and thread;"
                + " speedup over a sequential run of the whole block (%.3f ms) timed alongside; the same shares one"
                + " after another on one thread: %.3f ms", c.shares(), c.sequentialNanos() / 1e6,
                c.oneAfterAnotherNanos() / 1e6));
        out.flush();
    }

    static void sweepHeader(PrintStream out, String axis) {
        out.println(String.format(Locale.ROOT, "%10s %7s %12s %12s %8s %11s  %s", axis, "threads", "seq tx/s",
                "par tx/s", "speedup", "re-exec/tx", "agree"));
    }

    static void sweepRow(PrintStream out, String axis, double value, BenchmarkResult r) {
        out.println(String.format(Locale.ROOT, "%10s %7d %,12.0f %,12.0f %7.2fx %11.3f  %s", axisValue(axis, value),
                r.threads(), r.sequentialTps(), r.parallelTps(), r.speedup(), r.reExecutionsPerTx(),
                r.agrees() ? "yes" : "NO"));
        out.flush();
    }

    static String axisValue(String axis, double value) {
        return axis.equals(BenchOptions.ACCOUNTS) ? String.format(Locale.ROOT, "%,d", (long) value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    static String verdict(BenchmarkResult r) {
        if (r.agrees()) {
            return "state root " + r.sequentialStateRoot() + ", receipts root " + r.receiptsRoot()
                    + ": sequential == parallel in every run";
        }
        return "MISMATCH: sequential and parallel execution disagree (state roots "
                + (r.stateRootsEqual() ? "equal" : "DIFFER") + ", receipts " + (r.receiptsEqual() ? "equal" : "DIFFER")
                + ")";
    }

    /** One result as a JSON object; the field names are the command's interface, tests pin them. */
    static Map<String, Object> json(BenchmarkResult r, BenchOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", r.workload());
        m.put("txs", r.txs());
        m.put("threads", r.threads());
        m.put("accounts", r.params().accounts());
        m.put("pools", r.params().pools());
        m.put("hotRatio", r.params().hotRatio());
        m.put("seed", r.params().seed());
        m.put("runs", r.sequentialNanos().size());
        m.put("warmups", o.warmups());
        m.put("gasUsed", r.gasUsed());
        m.put("sequentialMedianMs", r.sequentialMedianNanos() / 1e6);
        m.put("parallelMedianMs", r.parallelMedianNanos() / 1e6);
        m.put("sequentialTps", r.sequentialTps());
        m.put("parallelTps", r.parallelTps());
        m.put("speedup", r.speedup());
        m.put("gasPerSecond", r.parallelGasPerSecond());
        m.put("sequentialGasPerSecond", r.sequentialGasPerSecond());
        m.put("reExecutionsPerTx", r.reExecutionsPerTx());
        m.put("parallelMode", r.parallelMode());
        m.put("fallbackReason", r.fallbackReason());
        m.put("stateRootsEqual", r.stateRootsEqual());
        m.put("receiptsEqual", r.receiptsEqual());
        m.put("unexpectedFailures", r.unexpectedFailures());
        m.put("stateRoot", String.valueOf(r.sequentialStateRoot()));
        m.put("receiptsRoot", String.valueOf(r.receiptsRoot()));
        m.put("sequentialRunsMs", millis(r.sequentialNanos()));
        m.put("parallelRunsMs", millis(r.parallelNanos()));
        m.put("mismatches", r.mismatches());
        m.put("timerScope", BlockBenchmark.TIMER_SCOPE);
        return m;
    }

    /** A sweep: its axes, then one object per point as {@link #json(BenchmarkResult, BenchOptions)} gives. */
    static Map<String, Object> sweepJson(BenchOptions o, List<Map<String, Object>> points) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", o.workload().label());
        m.put("sweepAxis", o.sweepAxis());
        m.put("sweepValues", o.sweepValues());
        m.put("sweepThreads", o.sweepThreads());
        m.put("timerScope", BlockBenchmark.TIMER_SCOPE);
        m.put("points", points);
        return m;
    }

    static void write(Path file, Map<String, Object> json) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(file.toFile(), json);
    }

    private static List<Double> millis(List<Long> nanos) {
        List<Double> ms = new ArrayList<>(nanos.size());
        for (long n : nanos) {
            ms.add(n / 1e6);
        }
        return ms;
    }
}
