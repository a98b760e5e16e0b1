package dev.multilane.e2e;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code multilane dev} as a separate JVM, so that it can be killed with SIGKILL: the same main
 * class and class path as the {@code ./multilane} launcher (node/target/classes and
 * node/target/lib, both written by {@code mvn install}), port 0, and the port read back from the
 * banner line. Output goes to a log file.
 */
final class NodeProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("JSON-RPC listening on http://[^:]+:(\\d+)");

    private final Process process;
    private final int port;
    private final Path log;

    private NodeProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts {@code multilane dev} on {@code dataDir} and waits (up to a minute) for its RPC port. */
    static NodeProcess startDev(Path dataDir, long blockTimeMs, Path log) throws Exception {
        Path target = Path.of(System.getProperty("multilane.node.target", "../node/target")).toAbsolutePath();
        Path classes = target.resolve("classes");
        Path lib = target.resolve("lib");
        if (!Files.isDirectory(classes.resolve("dev/multilane/node")) || !Files.isDirectory(lib)) {
            throw new IllegalStateException("no node build at " + target + ": run mvn install -pl node -am first");
        }
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(javaBin, "--enable-native-access=ALL-UNNAMED", "-Xss8m",
                "-cp", classes + File.pathSeparator + lib + "/*", "dev.multilane.node.Main", "dev",
                "--data-dir", dataDir.toString(), "--port", "0", "--threads", "2"));
        if (blockTimeMs > 0) {
            cmd.addAll(List.of("--block-time", Long.toString(blockTimeMs)));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("node-log").start(() -> pump(p, log, port));
        try {
            return new NodeProcess(p, port.get(60, TimeUnit.SECONDS), log);
        } catch (Exception e) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("node did not start: " + Files.readString(log), e);
        }
    }

    /** Copies the node's output to the log file and completes {@code port} from the banner. */
    private static void pump(Process p, Path log, CompletableFuture<Integer> port) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter w = new PrintWriter(Files.newBufferedWriter(log,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
            for (String line; (line = r.readLine()) != null; ) {
                w.println(line);
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // The process is gone; the log has what it wrote.
        }
        port.completeExceptionally(new IllegalStateException("node exited before listening"));
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    Path log() {
        return log;
    }

    /**
     * SIGKILL: no shutdown hook runs, nothing is flushed. On Linux {@link Process#destroyForcibly}
     * sends SIGKILL, so the exit status is 128 + 9, which is returned for the caller to check.
     */
    int kill9() throws InterruptedException {
        process.destroyForcibly();
        return process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
