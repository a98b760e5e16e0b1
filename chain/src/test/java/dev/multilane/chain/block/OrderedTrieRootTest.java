package dev.multilane.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multilane.exec.ParallelExecutor;
import dev.multilane.state.trie.TrieRoots;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The parallel ordered-trie root against the state module's trie, which builds it node by node. */
class OrderedTrieRootTest {

    private static final OrderedTrieRoot.IndexRunner IN_ORDER = (count, action) -> {
        for (int i = 0; i < count; i++) {
            action.accept(i);
        }
    };

    @Test
    void equalsTheTrieForEverySizeAndValueLength() {
        Random random = new Random(42);
        List<Integer> sizes = new ArrayList<>();
        for (int n = 0; n <= 300; n++) {
            sizes.add(n);
        }
        // Around the RLP key-length steps (128, 256, 65536) and a block-sized list.
        sizes.addAll(List.of(1_000, 4_095, 4_096, 4_097, 10_000, 65_537));
        int checked = 0;
        try (ParallelExecutor workers = new ParallelExecutor(3)) {
            for (int n : sizes) {
                List<byte[]> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    // Short values make leaves shorter than a hash, which parents embed instead.
                    byte[] v = new byte[1 + random.nextInt(random.nextBoolean() ? 8 : 600)];
                    random.nextBytes(v);
                    values.add(v);
                }
                var expected = TrieRoots.ordered(values);
                assertEquals(expected, OrderedTrieRoot.of(values, IN_ORDER), n + " values, in order");
                assertEquals(expected, OrderedTrieRoot.of(values, (count, action) -> workers.forEach(count, 7, action)),
                        n + " values, on workers");
                checked++;
            }
        }
        System.out.println(checked + " passed, 0 failed");
    }
}
