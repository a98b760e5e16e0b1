package dev.multilane.node.replay;

import dev.multilane.primitives.SharedFixtures;
import java.nio.file.Path;

/** Finds {@code shared/fixtures}: the {@code multilane.fixtures} property, else up from here. */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        return SharedFixtures.root();
    }
}
