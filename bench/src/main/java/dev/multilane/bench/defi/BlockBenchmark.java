package dev.multilane.bench.defi;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.BlockResult;
import dev.multilane.chain.block.InMemoryWorldStateAdapter;
import dev.multilane.chain.parallel.ParallelBlockExecutor;
import dev.multilane.exec.ExecutionStats;
import dev.multilane.primitives.Hash;
import dev.multilane.state.InMemoryWorldState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Times sequential and Block-STM execution of one {@link BenchBlock}, and checks that they agree.
 *
 * <p>Each run processes the block on a fresh copy of the pre-state. Warm-up runs come first (the
 * JIT compiles the interpreter and the engine); then the measured runs alternate sequential and
 * parallel, so that drift in the machine's speed (other processes, thermal limits) falls on both
 * alike. Copying the state, the garbage collection asked for before each run and the checks after
 * it are outside the timer.
 *
 * <p>Every run, warm-up or measured, is compared with the first sequential run: its state root,
 * receipts root, gas used and each receipt's encoding. Differences are collected in the result,
 * never thrown, so the caller decides how loudly to fail.
 */
public final class BlockBenchmark {
    /** What the timer covers, for headers and help texts. */
    public static final String TIMER_SCOPE = "BlockProcessor.process: execution and receipts, state in memory,"
            + " senders known (no signature recovery), no state root; as in the Block-STM paper and pevm";

    /** Told before each run; {@code done} of {@code total} runs are finished. */
    public interface Progress {
        void update(int done, int total, String next);

        Progress NONE = (done, total, next) -> {};
    }

    /**
     * @param threads Block-STM worker threads
     * @param runs measured runs of each executor; the reported time is their median
     * @param warmups unmeasured runs of each executor before the measured ones
     */
    public record Settings(int threads, int runs, int warmups) {
        public Settings {
            if (threads < 1 || runs < 1 || warmups < 0) {
                throw new IllegalArgumentException("threads and runs must be at least 1, warm-ups at least 0");
            }
        }
    }

    private BlockBenchmark() {}

    public static BenchmarkResult run(BenchBlock bench, Settings settings, Progress progress) {
        try (ParallelBlockExecutor engine = new ParallelBlockExecutor(BenchChain.CHAIN_ID, settings.threads())) {
            return run(bench, settings, progress, BlockProcessor.sequential(BenchChain.CONFIG, false),
                    new BlockProcessor(BenchChain.CONFIG, engine, false), engine);
        }
    }

    /**
     * The measurement with the processors given: {@code parallel} is timed against {@code
     * sequential}; {@code engine}, when not null, is the executor inside {@code parallel}, whose
     * statistics are reported.
     */
    static BenchmarkResult run(BenchBlock bench, Settings settings, Progress progress, BlockProcessor sequential,
            BlockProcessor parallel, ParallelBlockExecutor engine) {
        int total = 2 * (settings.warmups() + settings.runs());
        int done = 0;
        Mismatches mismatches = new Mismatches();
        List<Long> sequentialNanos = new ArrayList<>();
        List<Long> parallelNanos = new ArrayList<>();
        Run reference = null;
        Run lastParallel = null;
        ExecutionStats lastStats = null;
        String fallbackReason = null;
        long reExecutions = 0;
        for (int round = 0; round < settings.warmups() + settings.runs(); round++) {
            boolean measured = round >= settings.warmups();
            String label = measured ? "run " + (round - settings.warmups() + 1) + "/" + settings.runs()
                    : "warm-up " + (round + 1) + "/" + settings.warmups();

            progress.update(done++, total, "sequential " + label);
            Run s = time(bench, sequential);
            if (reference == null) {
                reference = s;
            }
            compare(reference, s, "sequential " + label, mismatches);

            progress.update(done++, total, "parallel " + label);
            Run p = time(bench, parallel);
            compare(reference, p, "parallel " + label, mismatches);
            lastParallel = p;
            lastStats = engine == null ? null : engine.lastStats();
            fallbackReason = engine != null && engine.lastFallbackReason() != null ? engine.lastFallbackReason()
                    : lastStats != null && lastStats.fallback() != null ? lastStats.fallback().toString()
                    : lastStats != null && lastStats.sequentialTxs() > 0
                            ? "dependency chain: the last " + lastStats.sequentialTxs()
                                    + " transactions ran sequentially after the validated prefix"
                            : null;
            if (measured) {
                sequentialNanos.add(s.nanos);
                parallelNanos.add(p.nanos);
                reExecutions += lastStats == null ? 0 : lastStats.reExecutions();
            }
        }
        progress.update(done, total, "done");
        double reExecutionsPerTx = (double) reExecutions / settings.runs() / Math.max(1, bench.size());
        return new BenchmarkResult(bench.workload(), bench.params(), settings.threads(), bench.size(),
                reference.result == null ? 0 : reference.result.gasUsed(), sequentialNanos, parallelNanos,
                reExecutionsPerTx, lastStats == null ? "none" : lastStats.mode().name(), fallbackReason,
                unexpectedFailures(bench, reference), reference.stateRoot, lastParallel.stateRoot,
                reference.result == null ? null : reference.result.receiptsRoot(), mismatches.stateRootsEqual,
                mismatches.receiptsEqual, mismatches.found);
    }

