package dev.multilane.primitives;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeccakTest {
    @Test
    void knownVectors() {
        assertEquals("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                Keccak.of(Bytes.EMPTY).toString());
        assertEquals(Keccak.of(Bytes.EMPTY), Keccak.EMPTY);
        assertEquals("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
                Keccak.of("abc".getBytes(StandardCharsets.US_ASCII)).toString());
        // Not NIST SHA3-256, whose hash of "" is a7ffc6f8...
        assertEquals("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421",
                Keccak.EMPTY_TRIE_ROOT.toString());
        assertEquals("0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347",
                Keccak.EMPTY_LIST.toString());
    }

    /** Our sponge against BouncyCastle's digest on every length around the 136-byte rate. */
    @Test
    void matchesBouncyCastleAcrossBlockBoundaries() {
        java.util.Random random = new java.util.Random(42);
        for (int len = 0; len <= 3 * 136 + 2; len++) {
            byte[] data = new byte[len];
            random.nextBytes(data);
            org.bouncycastle.jcajce.provider.digest.Keccak.DigestKeccak reference =
                    new org.bouncycastle.jcajce.provider.digest.Keccak.DigestKeccak(256);
            reference.update(data, 0, len);
            assertEquals(Hex.encode(reference.digest()), Hex.encode(Keccak.hash(data)), "length " + len);
        }
    }

    /**
     * The word form against BouncyCastle for every length from 0 to 300 (the 136-byte rate and
     * twice it inside), read from the middle of a larger array, with a dirty state array reused
     * across calls, writing among other words that must stay untouched.
     */
    @Test
    void hashToWordMatchesBouncyCastle() {
        java.util.Random random = new java.util.Random(7);
        long[] state = new long[Keccak.STATE_LONGS];
        java.util.Arrays.fill(state, 0x5a5a5a5a5a5a5a5aL);
        for (int len = 0; len <= 300; len++) {
            int offset = 1 + random.nextInt(9);
            byte[] buffer = new byte[offset + len + 5];
            random.nextBytes(buffer);
            org.bouncycastle.jcajce.provider.digest.Keccak.DigestKeccak reference =
                    new org.bouncycastle.jcajce.provider.digest.Keccak.DigestKeccak(256);
            reference.update(buffer, offset, len);
            byte[] expected = reference.digest();

            long[] words = new long[12];
            java.util.Arrays.fill(words, -1L);
            Keccak.hashToWord(buffer, offset, len, words, 4, state);
            byte[] actual = new byte[32];
            Words.toBytes(words, 4, actual, 0);
            assertEquals(Hex.encode(expected), Hex.encode(actual), "length " + len);
            for (int i : new int[] {0, 1, 2, 3, 8, 9, 10, 11}) {
                assertEquals(-1L, words[i], "word " + i + " overwritten at length " + len);
            }
            assertEquals(Hex.encode(expected), Hex.encode(Keccak.hash(buffer, offset, len)), "range, length " + len);
        }
    }

    @Test
    void rangeOfArray() {
        byte[] padded = "xxabcyy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(Keccak.of("abc".getBytes(StandardCharsets.US_ASCII)),
                Hash.wrap(Keccak.hash(padded, 2, 3)));
    }
}
