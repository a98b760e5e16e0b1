package dev.multilane.chain.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.block.MainnetBlockFixture;
import dev.multilane.primitives.SharedFixtures;
import dev.multilane.primitives.U256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every pair of consecutive real mainnet blocks among the shared fixtures (block and parent both
 * present) is validated with mainnet's fork schedule. The fixtures hold one such pair, 15,537,393
 * and 15,537,394: the last proof-of-work block and the first proof-of-stake one.
 */
class MainnetHeaderPairsTest {

    @Test
    void consecutiveMainnetHeadersPass() throws IOException {
        TreeMap<Long, BlockHeader> headers = new TreeMap<>();
        Path dir = SharedFixtures.root().resolve("mainnet-blocks");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(MainnetBlockFixture::isFixture).toList()) {
                MainnetBlockFixture f = MainnetBlockFixture.load(p);
                assertEquals(f.expectedHash(), f.block().header().hash(), "header decoded exactly: " + p);
                headers.put(f.block().number(), f.block().header());
            }
        }
        HeaderValidator validator = new HeaderValidator(ChainConfig.MAINNET);
        int passed = 0;
        int unsupported = 0;
        List<String> failures = new ArrayList<>();
        BlockHeader merge = null;
        for (BlockHeader child : headers.values()) {
            BlockHeader parent = headers.get(child.number() - 1);
            if (parent == null) {
                continue;
            }
            switch (validator.validate(child, parent)) {
                case HeaderVerdict.Valid v -> passed++;
                case HeaderVerdict.Unsupported u -> unsupported++;
                case HeaderVerdict.Invalid i -> failures.add(child.number() + ": " + i.message());
            }
            if (child.number() == 15_537_394) {
                merge = child;
            }
        }
        System.out.println("mainnet header pairs: " + passed + " passed, " + failures.size() + " failed, "
                + unsupported + " unsupported (proof of work)");
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), failures.toString());
        assertTrue(passed >= 1 && merge != null, "the fixtures hold the merge pair 15,537,393 -> 15,537,394");

        // The same pair with the base fee a wei off must fail: the check above can fail.
        BlockHeader parent = headers.get(15_537_393L);
        BlockHeader off = HeaderEdit.edit(merge, e -> e.baseFeePerGas = e.baseFeePerGas.add(U256.ONE));
        HeaderVerdict.Invalid i = assertInstanceOf(HeaderVerdict.Invalid.class, validator.validate(off, parent));
        assertEquals(HeaderField.BASE_FEE_PER_GAS, i.field());
        assertEquals(merge.baseFeePerGas().toString(), i.expected());
    }
}
