package dev.multilane.node.statetest;

import dev.multilane.evm.Fork;
import dev.multilane.evm.Log;
import dev.multilane.evm.TxResult;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import dev.multilane.state.InMemoryWorldState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs ethereum/tests GeneralStateTests: for every test, every fork we support that the test has
 * vectors for, and every vector, it executes the selected transaction on the test's pre-state and
 * checks the outcome against the filler's: valid or invalid as expected, then the post-state root
 * and the logs hash.
 *
 * <p>Each vector is isolated: it runs on its own copy of the pre-state, and anything it throws is
 * recorded as that vector's failure, so one broken case never stops a run.
 *
 * <p>Threading: files are independent, so each runs whole on a pool thread; the caller then takes
 * the files' results in path order (waiting on each file's future in turn), so the output is the
 * same from run to run whatever the scheduling.
 */
public final class StateTestRunner {
    /**
     * Nested EVM calls may recurse on the Java stack up to the 1,024-frame call depth limit; the
     * default thread stack is too small for that, so pool threads get a generous one.
     */
    private static final long THREAD_STACK_BYTES = 32L << 20;

    private final TransactionExecutor executor;
    private final List<Fork> forks;
    private final int threads;

    /**
     * @param onlyFork run only this fork's vectors, or null for every fork Multilane supports
     * @param threads files run in parallel on this many threads
     */
    public StateTestRunner(TransactionExecutor executor, Fork onlyFork, int threads) {
        this.executor = executor;
        this.forks = onlyFork == null ? List.of(Fork.values()) : List.of(onlyFork);
        this.threads = Math.max(1, threads);
    }

    /** A runner over Multilane's EVM, every supported fork, one thread per core. */
    public static StateTestRunner withEvm() {
        return new StateTestRunner(TransactionExecutor.evm(), null, Runtime.getRuntime().availableProcessors());
    }

    public StateTestReport run(List<Path> roots) throws IOException, InterruptedException {
        return run(roots, r -> {});
    }

