package dev.multilane.state.trie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.RlpReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MerklePatriciaTrie#prove} checked by an independent verifier written from appendix D: it
 * knows only the root hash, follows the key through the proof's nodes by their hashes and must
 * find the value (or its absence). Tampered proofs must not verify.
 */
class TrieProofTest {

    /** Sentinel for "the proof is not a valid path from the root". */
    private static final byte[] INVALID = null;

    /** The value the proof shows for {@code key} under {@code root} (empty: absent), or null if the proof is broken. */
    static byte[] verify(Hash root, byte[] key, List<byte[]> proof) {
        Map<Hash, byte[]> byHash = new HashMap<>();
        for (byte[] node : proof) {
            byHash.put(Keccak.of(node), node);
        }
        if (root.equals(Keccak.EMPTY_TRIE_ROOT)) {
            return proof.isEmpty() ? new byte[0] : INVALID;
        }
        byte[] node = byHash.get(root);
        byte[] path = Nibbles.of(key);
        int pos = 0;
        while (node != null) {
            List<byte[]> items = new ArrayList<>();
            RlpReader r = RlpReader.ofSingleList(node);
            while (r.hasNext()) {
                items.add(r.readRaw());
            }
            byte[] next;
            if (items.size() == 17) {
                if (pos == path.length) {
                    return new RlpReader(items.get(16)).readBytes();
                }
                next = items.get(path[pos++]);
            } else if (items.size() == 2) {
                byte[] hp = new RlpReader(items.get(0)).readBytes();
                boolean leaf = (hp[0] & 0x20) != 0;
                boolean odd = (hp[0] & 0x10) != 0;
                List<Integer> nibbles = new ArrayList<>();
                if (odd) {
                    nibbles.add(hp[0] & 0x0f);
                }
                for (int i = 1; i < hp.length; i++) {
                    nibbles.add((hp[i] >> 4) & 0x0f);
                    nibbles.add(hp[i] & 0x0f);
                }
                boolean matches = pos + nibbles.size() <= path.length;
                for (int i = 0; matches && i < nibbles.size(); i++) {
                    matches = path[pos + i] == nibbles.get(i);
                }
                if (!matches || (leaf && pos + nibbles.size() != path.length)) {
                    return new byte[0];
                }
                pos += nibbles.size();
                if (leaf) {
                    return new RlpReader(items.get(1)).readBytes();
                }
                next = items.get(1);
            } else {
                return INVALID;
            }
            if (next.length == 1 && next[0] == (byte) 0x80) {
                return new byte[0];
            }
            // A 32-byte hash (RLP string 0xa0...) points into the proof; a list is an embedded node.
            node = next.length == 33 ? byHash.get(Hash.wrap(new RlpReader(next).readBytes())) : next;
        }
        return INVALID;
    }

    @Test
    void proofsOfPresentAndAbsentKeysVerify() {
        Random random = new Random(5);
        int checked = 0;
        for (int size : new int[] {1, 2, 3, 17, 200, 2000}) {
            MerklePatriciaTrie trie = new MerklePatriciaTrie();
            Map<Integer, byte[]> values = new HashMap<>();
            for (int i = 0; i < size; i++) {
                byte[] value = new byte[1 + random.nextInt(40)];
                random.nextBytes(value);
                value[0] |= 1;
                trie.put(Keccak.hash(new byte[] {(byte) i, (byte) (i >> 8)}), value);
                values.put(i, value);
            }
            Hash root = trie.rootHash();
            for (int i = 0; i < size + 50; i++) {
                byte[] key = Keccak.hash(new byte[] {(byte) i, (byte) (i >> 8)});
                byte[] shown = verify(root, key, trie.prove(key));
                assertArrayEquals(values.getOrDefault(i, new byte[0]), shown, "size " + size + " key " + i);
                checked++;
            }
        }
        assertEquals(2523, checked);
    }

    @Test
    void shortKeysWithEmbeddedNodesVerify() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        trie.put(new byte[] {1}, new byte[] {9});
        trie.put(new byte[] {2}, new byte[] {8});
        trie.put(new byte[] {1, 2}, new byte[] {7});
        // Below the root, only nodes of 32 bytes or more appear: shorter ones are inside their parent.
        List<byte[]> proof = trie.prove(new byte[] {1, 2});
        for (byte[] node : proof.subList(1, proof.size())) {
            assertTrue(node.length >= 32, "an embedded node listed on its own");
        }
        assertArrayEquals(new byte[] {7}, verify(trie.rootHash(), new byte[] {1, 2}, trie.prove(new byte[] {1, 2})));
        assertArrayEquals(new byte[] {9}, verify(trie.rootHash(), new byte[] {1}, trie.prove(new byte[] {1})));
        assertArrayEquals(new byte[0], verify(trie.rootHash(), new byte[] {3}, trie.prove(new byte[] {3})));
    }

    @Test
    void aTamperedProofDoesNotVerify() {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        for (int i = 0; i < 500; i++) {
            trie.put(Keccak.hash(new byte[] {(byte) i, 1}), new byte[] {(byte) (i | 1), 2, 3});
        }
        byte[] key = Keccak.hash(new byte[] {7, 1});
        List<byte[]> proof = new ArrayList<>(trie.prove(key));
        assertTrue(proof.size() >= 3, "a deep proof: " + proof.size());
        byte[] middle = proof.get(1).clone();
        middle[middle.length - 1] ^= 1;
        proof.set(1, middle);
        assertNull(verify(trie.rootHash(), key, proof));
        assertEquals(0, new MerklePatriciaTrie().prove(key).size());
    }
}
