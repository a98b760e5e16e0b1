package dev.multilane.state;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared, read-only ethereum test fixtures (see shared/fixtures/README.md). */
public final class Fixtures {
    private Fixtures() {}

    /**
     * The fixtures folder: the {@code multilane.fixtures} system property that surefire sets, or
     * else the first {@code shared/fixtures} found walking up from the working directory.
     */
    public static Path root() {
        String property = System.getProperty("multilane.fixtures");
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("fixtures not found: set -Dmultilane.fixtures or run below a folder holding shared/fixtures");
    }

    public static Path resolve(String relative) {
        return root().resolve(relative);
    }
}
