package dev.multilane.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.eth.EthApi;
import dev.multilane.rpc.eth.RpcContext;
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
 * The ethereum/execution-apis conformance tests (the hive rpc-compat suite): import the directory's
 * genesis.json and chain.rlp into a fresh store, then send every {@code <method>/<case>.io}
 * request ({@code >> } lines) through the dispatcher and compare each response with the recorded
 * one ({@code << } lines) semantically (see {@link JsonMatch}).
 */
public final class ConformanceSuite {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConformanceSuite() {}

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

    /** Imports into {@code dataDir} (which must be empty or absent) and replays every case under {@code dir}. */
    public static Report run(Path dir, Path dataDir) throws IOException {
        Genesis genesis = Genesis.read(dir.resolve("genesis.json"));
        byte[] rlp = Files.readAllBytes(dir.resolve("chain.rlp"));
        try (ChainStore store = ChainStore.open(dataDir)) {
            ChainImporter.Result imported = ChainImporter.importChain(store, genesis, rlp);
            JsonRpcDispatcher dispatcher = EthApi.register(new JsonRpcDispatcher(), new RpcContext(store, genesis.config()));
            List<CaseResult> results = new ArrayList<>();
            for (Path io : cases(dir)) {
                String name = dir.relativize(io).toString().replace('\\', '/').replaceAll("\\.io$", "");
                results.add(new CaseResult(name, runCase(dispatcher, io)));
            }
            return new Report(imported.imported(), imported.problem(), results);
        }
    }

    static List<Path> cases(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.toString().endsWith(".io")).sorted(Comparator.comparing(Path::toString)).toList();
        }
    }

    /** Null when every exchange of the case matched, else the first mismatch. */
    static String runCase(JsonRpcDispatcher dispatcher, Path io) {
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
                String got = dispatcher.handle(request);
                exchanges++;
                try {
                    JsonNode want = JSON.readTree(line.substring(3));
                    JsonNode actual = got == null ? null : JSON.readTree(got);
                    if (!JsonMatch.same(want, actual)) {
                        return "expected " + line.substring(3) + " got " + got;
                    }
                } catch (IOException e) {
                    return "unreadable JSON: " + e.getMessage();
                }
                request = null;
            }
        }
        return exchanges == 0 ? "no exchanges in the file" : null;
    }
}
