package dev.multilane.node.replay;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code shared/fixtures}: the {@code multilane.fixtures} property, else up from here. */
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
        throw new IllegalStateException("fixtures not found: set -Dmultilane.fixtures or run beside shared/fixtures");
    }
}
