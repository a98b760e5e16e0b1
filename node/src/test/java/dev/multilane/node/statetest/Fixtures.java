package dev.multilane.node.statetest;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code shared/fixtures}: the {@code multilane.fixtures} property that surefire sets, or,
 * when it is unset (running from an IDE), the first {@code shared/fixtures} found walking up from
 * the working directory.
 */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        String prop = System.getProperty("multilane.fixtures");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "fixtures not found: set -Dmultilane.fixtures or put shared/fixtures beside the project (property was "
                        + prop + ")");
    }

    static Path generalStateTests() {
        return root().resolve("ethereum-tests").resolve("GeneralStateTests");
    }
}
