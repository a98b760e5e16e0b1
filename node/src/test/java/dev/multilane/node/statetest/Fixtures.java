package dev.multilane.node.statetest;

import dev.multilane.primitives.SharedFixtures;
import java.nio.file.Path;

/**
 * Finds {@code shared/fixtures}: the {@code multilane.fixtures} property that surefire sets, or,
 * when it is unset (running from an IDE), the first {@code shared/fixtures} found walking up from
 * the working directory.
 */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        return SharedFixtures.root();
    }

    static Path generalStateTests() {
        return root().resolve("ethereum-tests").resolve("GeneralStateTests");
    }
}
