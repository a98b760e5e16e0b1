package dev.multilane.node.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.node.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    private static final Pattern BLOCK_LINE = Pattern.compile(
            "block \\d+ txs=\\d+ gas=\\d+ gasUsed=(ok|MISMATCH) receiptsRoot=(ok|MISMATCH) logsBloom=(ok|MISMATCH)"
                    + " sequential=\\d+\\.\\d{3}ms parallel=\\S+.*");
    /** A passing block run by both executors: the fields above, then the Block-STM counters. */
    private static final Pattern PARALLEL_LINE = Pattern.compile(
            "block \\d+ txs=\\d+ gas=\\d+ gasUsed=ok receiptsRoot=ok logsBloom=ok"
                    + " sequential=\\d+\\.\\d{3}ms parallel=\\d+\\.\\d{3}ms executions=\\d+ reexecutions=\\d+"
                    + " validations=\\d+ aborts=\\d+ waits=\\d+ mode=(PARALLEL|PARALLEL_THEN_SEQUENTIAL|SEQUENTIAL_SMALL_BLOCK|PARALLEL_FELL_BACK:\\S+)");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static Path mainnetBlocks() {
        return Fixtures.root().resolve("mainnet-blocks");
    }

    @Test
    void replaysEveryMainnetBlock() throws IOException {
        long folders;
        try (Stream<Path> s = Files.list(mainnetBlocks())) {
            folders = s.filter(p -> Files.isRegularFile(p.resolve("block.json"))).count();
        }
        int code = run("replay", "--threads", "2", mainnetBlocks().toString());
        List<String> lines = lines();
        lines.forEach(System.out::println);
        System.out.print(err.toString(StandardCharsets.UTF_8));
        assertEquals(folders + 1, lines.size());
        for (String line : lines.subList(0, lines.size() - 1)) {
            assertTrue(BLOCK_LINE.matcher(line).matches(), line);
            assertTrue(PARALLEL_LINE.matcher(line).matches(), line);
        }
        // The default config runs a one-transaction block sequentially and a big one with Block-STM.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("block 15537393 ") && l.endsWith(" mode=SEQUENTIAL_SMALL_BLOCK")),
                lines::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("block 14396881 ") && l.endsWith(" mode=PARALLEL")),
                lines::toString);
        assertEquals(folders + " passed, 0 failed", lines.getLast());
        assertEquals(0, code);
    }

    @Test
    void oneBlockFolderWithSequentialOnly() {
        int code = run("replay", "--sequential", mainnetBlocks().resolve("15537393").toString());
        List<String> lines = lines();
        assertEquals(2, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("block 15537393 txs=1 gas=29991429 gasUsed=ok receiptsRoot=ok logsBloom=ok"),
                lines.get(0));
        assertTrue(lines.get(0).endsWith("parallel=off"), lines.get(0));
        assertEquals("1 passed, 0 failed", lines.get(1));
        assertEquals(0, code);
    }

    @Test
    void aTamperedHeaderFails(@TempDir Path tmp) throws IOException {
        Path source = mainnetBlocks().resolve("19910734");
        Path copy = Files.createDirectory(tmp.resolve("19910734"));
        for (String f : List.of("block.json", "pre_state.json")) {
            Files.copy(source.resolve(f), copy.resolve(f));
        }
        String json = Files.readString(copy.resolve("block.json"));
        assertTrue(json.contains("\"gasUsed\": \"0x0\"") || json.contains("\"gasUsed\":\"0x0\""), "fixture changed");
        Files.writeString(copy.resolve("block.json"), json.replaceFirst("\"gasUsed\":( ?)\"0x0\"", "\"gasUsed\":$1\"0x1\""));

        int code = run("replay", tmp.toString());
        List<String> lines = lines();
        assertTrue(lines.get(0).contains("gasUsed=MISMATCH receiptsRoot=ok logsBloom=ok"), lines.get(0));
        assertTrue(lines.get(0).contains("FAILED: header hashes to"), lines.get(0));
        assertEquals("0 passed, 1 failed", lines.get(1));
        assertEquals(1, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("gasUsed: header 1, computed 0"));
    }

    @Test
    void badCommandLines() {
        assertEquals(Main.USAGE_ERROR, run("replay"));
        assertEquals(Main.USAGE_ERROR, run("replay", "--threads", "0", mainnetBlocks().toString()));
        assertEquals(Main.USAGE_ERROR, run("replay", "--threads"));
        assertEquals(Main.USAGE_ERROR, run("replay", "--frobnicate", mainnetBlocks().toString()));
        assertEquals(Main.USAGE_ERROR, run("replay", "/no/such/folder"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpSaysWhatIsTimed() {
        assertEquals(0, run("replay", "--help"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("Times cover block execution only"), text);
        assertEquals(0, run("help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("replay [--threads N] [--sequential] PATH..."));
    }
}
