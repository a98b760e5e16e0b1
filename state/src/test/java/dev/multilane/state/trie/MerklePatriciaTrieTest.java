package dev.multilane.state.trie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MerklePatriciaTrieTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void emptyTrieHasTheEmptyRoot() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        assertEquals(Keccak.EMPTY_TRIE_ROOT, trie.rootHash());
        assertEquals(Hash.fromHex("0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421"), trie.rootHash());
        assertTrue(trie.isEmpty());
    }

    @Test
    void singleLeafRootIsKeccakOfTheLeafEvenWhenShort() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        trie.put(utf8("do"), utf8("verb"));
        // leaf = [hp("do", leaf) = 0x20 'd' 'o', "verb"], 10 bytes: embedded-size, hashed anyway at the root.
        byte[] leaf = Rlp.encodeList(Rlp.encodeBytes(Hex.decode("0x20646f")), Rlp.encodeBytes(utf8("verb")));
        assertEquals(Keccak.of(leaf), trie.rootHash());
    }

    @Test
    void hexPrefixMatchesAppendixC() {
        assertArrayEquals(Hex.decode("0x112345"), Nibbles.hexPrefix(new byte[] {1, 2, 3, 4, 5}, false));
        assertArrayEquals(Hex.decode("0x00012345"), Nibbles.hexPrefix(new byte[] {0, 1, 2, 3, 4, 5}, false));
        assertArrayEquals(Hex.decode("0x200f1cb8"), Nibbles.hexPrefix(new byte[] {0, 0xf, 1, 0xc, 0xb, 8}, true));
        assertArrayEquals(Hex.decode("0x3f1cb8"), Nibbles.hexPrefix(new byte[] {0xf, 1, 0xc, 0xb, 8}, true));
        assertArrayEquals(Hex.decode("0x20"), Nibbles.hexPrefix(new byte[0], true));
    }

    @Test
    void getPutDelete() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        trie.put(utf8("dog"), utf8("puppy"));
        trie.put(utf8("do"), utf8("verb"));
        trie.put(utf8("doge"), utf8("coin"));
        assertArrayEquals(utf8("puppy"), trie.get(utf8("dog")));
        assertArrayEquals(utf8("verb"), trie.get(utf8("do")));
        assertArrayEquals(new byte[0], trie.get(utf8("d")));
        assertArrayEquals(new byte[0], trie.get(utf8("dogs")));
        Hash before = trie.rootHash();
        trie.put(utf8("horse"), utf8("stallion"));
        assertNotEquals(before, trie.rootHash());
        trie.delete(utf8("horse"));
        assertEquals(before, trie.rootHash());
        trie.put(utf8("dog"), new byte[0]);
        assertArrayEquals(new byte[0], trie.get(utf8("dog")));
        trie.delete(utf8("do"));
        trie.delete(utf8("doge"));
        assertTrue(trie.isEmpty());
        assertEquals(Keccak.EMPTY_TRIE_ROOT, trie.rootHash());
    }

    @Test
    void copiesAreIndependent() {
        MerklePatriciaTrie a = new MerklePatriciaTrie();
        a.put(utf8("key"), utf8("one"));
        Hash root = a.rootHash();
        MerklePatriciaTrie b = a.copy();
        b.put(utf8("key"), utf8("two"));
        b.put(utf8("other"), utf8("three"));
        assertEquals(root, a.rootHash());
        assertArrayEquals(utf8("one"), a.get(utf8("key")));
        assertArrayEquals(utf8("two"), b.get(utf8("key")));
    }

    @Test
    void storedValuesCannotBeChangedThroughTheCallersArray() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        byte[] value = utf8("value");
        trie.put(utf8("k"), value);
        Hash root = trie.rootHash();
        value[0] = 'X';
        trie.get(utf8("k"))[0] = 'Y';
        assertEquals(root, trie.rootHash());
        assertArrayEquals(utf8("value"), trie.get(utf8("k")));
    }

    /**
     * Random puts and deletes, over short keys from a small alphabet (so keys are prefixes of each
     * other, and branches hold values) and over 32-byte keys, with values on both sides of the
     * 32-byte embedding threshold. At checkpoints the incrementally maintained root must equal the
     * root of a freshly built trie and the root computed from the appendix D definition, and every
     * key must read back.
     */
    @Test
    void incrementalRootsMatchFreshAndReferenceRoots() {
        Random random = new Random(20240501L);
        for (int round = 0; round < 40; round++) {
            boolean shortKeys = round % 2 == 0;
            MerklePatriciaTrie trie = new MerklePatriciaTrie();
            TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
            List<byte[]> known = new ArrayList<>();
            for (int op = 0; op < 400; op++) {
                byte[] key = !known.isEmpty() && random.nextInt(3) == 0
                        ? known.get(random.nextInt(known.size()))
                        : randomKey(random, shortKeys);
                known.add(key);
                if (random.nextInt(4) == 0) {
                    trie.delete(key);
                    model.remove(key);
                } else {
                    byte[] value = randomValue(random);
                    trie.put(key, value);
                    model.put(key, value);
                }
                if (op % 37 == 0 || op == 399) {
                    checkAgainstModel(trie, model);
                }
            }
            // Delete everything in random order; the root must end empty.
            List<byte[]> keys = new ArrayList<>(model.keySet());
            java.util.Collections.shuffle(keys, random);
            for (byte[] key : keys) {
                trie.delete(key);
                model.remove(key);
                if (random.nextInt(10) == 0) {
                    checkAgainstModel(trie, model);
                }
            }
            assertEquals(Keccak.EMPTY_TRIE_ROOT, trie.rootHash());
        }
    }

    private static void checkAgainstModel(MerklePatriciaTrie trie, TreeMap<byte[], byte[]> model) {
        MerklePatriciaTrie fresh = new MerklePatriciaTrie();
        model.forEach(fresh::put);
        Hash root = trie.rootHash();
        assertEquals(fresh.rootHash(), root);
        assertEquals(ReferenceTrie.root(model), root);
        for (Map.Entry<byte[], byte[]> e : model.entrySet()) {
            assertArrayEquals(e.getValue(), trie.get(e.getKey()));
        }
        List<byte[]> walked = new ArrayList<>();
        trie.forEach((k, v) -> {
            walked.add(k);
            assertArrayEquals(model.get(k), v);
        });
        List<byte[]> expected = new ArrayList<>(model.keySet());
        assertEquals(expected.size(), walked.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), walked.get(i), "key order at " + i);
        }
    }

    private static byte[] randomKey(Random random, boolean shortKeys) {
        if (!shortKeys) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            // Share leading bytes now and then so that extensions form.
            if (random.nextBoolean()) {
                key[0] = 0x12;
                key[1] = (byte) random.nextInt(2);
            }
            return key;
        }
        byte[] alphabet = {0x00, 0x01, 0x10, 0x11, (byte) 0xff};
        byte[] key = new byte[random.nextInt(5)];
        for (int i = 0; i < key.length; i++) {
            key[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return key;
    }

    private static byte[] randomValue(Random random) {
        byte[] value = new byte[random.nextBoolean() ? 1 + random.nextInt(4) : 20 + random.nextInt(30)];
        random.nextBytes(value);
        return value;
    }
}
