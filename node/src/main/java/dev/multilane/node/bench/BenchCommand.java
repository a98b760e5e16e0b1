package dev.multilane.node.bench;

import dev.multilane.bench.defi.BenchBlock;
import dev.multilane.bench.defi.BenchmarkResult;
import dev.multilane.bench.defi.BlockBenchmark;
import dev.multilane.bench.defi.BlockWorkload;
import dev.multilane.bench.defi.PartitionCeiling;
import dev.multilane.bench.defi.WorkloadParams;
import dev.multilane.node.Command;
import dev.multilane.node.Main;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./multilane bench --workload NAME ...}: builds a workload's pre-state by executing its
 * setup through the EVM, then times sequential and Block-STM execution of the same generated block
 * and checks that they agree. Exit 0 when every run agreed, 1 on any disagreement (or a
 * transaction failing that the workload meant to succeed), 2 on a bad command line.
 */
public final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String arguments() {
        return "--workload NAME [--txs N] [--threads N] [--accounts N] [--pools N] [--hot-ratio X] [--runs N]"
                + " [--json FILE] [--chart FILE.png] [--sweep] [--ceiling]";
    }

    @Override
    public String summary() {
        return "time sequential vs parallel (Block-STM) execution of a generated DeFi block and check they agree";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            err.println("multilane bench: " + e.getMessage());
            err.println("usage: multilane bench " + arguments() + "   (--help for more)");
            return Main.USAGE_ERROR;
        }
        if (options == null) {
            help(out);
            return 0;
        }
        BenchReport.header(out, options);
        try {
            return options.sweep() ? sweep(options, out, err) : single(options, out, err);
        } catch (IOException e) {
            err.println("multilane bench: cannot write output: " + e.getMessage());
            return 1;
        } catch (IllegalStateException e) {
            err.println("multilane bench: " + e.getMessage());
            return 1;
        }
    }

    private static int single(BenchOptions o, PrintStream out, PrintStream err) throws IOException {
        BenchBlock block = build(o.workload(), o.params(), err);
        BenchmarkResult r = BlockBenchmark.run(block, settings(o, o.threads()), new ProgressBar(err, ""));
        BenchReport.table(out, r);
        if (o.ceiling()) {
            err.println("ceiling: the block split by sender, one sequential share per thread...");
            BenchReport.ceiling(out, block.size(), PartitionCeiling.run(block, o.threads(), o.runs(), o.warmups()));
        }
        if (o.json() != null) {
            BenchReport.write(o.json(), BenchReport.json(r, o));
        }
        return check(r, err) ? 0 : 1;
    }

    private static int sweep(BenchOptions o, PrintStream out, PrintStream err) throws IOException {
        List<Map<String, Object>> points = new ArrayList<>();
        List<ThroughputChart.Series> series = new ArrayList<>();
        boolean allAgree = true;
        BenchReport.sweepHeader(out, o.sweepAxis());
        for (double value : o.sweepValues()) {
            BenchBlock block = build(o.workload(), o.at(value), err);
            List<Double> parallel = new ArrayList<>();
            double sequential = 0;
            for (int threads : o.sweepThreads()) {
                String prefix = BenchReport.axisValue(o.sweepAxis(), value) + " x " + threads + "t ";
                BenchmarkResult r = BlockBenchmark.run(block, settings(o, threads), new ProgressBar(err, prefix));
                BenchReport.sweepRow(out, o.sweepAxis(), value, r);
                points.add(BenchReport.json(r, o));
                parallel.add(r.parallelTps());
                sequential += r.sequentialTps() / o.sweepThreads().size();
                allAgree &= check(r, err);
            }
            series.add(new ThroughputChart.Series(o.sweepAxis() + " " + BenchReport.axisValue(o.sweepAxis(), value),
                    o.sweepThreads(), parallel, sequential));
        }
        if (o.chart() != null) {
            WorkloadParams p = o.params();
            String fixed = o.sweepAxis().equals(BenchOptions.ACCOUNTS)
                    ? String.format(Locale.ROOT, "hot ratio %.2f", p.hotRatio())
                    : String.format(Locale.ROOT, "%,d accounts", p.accounts());
            String title = String.format(Locale.ROOT, "%s: %,d txs, %s, pools %d", o.workload().label(), p.txs(),
                    fixed, p.pools());
            ThroughputChart.write(o.chart(), title, "timer: " + BlockBenchmark.TIMER_SCOPE, series);
            err.println("chart written to " + o.chart());
        }
        if (o.json() != null) {
            BenchReport.write(o.json(), BenchReport.sweepJson(o, points));
        }
        return allAgree ? 0 : 1;
    }

    private static BenchBlock build(BlockWorkload workload, WorkloadParams p, PrintStream err) {
        err.print(String.format(Locale.ROOT, "building %s pre-state and block (%,d accounts, pools %,d, %,d txs)...",
                workload.label(), p.accounts(), p.pools(), p.txs()));
        err.flush();
        long start = System.nanoTime();
        BenchBlock block = workload.build(p);
        err.println(String.format(Locale.ROOT, " %,d setup transactions in %.1f s", block.setupTransactions(),
                (System.nanoTime() - start) / 1e9));
        return block;
    }

    private static BlockBenchmark.Settings settings(BenchOptions o, int threads) {
        return new BlockBenchmark.Settings(threads, o.runs(), o.warmups());
    }

    /** Loud on stderr when the runs disagreed or the block did not do what it should; true when all is well. */
    private static boolean check(BenchmarkResult r, PrintStream err) {
        boolean ok = true;
        if (!r.agrees()) {
            err.println("MISMATCH: " + r.workload() + " at " + r.threads() + " threads: parallel execution does not"
                    + " reproduce sequential execution");
            r.mismatches().forEach(m -> err.println("  " + m));
            ok = false;
        }
        if (r.unexpectedFailures() > 0) {
            err.println("FAILED TRANSACTIONS: " + r.unexpectedFailures() + " transactions of " + r.workload()
                    + " did not end as the workload intends; the numbers measure a broken block");
            ok = false;
        }
        return ok;
    }

    private void help(PrintStream out) {
        out.println("usage: multilane bench " + arguments());
        out.println();
        out.println("Builds a workload's pre-state by executing real contracts' deployment and setup transactions");
        out.println("(OpenZeppelin ERC-20, WETH9, Uniswap v2 factory, pairs and Router02 from npm; our Compound-style");
        out.println("lending and StakingRewards-style staking contracts), generates a block of EIP-1559 transactions,");
        out.println("then times sequential and parallel (Block-STM) execution of that block, each run on a fresh copy");
        out.println("of the pre-state, and checks that both give the same state root and receipts.");
        out.println();
        out.println("Timer scope: " + BlockBenchmark.TIMER_SCOPE + ".");
        out.println("Warm-up runs come first; the measured runs alternate sequential and parallel; the median is");
        out.println("shown.");
        out.println();
        out.println("workloads:");
        for (BlockWorkload w : BlockWorkload.values()) {
            out.println(String.format(Locale.ROOT, "  %-9s %s", w.label(), w.description()));
        }
        out.println();
        out.println("  --workload NAME      one of the above (required)");
        out.println("  --txs N              transactions in the block (default 10000)");
        out.println("  --threads N          Block-STM worker threads (default: cores, "
                + Runtime.getRuntime().availableProcessors() + ")");
        out.println("  --accounts N         user accounts; fewer means more transactions per sender (default 1000)");
        out.println("  --pools N            pools, markets or tokens to spread over (default per workload)");
        out.println("  --hot-ratio X        share of transactions sent to one hot account/token/pool, 0..1");
        out.println("                       (default 0)");
        out.println("  --seed N             seed of every random choice (default 1)");
        out.println("  --runs N             measured runs of each executor (default 5)");
        out.println("  --warmup N           warm-up runs of each executor before measuring (default 2)");
        out.println("  --json FILE          write the results as JSON");
        out.println("  --sweep              run every thread count x contention level instead of one point");
        out.println("  --sweep-axis A       contention axis: accounts (default) or hot-ratio");
        out.println("  --sweep-values LIST  axis values, comma separated (default accounts 2,10,100,1000,100000;");
        out.println("                       hot-ratio 0,0.1,0.3,0.6,0.9)");
        out.println("  --sweep-threads LIST thread counts (default 1, 2, 4, ... up to --threads)");
        out.println("  --chart FILE.png     with --sweep: draw throughput against threads, one line per level");
        out.println("  --ceiling            also time the block split by sender into one share per thread, each share");
        out.println("                       run sequentially on its own state copy, all at once: the speedup no");
        out.println("                       executor can beat on this machine (not a valid block; nothing checked)");
        out.println();
        out.println("A progress bar goes to stderr; results to stdout. Exit 0 when sequential and parallel agreed in");
        out.println("every run, 1 on any mismatch or unintended transaction failure, 2 on a bad command line.");
    }
}
