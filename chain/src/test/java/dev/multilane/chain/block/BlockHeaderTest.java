package dev.multilane.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.RlpReader;
import dev.multilane.primitives.U256;
import org.junit.jupiter.api.Test;

/** The encoding itself is checked against 22 mainnet hashes in {@link MainnetBlocksTest}. */
class BlockHeaderTest {

    @Test
    void eachForkAppendsItsFields() {
        assertEquals(15, fieldCount(Fork.BERLIN));
        assertEquals(16, fieldCount(Fork.LONDON));
        assertEquals(16, fieldCount(Fork.PARIS));
        assertEquals(17, fieldCount(Fork.SHANGHAI));
        assertEquals(20, fieldCount(Fork.CANCUN));
    }

    private static int fieldCount(Fork fork) {
        RlpReader items = RlpReader.ofSingleList(TestBlocks.header(fork, 1, 1, 1).encode());
        int n = 0;
        while (items.hasNext()) {
            items.skip();
            n++;
        }
        return n;
    }

    @Test
    void aLaterFieldNeedsTheEarlierOnes() {
        assertThrows(IllegalArgumentException.class, () -> new BlockHeader(Hash.ZERO, Keccak.EMPTY_LIST,
                TestBlocks.COINBASE, Hash.ZERO, Hash.ZERO, Hash.ZERO, new byte[256], U256.ZERO, 1, 1, 0, 1,
                new byte[0], Hash.ZERO, 0, null, Keccak.EMPTY_TRIE_ROOT, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new BlockHeader(Hash.ZERO, Keccak.EMPTY_LIST,
                TestBlocks.COINBASE, Hash.ZERO, Hash.ZERO, Hash.ZERO, new byte[255], U256.ZERO, 1, 1, 0, 1,
                new byte[0], Hash.ZERO, 0, null, null, null, null, null));
    }

    @Test
    void equalityFollowsTheHash() {
        BlockHeader a = TestBlocks.header(Fork.CANCUN, 5, 10, 30_000_000);
        assertEquals(a, TestBlocks.header(Fork.CANCUN, 5, 10, 30_000_000));
        assertEquals(a.hashCode(), TestBlocks.header(Fork.CANCUN, 5, 10, 30_000_000).hashCode());
        assertNotEquals(a, TestBlocks.header(Fork.CANCUN, 6, 10, 30_000_000));
        assertEquals(Keccak.of(a.encode()), a.hash());
    }
}
