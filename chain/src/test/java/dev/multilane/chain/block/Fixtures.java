package dev.multilane.chain.block;

import dev.multilane.primitives.SharedFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the shared fixtures folder: the {@code multilane.fixtures} property, else up from here. */
final class Fixtures {
    private Fixtures() {}

    static Path root() {
        return SharedFixtures.root();
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
