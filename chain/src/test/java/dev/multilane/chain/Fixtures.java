package dev.multilane.chain;

import dev.multilane.primitives.SharedFixtures;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared fixtures folder: the {@code multilane.fixtures} property, else up from here. */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        return SharedFixtures.root();
    }

    static Path path(String first, String... more) {
        Path p = root().resolve(Path.of(first, more));
        if (!Files.exists(p)) {
            throw new IllegalStateException("missing fixture " + p);
        }
        return p;
    }
}