    /**
     * Runs every {@code .json} file under each root (a folder, walked recursively, or a single
     * file), handing each vector's result to {@code listener} in deterministic order as it
     * becomes available.
     *
     * @throws NoSuchFileException when a root does not exist
     */
    public StateTestReport run(List<Path> roots, Consumer<VectorResult> listener)
            throws IOException, InterruptedException {
        List<Source> sources = sources(roots);
        Map<Fork, ForkTally> tallies = new EnumMap<>(Fork.class);
        List<VectorResult> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, sources.size() * forks.size())), threadFactory());
        try {
            // One unit of work per (file, fork): a file's forks can then run on different cores,
            // which matters for the few files whose vectors take minutes each (stTimeConsuming).
            // A file is parsed once per fork; parsing is a small share of the time.
            List<Future<List<VectorResult>>> pending = new ArrayList<>();
            List<Source> pendingSources = new ArrayList<>();
            for (Source s : sources) {
                for (int f = 0; f < forks.size(); f++) {
                    List<Fork> unit = List.of(forks.get(f));
                    boolean reportUnreadable = f == 0;
                    pending.add(pool.submit(() -> runFile(s.path(), s.display(), unit, reportUnreadable)));
                    pendingSources.add(s);
                }
            }
            for (int i = 0; i < pending.size(); i++) {
                for (VectorResult r : resultsOf(pending.get(i), pendingSources.get(i))) {
                    if (r.id().fork() != null) {
                        tallies.merge(r.id().fork(), new ForkTally(r.passed() ? 1 : 0, r.passed() ? 0 : 1), ForkTally::plus);
                    }
                    if (!r.passed()) {
                        failures.add(r);
                    }
                    listener.accept(r);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return new StateTestReport(tallies, failures);
    }

    /** Every vector of one file, in file order; a file that cannot be read is one failure. */
    public List<VectorResult> runFile(Path file, String display) {
        return runFile(file, display, forks, true);
    }

    private List<VectorResult> runFile(Path file, String display, List<Fork> forks, boolean reportUnreadable) {
        List<StateTest> tests;
        try {
            tests = StateTestParser.parse(file);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            return reportUnreadable
                    ? List.of(new VectorResult(VectorId.ofFile(display), "cannot read: " + describe(e)))
                    : List.of();
        }
        List<VectorResult> out = new ArrayList<>();
        for (StateTest test : tests) {
            runTest(display, test, forks, out);
        }
        return out;
    }

    private void runTest(String display, StateTest test, List<Fork> forks, List<VectorResult> out) {
        InMemoryWorldState pre = null;
        String preFailure = null;
        for (Fork fork : forks) {
            for (PostVector v : test.vectors(fork)) {
                if (pre == null && preFailure == null) {
                    try {
                        pre = preState(test);
                    } catch (Throwable e) {
                        rethrowIfFatal(e);
                        preFailure = "exception: building pre-state: " + describe(e);
                    }
                }
                PostVector.Indexes i = v.indexes();
                VectorId id = new VectorId(display, test.name(), fork, i.data(), i.gas(), i.value());
                out.add(new VectorResult(id, pre == null ? preFailure : runVectorGuarded(test, fork, v, pre)));
            }
        }
    }

    private String runVectorGuarded(StateTest test, Fork fork, PostVector v, InMemoryWorldState pre) {
        try {
            return runVector(test, fork, v, pre);
        } catch (Throwable e) {
            rethrowIfFatal(e);
            return "exception: " + describe(e);
        }
    }

    /** The reason the vector fails, or null when it passes. */
    private String runVector(StateTest test, Fork fork, PostVector v, InMemoryWorldState pre) {
        InMemoryWorldState state = pre.copy();
        List<Log> logs = List.of();
        String invalid = null;
        switch (test.transaction().build(v.indexes())) {
            case VectorTx.Unencodable u -> invalid = "unencodable: " + u.reason();
            case VectorTx.Built b -> {
                switch (executor.execute(fork, test.env().toBlockEnv(fork), b.tx(), state)) {
                    case TxResult.Invalid r -> invalid = r.reason() + (r.detail() == null || r.detail().isEmpty() ? "" : " " + r.detail());
                    case TxResult.Executed r -> {
                        state.apply(r.changes());
                        logs = r.logs();
                    }
                }
            }
        }
        if (v.expectException() != null && invalid == null) {
            return "expected exception " + v.expectException() + " but executed";
        }
        if (v.expectException() == null && invalid != null) {
            return "unexpected invalid: " + invalid;
        }
        Hash root = state.stateRoot();
        if (!root.equals(v.hash())) {
            return "state root " + root + " != expected " + v.hash();
        }
        Hash logsHash = logsHash(logs);
        if (!logsHash.equals(v.logs())) {
            return "logs hash " + logsHash + " != expected " + v.logs();
        }
        return null;
    }

    static InMemoryWorldState preState(StateTest test) {
        InMemoryWorldState state = new InMemoryWorldState();
        test.pre().forEach((address, a) -> state.putAccount(address, a.nonce(), a.balance(), a.code(), a.storage()));
        return state;
    }

    /** keccak256(rlp([log...])): what the fixtures' {@code logs} field holds. */
    static Hash logsHash(List<Log> logs) {
        byte[][] items = new byte[logs.size()][];
        for (int i = 0; i < items.length; i++) {
            items[i] = logs.get(i).rlp();
        }
        return Keccak.of(Rlp.encodeList(items));
    }

    private static List<VectorResult> resultsOf(Future<List<VectorResult>> f, Source s) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            // runFile records failures itself; this is only an Error it chose not to swallow.
            return List.of(new VectorResult(VectorId.ofFile(s.display()), "exception: " + describe(e.getCause())));
        }
    }

    private static List<Source> sources(List<Path> roots) throws IOException {
        List<Source> out = new ArrayList<>();
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                            .sorted()
                            .forEach(p -> out.add(new Source(p, root.relativize(p).toString())));
                }
            } else if (Files.isRegularFile(root)) {
                out.add(new Source(root, root.toString()));
            } else {
                throw new NoSuchFileException(root.toString());
            }
        }
        return out;
    }

    /** Out of memory and the like leave the JVM unfit to continue; a stack overflow does not. */
    private static void rethrowIfFatal(Throwable e) {
        if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
            throw (VirtualMachineError) e;
        }
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            sb.append(": ").append(e.getMessage());
        }
        // Multilane's own frames (the innermost three) say more than a JDK bounds check inside them.
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : e.getStackTrace()) {
            if (frame.getClassName().startsWith("dev.multilane.") && frames.size() < 3) {
                frames.add(frame.toString());
            }
        }
        if (frames.isEmpty() && e.getStackTrace().length > 0) {
            frames.add(e.getStackTrace()[0].toString());
        }
        if (!frames.isEmpty()) {
            sb.append(" at ").append(String.join(" < ", frames));
        }
        return sb.toString();
    }

    private static ThreadFactory threadFactory() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(null, r, "statetest-" + n.incrementAndGet(), THREAD_STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
    }

    private record Source(Path path, String display) {}
}
