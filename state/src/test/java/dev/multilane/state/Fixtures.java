package dev.multilane.state;

import dev.multilane.primitives.SharedFixtures;
import java.nio.file.Path;

/** Finds the shared, read-only ethereum test fixtures (see shared/fixtures/README.md). */
public final class Fixtures {
    private Fixtures() {}

    /**
     * The fixtures folder: the {@code multilane.fixtures} system property that surefire sets, or
     * else the first {@code shared/fixtures} found walking up from the working directory.
     */
    public static Path root() {
        return SharedFixtures.root();
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
