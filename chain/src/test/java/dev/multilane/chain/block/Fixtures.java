package dev.multilane.chain.block;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the shared fixtures folder: the {@code multilane.fixtures} property, else up from here. */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        String prop = System.getProperty("multilane.fixtures");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("fixtures not found: set -Dmultilane.fixtures or run beside shared/fixtures");
    }

    /** Every mainnet block folder, in block-number order. */
    static List<Path> mainnetBlocks() throws IOException {
        Path dir = root().resolve("mainnet-blocks");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> blocks = s.filter(MainnetBlockFixture::isFixture)
                    .sorted((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()),
                            Long.parseLong(b.getFileName().toString())))
                    .toList();
            if (blocks.isEmpty()) {
                throw new IllegalStateException("no block folders under " + dir);
            }
            return blocks;
        }
    }
}
