package dev.multilane.primitives;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the shared, read-only fixtures folder (ethereum/tests, mainnet blocks, the KZG trusted
 * setup): the {@code multilane.fixtures} system property that Maven's surefire sets, or else the
 * first {@code shared/fixtures} found walking up from the working directory.
 */
public final class SharedFixtures {
    public static final String PROPERTY = "multilane.fixtures";

    private SharedFixtures() {}

    public static Optional<Path> find() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank() && Files.isDirectory(Path.of(property))) {
            return Optional.of(Path.of(property).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The fixtures folder; throws when there is none, which fails a fixture test loudly. */
    public static Path root() {
        return find().orElseThrow(() -> new IllegalStateException(
                "fixtures not found: set -D" + PROPERTY + " or put shared/fixtures beside the project"));
    }
}
