package dev.multilane.node.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.node.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's interface: its JSON fields, its table, its chart and its exit codes. No timing. */
class BenchCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** --ceiling adds a row for the block split by sender, its shares adding up to the block. */
    @Test
    void ceilingSplitsTheBlockBySender() {
        int code = run("bench", "--workload", "erc20", "--txs", "60", "--accounts", "10", "--threads", "2",
                "--runs", "1", "--warmup", "0", "--ceiling");
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        String text = stdout();
        assertTrue(text.lines().anyMatch(l -> l.startsWith("ceiling ")), text);
        java.util.regex.Matcher shares = java.util.regex.Pattern.compile("shares \\[(\\d+), (\\d+)\\] by sender")
                .matcher(text);
        assertTrue(shares.find(), text);
        assertEquals(60, Integer.parseInt(shares.group(1)) + Integer.parseInt(shares.group(2)), text);
        assertEquals(2, run("bench", "--workload", "erc20", "--ceiling", "--sweep"));
    }

    @Test
    void writesTheResultAsOneJsonObject(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("result.json");
        int code = run("bench", "--workload", "erc20", "--txs", "48", "--accounts", "10", "--threads", "2",
                "--runs", "1", "--warmup", "0", "--json", json.toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        for (String field : List.of("workload", "txs", "threads", "sequentialTps", "parallelTps", "speedup",
                "gasPerSecond", "reExecutionsPerTx", "stateRootsEqual", "receiptsEqual", "timerScope")) {
            assertTrue(r.has(field), "missing " + field + " in " + r);
        }
        assertEquals("erc20", r.get("workload").asText());
        assertEquals(48, r.get("txs").asInt());
        assertEquals(2, r.get("threads").asInt());
        assertTrue(r.get("stateRootsEqual").asBoolean());
        assertTrue(r.get("receiptsEqual").asBoolean());
        assertTrue(r.get("sequentialTps").asDouble() > 0);
        assertTrue(r.get("parallelTps").asDouble() > 0);
        assertTrue(r.get("gasPerSecond").asDouble() > 48 * 21_000);
        assertEquals(0, r.get("unexpectedFailures").asInt());
        assertTrue(r.get("mismatches").isArray() && r.get("mismatches").isEmpty());

        String text = stdout();
        assertTrue(text.contains("timer: BlockProcessor.process"), text);
        assertTrue(text.contains("sequential == parallel in every run"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("parallel ")), text);
    }

    @Test
    void sweepWritesAPointPerThreadCountAndLevelAndDrawsAChart(@TempDir Path dir) throws IOException {
        Path json = dir.resolve("sweep.json");
        Path chart = dir.resolve("chart.png");
        int code = run("bench", "--workload", "transfer", "--txs", "40", "--sweep", "--sweep-axis", "hot-ratio",
                "--sweep-values", "0,0.5", "--sweep-threads", "1,2", "--accounts", "5", "--runs", "1", "--warmup", "0",
                "--json", json.toString(), "--chart", chart.toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        JsonNode r = new ObjectMapper().readTree(json.toFile());
        assertEquals("hot-ratio", r.get("sweepAxis").asText());
        assertEquals(4, r.get("points").size());
        for (JsonNode point : r.get("points")) {
            assertTrue(point.get("stateRootsEqual").asBoolean());
            assertEquals("transfer", point.get("workload").asText());
        }
        assertEquals(0.5, r.get("points").get(3).get("hotRatio").asDouble());
        assertEquals(2, r.get("points").get(3).get("threads").asInt());
        BufferedImage image = ImageIO.read(chart.toFile());
        assertNotNull(image, "a PNG");
        assertEquals(960, image.getWidth());
    }

    @Test
    void helpNamesEveryWorkloadAndTheTimerScope() {
        assertEquals(0, run("bench", "--help"));
        String text = stdout();
        for (String w : List.of("transfer", "erc20", "uniswap", "lending", "staking", "mixed", "serial")) {
            assertTrue(text.contains("  " + w + " "), w);
        }
        assertTrue(text.contains("no signature recovery"), text);
        assertTrue(text.contains("no state root"), text);
    }

    @Test
    void badCommandLinesAreUsageErrors() {
        assertEquals(Main.USAGE_ERROR, run("bench"));
        assertEquals(Main.USAGE_ERROR, run("bench", "--workload", "nope"));
        assertEquals(Main.USAGE_ERROR, run("bench", "--workload", "erc20", "--hot-ratio", "2"));
        assertEquals(Main.USAGE_ERROR, run("bench", "--workload", "erc20", "--chart", "x.png"));
        assertEquals(Main.USAGE_ERROR, run("bench", "--workload", "erc20", "--accounts", "1"));
        assertFalse(err.toString(StandardCharsets.UTF_8).isEmpty());
    }
}
