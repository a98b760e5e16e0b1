package dev.multilane.node.rpc;

import dev.multilane.node.Command;
import dev.multilane.node.Main;
import dev.multilane.rpc.conformance.ConformanceSuite;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code ./multilane rpc-conformance DIR}: imports DIR's genesis.json and chain.rlp into a fresh
 * temporary data directory, starts a node on it as {@code ./multilane node --no-mining} would (the
 * dev node's code path: store, transaction pool, block producer, HTTP server on an ephemeral
 * loopback port), replays every {@code .io} case under DIR over HTTP, prints each failure and then
 * {@code N passed, M failed}. Exit code 0 only when all pass.
 *
 * <p>Mining is off, as for the client hive runs these cases against: transactions sent by the
 * eth_sendRawTransaction cases stay in the pool and change no state later cases read.
 */
public final class RpcConformanceCommand implements Command {
    @Override
    public String name() {
        return "rpc-conformance";
    }

    @Override
    public String arguments() {
        return "DIR";
    }

    @Override
    public String summary() {
        return "replay the execution-apis JSON-RPC cases in DIR (genesis.json, chain.rlp, <method>/<case>.io)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() != 1) {
            err.println("usage: multilane rpc-conformance DIR");
            return Main.USAGE_ERROR;
        }
        Path dir = Path.of(args.get(0));
        if (!Files.isRegularFile(dir.resolve("genesis.json")) || !Files.isRegularFile(dir.resolve("chain.rlp"))) {
            err.println("multilane: " + dir + " has no genesis.json and chain.rlp");
            return Main.USAGE_ERROR;
        }
        Path data = null;
        try {
            data = Files.createTempDirectory("multilane-rpc-conformance");
            ConformanceSuite.Report report = ConformanceSuite.run(dir, data, NodeEndpoint::start);
            if (report.importProblem() != null) {
                err.println("import stopped after " + report.imported() + " blocks: " + report.importProblem());
            }
            for (ConformanceSuite.CaseResult c : report.cases()) {
                if (c.failure() != null) {
                    out.println("FAIL " + c.name() + ": " + c.failure());
                }
            }
            out.println(report.passed() + " passed, " + report.failed() + " failed");
            return report.failed() == 0 && report.importProblem() == null ? 0 : 1;
        } catch (IOException | RuntimeException e) {
            err.println("multilane: rpc-conformance failed: " + e);
            return 1;
        } finally {
            deleteQuietly(data);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
