package dev.multilane.primitives;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds /work/shared/fixtures: the surefire property, else walking up from the working dir. */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        String property = System.getProperty("multilane.fixtures");
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("fixtures not found: set -Dmultilane.fixtures or run "
                + "inside a checkout with shared/fixtures beside it");
    }
}
