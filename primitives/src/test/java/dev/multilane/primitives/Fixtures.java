package dev.multilane.primitives;

import dev.multilane.primitives.SharedFixtures;
import java.nio.file.Path;

/** Finds /work/shared/fixtures: the surefire property, else walking up from the working dir. */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        return SharedFixtures.root();
    }
}
