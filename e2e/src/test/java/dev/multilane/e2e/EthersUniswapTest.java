package dev.multilane.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.multilane.node.dev.DevConfig;
import dev.multilane.node.dev.DevNode;
import dev.multilane.primitives.Hex;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the ethers.js v6 suite in e2e/js with {@code node --test} against an in-process dev node:
 * Uniswap v2 from its npm builds with receipts, logs and newHeads over WebSocket (uniswap.test.js),
 * and contract events over HTTP filters and WebSocket subscriptions, pending transactions and
 * evm_snapshot/evm_revert (events.test.js). The JavaScript side does all
 * the asserting; this test fails when it exits non-zero, and fails (does not skip) when node.js or
 * npm is missing, because then nothing was checked.
 */
@Timeout(600)
class EthersUniswapTest {
    /** The lock file's hash, written after a successful npm ci, so later runs skip the install. */
    private static final String STAMP = ".multilane-npm-ci";

    @TempDir
    Path dir;

    private DevNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void uniswapThroughEthers() throws Exception {
        Path js = Path.of(System.getProperty("multilane.e2e.js", "js")).toAbsolutePath();
        assertTrue(Files.isRegularFile(js.resolve("package-lock.json")), "no ethers.js suite at " + js);
        requireTool("node");
        requireTool("npm");
        installIfStale(js);

        ByteArrayOutputStream nodeLog = new ByteArrayOutputStream();
        node = DevNode.start(new DevConfig(dir.resolve("data"), "127.0.0.1", 0, 0, 2, 1337),
                new PrintStream(nodeLog, true, StandardCharsets.UTF_8));
        String url = "http://127.0.0.1:" + node.port();
        ProcessBuilder pb = new ProcessBuilder("node", "--test", "--test-reporter=spec", "test/").directory(js.toFile());
        pb.environment().put("MULTILANE_RPC_URL", url);
        Run run = run(pb, 300);
        if (run.exit != 0) {
            fail("node --test against " + url + " exited " + run.exit + "; last lines:\n" + run.tail
                    + "\nnode log tail:\n" + tail(nodeLog.toString(StandardCharsets.UTF_8), 20));
        }
        assertTrue(run.tail.contains("pass"), run.tail);
    }

    /** Fails with a clear message when {@code tool} is not on the PATH. */
    private static void requireTool(String tool) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // Not found: reported below.
        }
        fail(tool + " is required by the ethers.js end-to-end test (e2e/js) but `" + tool
                + " --version` did not run; install node.js >= 18 with npm and put them on the PATH");
    }

    /** npm ci, unless node_modules was installed from this very lock file. */
    private static void installIfStale(Path js) throws Exception {
        String lockHash = sha256(Files.readAllBytes(js.resolve("package-lock.json")));
        Path stamp = js.resolve("node_modules").resolve(STAMP);
        if (Files.isRegularFile(stamp) && Files.readString(stamp).strip().equals(lockHash)) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund")
                .directory(js.toFile());
        Run run = run(pb, 300);
        assertEquals(0, run.exit, () -> "npm ci in " + js + " failed; last lines:\n" + run.tail);
        Files.writeString(stamp, lockHash + "\n");
    }

    private record Run(int exit, String tail) {}

    /** Runs the process, streaming its output (stderr merged) to ours and keeping the last lines. */
    private static Run run(ProcessBuilder pb, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = pb.redirectErrorStream(true).start();
        Deque<String> last = new ArrayDeque<>();
        Thread pump = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println("[" + pb.command().getFirst() + "] " + line);
                    synchronized (last) {
                        last.addLast(line);
                        if (last.size() > 60) {
                            last.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // The process ended; whatever was read is kept.
            }
        });
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            pump.join(5_000);
            return new Run(-1, "timed out after " + timeoutSeconds + " s: " + String.join(" ", pb.command()));
        }
        pump.join(10_000);
        synchronized (last) {
            return new Run(p.exitValue(), String.join("\n", List.copyOf(last)));
        }
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    private static String sha256(byte[] data) throws NoSuchAlgorithmException {
        return Hex.encode(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
