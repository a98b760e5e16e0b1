package dev.multilane.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.parallel.ParallelBlockExecutor;
import dev.multilane.store.ChainImporter;
import dev.multilane.store.ChainStore;
import dev.multilane.store.Genesis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The ethereum/execution-apis conformance tests (the hive rpc-compat suite), run the way hive runs
 * them: import the directory's genesis.json and chain.rlp into a fresh data directory ({@code
 * geth import}), start a node on it ({@link Launcher}), then send every {@code <method>/<case>.io}
 * request ({@code >> } lines) to the node and compare each response with the recorded one ({@code
 * << } lines) semantically (see {@link JsonMatch}).
 */
public final class ConformanceSuite {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Block-STM workers for the import; the chain is small, two are plenty. */
    private static final int IMPORT_THREADS = 2;

    private ConformanceSuite() {}

    /** Starts a node on a data directory that holds the imported chain. */
    @FunctionalInterface
    public interface Launcher {
        Endpoint start(Path dataDir, Genesis genesis) throws IOException;
    }

    /** A running node's JSON-RPC: one request in, one response out (null for a notification). */
    public interface Endpoint extends AutoCloseable {
        String handle(String request) throws IOException;

        @Override
        void close();
    }

    /** One case: "method/case" and, when it failed, why (null when it passed). */
    public record CaseResult(String name, String failure) {}

    public record Report(int imported, String importProblem, List<CaseResult> cases) {
        public long passed() {
            return cases.stream().filter(c -> c.failure() == null).count();
        }

        public long failed() {
            return cases.size() - passed();
        }
    }

    /**
     * Imports into {@code dataDir} (which must be empty or absent), starts a node there with {@code
     * launcher} and replays every case under {@code dir}. No case runs when the import fails.
     */
    public static Report run(Path dir, Path dataDir, Launcher launcher) throws IOException {
        Genesis genesis = Genesis.read(dir.resolve("genesis.json"));
        byte[] rlp = Files.readAllBytes(dir.resolve("chain.rlp"));
        ChainImporter.Result imported;
        try (ChainStore store = ChainStore.open(dataDir);
                ParallelBlockExecutor executor = new ParallelBlockExecutor(genesis.config().chainId(),
                        IMPORT_THREADS)) {
            imported = ChainImporter.importChain(store, genesis, new BlockProcessor(genesis.config(), executor, true),
                    rlp, b -> {});
        }
        if (!imported.ok()) {
            return new Report(imported.imported(), imported.failure().toString(), List.of());
        }
        List<CaseResult> results = new ArrayList<>();
        try (Endpoint node = launcher.start(dataDir, genesis)) {
            for (Path io : cases(dir)) {
                String name = dir.relativize(io).toString().replace('\\', '/').replaceAll("\\.io$", "");
                results.add(new CaseResult(name, runCase(node, io)));
            }
        }
        return new Report(imported.imported(), null, results);
    }

    static List<Path> cases(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".io")).sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    /** Null when every exchange of the case matched, else the first mismatch. */
    static String runCase(Endpoint node, Path io) {
        List<String> lines;
        try {
            lines = Files.readAllLines(io);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String request = null;
        int exchanges = 0;
        for (String line : lines) {
            if (line.startsWith(">> ")) {
                request = line.substring(3);
            } else if (line.startsWith("<< ")) {
                if (request == null) {
                    return "a response line without a request";
                }
                exchanges++;
                try {
                    String got = node.handle(request);
                    JsonNode want = JSON.readTree(line.substring(3));
                    JsonNode actual = got == null ? null : JSON.readTree(got);
                    if (!JsonMatch.same(want, actual)) {
                        return "expected " + line.substring(3) + " got " + got;
                    }
                } catch (IOException e) {
                    return "no usable response: " + e.getMessage();
                }
                request = null;
            }
        }
        return exchanges == 0 ? "no exchanges in the file" : null;
    }
}
