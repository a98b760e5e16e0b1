package dev.multilane.node.replay;

import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.block.MainnetBlockFixture;
import dev.multilane.node.Command;
import dev.multilane.node.Main;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.parallel.ParallelBlockExecutor;
import dev.multilane.exec.ExecutionStats;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./multilane replay [--threads N] [--sequential] PATH...}: replays mainnet fixture blocks
 * (folders with block.json, pre_state.json and maybe block_hashes.json) and checks each against its
 * header. One line per block on stdout, then "N passed, M failed". Exit 0 when every block passed,
 * 1 when any failed, 2 on a bad command line.
 */
public final class ReplayCommand implements Command {

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String arguments() {
        return "[--threads N] [--sequential] PATH...";
    }

    @Override
    public String summary() {
        return "replay mainnet block folders and check gasUsed, receiptsRoot and logsBloom against the header";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        int threads = Runtime.getRuntime().availableProcessors();
        boolean sequentialOnly = false;
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--help", "-h" -> {
                    help(out);
                    return 0;
                }
                case "--sequential" -> sequentialOnly = true;
                case "--threads" -> {
                    if (i + 1 >= args.size()) {
                        return usage(err, "--threads needs a number");
                    }
                    String n = args.get(++i);
                    try {
                        threads = Integer.parseInt(n);
                    } catch (NumberFormatException e) {
                        threads = 0;
                    }
                    if (threads < 1) {
                        return usage(err, "--threads must be a positive number, not '" + n + "'");
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        return usage(err, "unknown option " + a);
                    }
                    paths.add(Path.of(a));
                }
            }
        }
        if (paths.isEmpty()) {
            return usage(err, "no block folders given");
        }
        List<Path> blocks = new ArrayList<>();
        for (Path p : paths) {
            List<Path> found;
            try {
                found = blockFolders(p);
            } catch (IOException e) {
                return usage(err, "cannot read " + p + ": " + e.getMessage());
            }
            if (found.isEmpty()) {
                return usage(err, p + " is neither a block folder (with " + MainnetBlockFixture.BLOCK_FILE
                        + ") nor a folder of block folders");
            }
            blocks.addAll(found);
        }

        ParallelBlockExecutor parallel = sequentialOnly
                ? null
                : new ParallelBlockExecutor(ChainConfig.MAINNET.chainId(), threads);
        BlockReplayer replayer = new BlockReplayer(ChainConfig.MAINNET,
                parallel == null ? null : new BlockProcessor(ChainConfig.MAINNET, parallel, false));
        String parallelLabel = "off";
        int passed = 0;
        int failed = 0;
        try (parallel) {
            for (Path dir : blocks) {
                ReplayResult r = replayer.replay(dir);
                out.println(r.line(parallelLabel, r.parallelNanos() >= 0 ? engineStats(parallel) : ""));
                out.flush();
                if (r.passed()) {
                    passed++;
                } else {
                    failed++;
                    if (r.validation() != null) {
                        r.validation().mismatches().forEach(m -> err.println("  " + dir.getFileName() + ": " + m));
                    }
                }
            }
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /**
     * The Block-STM counters of the block the parallel executor just ran, for the end of its line:
     * " executions=E reexecutions=R validations=V aborts=A waits=W mode=M", where M is PARALLEL,
     * SEQUENTIAL_SMALL_BLOCK, or PARALLEL_FELL_BACK:reason, the reason being the engine's {@code
     * BlockStmError} kind or the adapter's own reason with spaces as underscores (one token).
     */
    static String engineStats(ParallelBlockExecutor parallel) {
        ExecutionStats s = parallel.lastStats();
        if (s == null) {
            return "";
        }
        String fallback = parallel.lastFallbackReason();
        String mode = fallback != null ? "PARALLEL_FELL_BACK:" + fallback.strip().replaceAll("\\s+", "_")
                : s.mode() == ExecutionStats.Mode.PARALLEL_FELL_BACK ? "PARALLEL_FELL_BACK:" + s.fallback().kind()
                : s.mode().name();
        return " executions=" + s.executions() + " reexecutions=" + s.reExecutions() + " validations="
                + s.validations() + " aborts=" + s.validationAborts() + " waits=" + s.dependencyWaits()
                + " mode=" + mode;
    }

    /** {@code path} itself when it is a block folder, else the block folders directly inside it. */
    static List<Path> blockFolders(Path path) throws IOException {
        if (!Files.isDirectory(path)) {
            return List.of();
        }
        if (MainnetBlockFixture.isFixture(path)) {
            return List.of(path);
        }
        try (Stream<Path> children = Files.list(path)) {
            return children.filter(MainnetBlockFixture::isFixture).sorted(BY_BLOCK_NUMBER).toList();
        }
    }

    /** Folders named by block number sort numerically; any others after them, by name. */
    private static final Comparator<Path> BY_BLOCK_NUMBER = Comparator
            .comparing((Path p) -> numberOrNull(p), Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(p -> p.getFileName().toString());

    private static Long numberOrNull(Path p) {
        try {
            return Long.parseLong(p.getFileName().toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void help(PrintStream out) {
        out.println("usage: multilane replay " + arguments());
        out.println();
        out.println("Replays Ethereum mainnet blocks on their recorded pre-state and checks gasUsed, receiptsRoot,");
        out.println("logsBloom (and blobGasUsed) against the block header. PATH is a block folder (block.json,");
        out.println("pre_state.json, optional block_hashes.json) or a folder of such folders.");
        out.println();
        out.println("  --sequential   run the sequential executor only");
        out.println("  --threads N    worker threads for the parallel (Block-STM) executor (default: cores)");
        out.println();
        out.println("Times cover block execution only: JSON parsing, copying the pre-state, and the header-hash and");
        out.println("sender checks are not timed. Each block runs once, so early blocks include JIT warm-up.");
        out.println("Prints one line per block, then 'N passed, M failed'; exits 0 when all passed, 1 otherwise.");
        out.println("With the parallel executor a line also gives the block's Block-STM counters and how it ran:");
        out.println("executions= reexecutions= validations= aborts= waits= mode=PARALLEL|SEQUENTIAL_SMALL_BLOCK|");
        out.println("PARALLEL_FELL_BACK:reason.");
    }

    private int usage(PrintStream err, String problem) {
        err.println("multilane replay: " + problem);
        err.println("usage: multilane replay " + arguments());
        return Main.USAGE_ERROR;
    }
}
