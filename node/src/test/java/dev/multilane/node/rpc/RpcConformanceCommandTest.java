package dev.multilane.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.node.Main;
import dev.multilane.primitives.SharedFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RpcConformanceCommandTest {
    @Test
    void printsFailuresThenTheCount() {
        String dir = SharedFixtures.root().resolve("execution-apis").resolve("tests").toString();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"rpc-conformance", dir}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        Matcher m = Pattern.compile("(\\d+) passed, (\\d+) failed").matcher(lines[lines.length - 1]);
        assertTrue(m.matches(), lines[lines.length - 1]);
        int passed = Integer.parseInt(m.group(1));
        int failed = Integer.parseInt(m.group(2));
        System.out.println("RpcConformanceCommand: " + passed + " passed, " + failed + " failed");
        assertEquals(88, passed + failed);
        assertEquals(88, passed, "every case passes today; a regression shows here");
        assertEquals(failed, lines.length - 1, "one FAIL line per failed case");
        assertEquals(failed == 0 ? 0 : 1, code);
    }

    @Test
    void usageErrorWithoutDirectory() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(sink, true, StandardCharsets.UTF_8);
        assertEquals(Main.USAGE_ERROR, Main.run(new String[] {"rpc-conformance"}, ps, ps));
    }
}
