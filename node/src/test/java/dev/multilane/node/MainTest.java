package dev.multilane.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsCommandsOnStdout() {
        assertEquals(0, run("help"));
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("statetest [--fork NAME] [--verbose] PATH..."), text);
        assertTrue(text.contains("dev"), text);
    }

    @Test
    void unknownCommandIsAUsageErrorOnStderr() {
        assertEquals(2, run("frobnicate"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertEquals(2, run());
    }

    @Test
    void statetestRejectsAForkWeDoNotSupport() {
        assertEquals(2, run("statetest", "--fork", "Istanbul", "."));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("not supported"));
    }

    @Test
    void statetestNeedsAPathThatExists() {
        assertEquals(2, run("statetest"));
        assertEquals(2, run("statetest", "/no/such/place.json"));
    }

    @Test
    void devRejectsAnUnknownOption() {
        assertEquals(2, run("dev", "--frobnicate", "1"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --frobnicate"));
        assertEquals(2, run("dev", "--port", "eighty"));
    }
}
