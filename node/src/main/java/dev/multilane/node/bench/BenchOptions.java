package dev.multilane.node.bench;

import dev.multilane.bench.defi.BlockWorkload;
import dev.multilane.bench.defi.WorkloadParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed command line of {@code ./multilane bench}.
 *
 * @param sweepAxis {@code accounts} or {@code hot-ratio}; null without {@code --sweep}
 * @param sweepValues the contention values the sweep visits on {@code sweepAxis}
 * @param sweepThreads the thread counts the sweep visits
 * @param ceiling also measure {@link dev.multilane.bench.defi.PartitionCeiling}: the block split by
 *     sender into independent shares, one sequential run per thread, as the bound on any speedup
 */
record BenchOptions(
        BlockWorkload workload,
        WorkloadParams params,
        int threads,
        int runs,
        int warmups,
        Path json,
        Path chart,
        String sweepAxis,
        List<Double> sweepValues,
        List<Integer> sweepThreads,
        boolean ceiling) {

    static final String ACCOUNTS = "accounts";
    static final String HOT_RATIO = "hot-ratio";
    static final List<Double> DEFAULT_ACCOUNTS = List.of(2.0, 10.0, 100.0, 1_000.0, 100_000.0);
    static final List<Double> DEFAULT_HOT_RATIOS = List.of(0.0, 0.1, 0.3, 0.6, 0.9);

    boolean sweep() {
        return sweepAxis != null;
    }

    /** The workload's parameters at one point of the sweep. */
    WorkloadParams at(double value) {
        return sweepAxis.equals(ACCOUNTS) ? params.withAccounts((int) value) : params.withHotRatio(value);
    }

    /** Thrown by {@link #parse} with a message for the user. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message, null, false, false);
        }
    }

    /** Null when the arguments ask for help. */
    static BenchOptions parse(List<String> args) throws UsageException {
        String workloadName = null;
        Integer txs = null;
        Integer accounts = null;
        Integer pools = null;
        Double hotRatio = null;
        long seed = 1;
        int threads = Runtime.getRuntime().availableProcessors();
        int runs = 5;
        int warmups = 2;
        Path json = null;
        Path chart = null;
        boolean sweep = false;
        boolean ceiling = false;
        String axis = ACCOUNTS;
        List<Double> values = null;
        List<Integer> sweepThreads = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (a.equals("--sweep")) {
                sweep = true;
                continue;
            }
            if (a.equals("--ceiling")) {
                ceiling = true;
                continue;
            }
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "'");
            }
            if (i + 1 >= args.size()) {
                throw new UsageException(a + " needs a value");
            }
            String v = args.get(++i);
            switch (a) {
                case "--workload" -> workloadName = v;
                case "--txs" -> txs = positive(a, v);
                case "--accounts" -> accounts = positive(a, v);
                case "--pools" -> pools = positive(a, v);
                case "--hot-ratio" -> hotRatio = ratio(a, v);
                case "--seed" -> seed = number(a, v);
                case "--threads" -> threads = positive(a, v);
                case "--runs" -> runs = positive(a, v);
                case "--warmup" -> warmups = (int) Math.min(Integer.MAX_VALUE, nonNegative(a, v));
                case "--json" -> json = Path.of(v);
                case "--chart" -> chart = Path.of(v);
                case "--sweep-axis" -> {
                    if (!v.equals(ACCOUNTS) && !v.equals(HOT_RATIO)) {
                        throw new UsageException("--sweep-axis is accounts or hot-ratio, not '" + v + "'");
                    }
                    axis = v;
                }
                case "--sweep-values" -> values = list(a, v);
                case "--sweep-threads" -> {
                    sweepThreads = new ArrayList<>();
                    for (double t : list(a, v)) {
                        if (t < 1 || t != Math.rint(t)) {
                            throw new UsageException("--sweep-threads takes positive whole numbers, not " + v);
                        }
                        sweepThreads.add((int) t);
                    }
                }
                default -> throw new UsageException("unknown option " + a);
            }
        }
        if (workloadName == null) {
            throw new UsageException("--workload is required");
        }
        BlockWorkload workload = BlockWorkload.byLabel(workloadName);
        if (workload == null) {
            throw new UsageException("unknown workload '" + workloadName + "'");
        }
        if (chart != null && !sweep) {
            throw new UsageException("--chart draws a sweep: add --sweep");
        }
        if (ceiling && sweep) {
            throw new UsageException("--ceiling measures one point: drop --sweep");
        }
        if (!sweep && (values != null || sweepThreads != null)) {
            throw new UsageException("--sweep-values and --sweep-threads need --sweep");
        }
        WorkloadParams defaults = WorkloadParams.defaults(workload);
        WorkloadParams params;
        try {
            params = new WorkloadParams(txs == null ? defaults.txs() : txs,
                    accounts == null ? defaults.accounts() : accounts, pools == null ? defaults.pools() : pools,
                    hotRatio == null ? defaults.hotRatio() : hotRatio, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (!sweep) {
            return new BenchOptions(workload, params, threads, runs, warmups, json, null, null, List.of(), List.of(), ceiling);
        }
        if (values == null) {
            values = axis.equals(ACCOUNTS) ? DEFAULT_ACCOUNTS : DEFAULT_HOT_RATIOS;
        }
        for (double value : values) {
            boolean ok = axis.equals(ACCOUNTS) ? value >= 2 && value == Math.rint(value) && value <= 10_000_000
                    : value >= 0 && value <= 1;
            if (!ok) {
                throw new UsageException("--sweep-values: " + value + " is not a valid " + axis + " value");
            }
        }
        if (sweepThreads == null) {
            sweepThreads = new ArrayList<>();
            for (int t = 1; t < threads; t *= 2) {
                sweepThreads.add(t);
            }
            sweepThreads.add(threads);
        }
        return new BenchOptions(workload, params, threads, runs, warmups, json, chart, axis, List.copyOf(values),
                List.copyOf(sweepThreads), false);
    }

    private static long number(String option, String v) throws UsageException {
        try {
            return Long.parseLong(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not '" + v + "'");
        }
    }

    private static long nonNegative(String option, String v) throws UsageException {
        long n = number(option, v);
        if (n < 0) {
            throw new UsageException(option + " must not be negative: " + v);
        }
        return n;
    }

    private static int positive(String option, String v) throws UsageException {
        long n = number(option, v);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new UsageException(option + " must be a positive number, not '" + v + "'");
        }
        return (int) n;
    }

    private static double ratio(String option, String v) throws UsageException {
        double r = decimal(option, v);
        if (!(r >= 0 && r <= 1)) {
            throw new UsageException(option + " must be between 0 and 1, not '" + v + "'");
        }
        return r;
    }

    private static double decimal(String option, String v) throws UsageException {
        try {
            return Double.parseDouble(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a number, not '" + v + "'");
        }
    }

    private static List<Double> list(String option, String v) throws UsageException {
        List<Double> out = new ArrayList<>();
        for (String part : v.split(",")) {
            out.add(decimal(option, part.strip()));
        }
        if (out.isEmpty()) {
            throw new UsageException(option + " needs at least one value");
        }
        return out;
    }
}
