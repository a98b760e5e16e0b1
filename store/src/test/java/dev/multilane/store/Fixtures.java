package dev.multilane.store;

import dev.multilane.primitives.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shared, read-only fixtures (see shared/fixtures/README.md). */
final class Fixtures {
    private Fixtures() {}

    static Path executionApis() {
        return SharedFixtures.root().resolve("execution-apis").resolve("tests");
    }

    /** The response line ({@code << ...}) of an execution-apis {@code .io} case, without its marker. */
    static String response(Path io) throws IOException {
        for (String line : Files.readAllLines(io)) {
            if (line.startsWith("<< ")) {
                return line.substring(3);
            }
        }
        throw new IllegalStateException("no response line in " + io);
    }

    /** The request line ({@code >> ...}) of an execution-apis {@code .io} case, without its marker. */
    static String request(Path io) throws IOException {
        for (String line : Files.readAllLines(io)) {
            if (line.startsWith(">> ")) {
                return line.substring(3);
            }
        }
        throw new IllegalStateException("no request line in " + io);
    }
}