    /** One timed processing: its result (null when the block was invalid), state root and time. */
    private record Run(BlockResult result, String invalid, Hash stateRoot, long nanos) {}

    private static Run time(BenchBlock bench, BlockProcessor processor) {
        InMemoryWorldState state = bench.preState().copy();
        InMemoryWorldStateAdapter world = new InMemoryWorldStateAdapter(state);
        System.gc(); // so that collecting the last run's garbage does not land in this one's timer
        long start = System.nanoTime();
        BlockOutcome outcome = processor.process(bench.block(), world, null, bench.senders());
        long nanos = System.nanoTime() - start;
        return switch (outcome) {
            case BlockOutcome.Processed p -> new Run(p.result(), null, state.stateRoot(), nanos);
            case BlockOutcome.Invalid i -> new Run(null, i.error().toString(), state.stateRoot(), nanos);
        };
    }

    /** What the runs disagreed on. */
    private static final class Mismatches {
        boolean stateRootsEqual = true;
        boolean receiptsEqual = true;
        final List<String> found = new ArrayList<>();

        void stateRoot(String what) {
            stateRootsEqual = false;
            found.add(what);
        }

        void receipts(String what) {
            receiptsEqual = false;
            found.add(what);
        }
    }

    private static void compare(Run reference, Run run, String label, Mismatches mismatches) {
        if (!run.stateRoot.equals(reference.stateRoot)) {
            mismatches.stateRoot(label + ": state root " + run.stateRoot + " != sequential " + reference.stateRoot);
        }
        if (run.invalid != null || reference.invalid != null) {
            mismatches.receipts(label + ": block invalid: " + (run.invalid != null ? run.invalid : reference.invalid));
            return;
        }
        if (!run.result.receiptsRoot().equals(reference.result.receiptsRoot())) {
            mismatches.receipts(label + ": receipts root " + run.result.receiptsRoot() + " != sequential "
                    + reference.result.receiptsRoot());
        }
        if (run.result.gasUsed() != reference.result.gasUsed()) {
            mismatches.receipts(label + ": gas used " + run.result.gasUsed() + " != sequential "
                    + reference.result.gasUsed());
        }
        List<Receipt> a = reference.result.receipts();
        List<Receipt> b = run.result.receipts();
        if (a.size() != b.size()) {
            mismatches.receipts(label + ": " + b.size() + " receipts, sequential has " + a.size());
        }
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            if (!Arrays.equals(a.get(i).encode(), b.get(i).encode())) {
                mismatches.receipts(label + ": receipt " + i + " differs (success " + b.get(i).success()
                        + ", sequential " + a.get(i).success() + ")");
                break; // the first differing receipt says enough; later ones differ through cumulative gas
            }
        }
    }

    private static int unexpectedFailures(BenchBlock bench, Run reference) {
        if (reference.result == null) {
            return bench.size();
        }
        int wrong = 0;
        List<Receipt> receipts = reference.result.receipts();
        for (int i = 0; i < receipts.size(); i++) {
            if (receipts.get(i).success() == bench.expectedFailures().contains(i)) {
                wrong++;
            }
        }
        return wrong;
    }
}
