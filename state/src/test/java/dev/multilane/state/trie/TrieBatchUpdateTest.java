package dev.multilane.state.trie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link MerklePatriciaTrie#update}, split across the fork-join pool or batched on one thread, must
 * build exactly the trie that the same updates give one by one: the same root, the same contents, the same proofs (so the
 * same nodes on every path), and the root of the independent {@link ReferenceTrie}.
 */
class TrieBatchUpdateTest {

    /** Random batches on random tries: inserts, overwrites and deletes of present and absent keys. */
    @Test
    void splitBatchBuildsTheSameTrieAsSequentialPuts() {
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (long seed = 1; seed <= 60; seed++) {
            Random random = new Random(seed);
            // Short keys collide often: long shared paths, extensions, branch values, collapses.
            int keyBytes = 1 + random.nextInt(seed % 3 == 0 ? 2 : 32);
            boolean varied = seed % 4 == 0;
            MerklePatriciaTrie sequential = new MerklePatriciaTrie();
            MerklePatriciaTrie split = new MerklePatriciaTrie();
            MerklePatriciaTrie batched = new MerklePatriciaTrie();
            Map<byte[], byte[]> contents = new TreeMap<>(Arrays::compareUnsigned);
            for (int round = 0; round < 5; round++) {
                List<byte[]> present = new ArrayList<>(contents.keySet());
                int size = round == 4 ? present.size() : 1 + random.nextInt(round == 0 ? 3000 : 1500);
                byte[][] keys = new byte[size][];
                byte[][] values = new byte[size][];
                if (round == 4) {
                    // Wipe all but at most two keys, in random order, so the root branch collapses
                    // into a leaf, an extension or nothing; a few of the deleted keys come back.
                    java.util.Collections.shuffle(present, random);
                    int keep = random.nextInt(3);
                    for (int i = 0; i < size; i++) {
                        keys[i] = present.get(i);
                        values[i] = i < keep ? randomValue(random) : Bytes.EMPTY;
                    }
                    if (size > 10 && random.nextBoolean()) {
                        keys[size - 1] = keys[size - 2];
                        values[size - 1] = randomValue(random);
                    }
                }
                for (int i = 0; round < 4 && i < size; i++) {
                    boolean reuse = !present.isEmpty() && random.nextInt(3) > 0;
                    keys[i] = reuse ? present.get(random.nextInt(present.size()))
                            : randomKey(random, varied ? 1 + random.nextInt(keyBytes) : keyBytes);
                    // About half deletions in later rounds, so whole subtries vanish and branches collapse.
                    boolean delete = round > 0 && random.nextInt(round == 3 ? 10 : 2) > 0;
                    values[i] = delete ? Bytes.EMPTY : randomValue(random);
                }
                for (int i = 0; i < size; i++) {
                    sequential.put(keys[i], values[i]);
                    if (values[i].length == 0) {
                        contents.remove(keys[i]);
                    } else {
                        contents.put(keys[i], values[i]);
                    }
                }
                split.update(keys, values, 1);
                batched.update(keys, values, Integer.MAX_VALUE);
                String where = "seed " + seed + " round " + round;
                if (sameTrie(sequential, split, contents) && sameTrie(sequential, batched, contents)) {
                    passed++;
                } else {
                    failures.add(where);
                }
            }
        }
        System.out.println("batch update vs sequential: " + passed + " passed, " + failures.size() + " failed "
                + failures);
        assertEquals(List.of(), failures);
    }

    /** Deleting all but one key below a branch root leaves a leaf, as sequential deletes do. */
    @Test
    void splitBatchCollapsesTheRootBranch() {
        MerklePatriciaTrie sequential = new MerklePatriciaTrie();
        MerklePatriciaTrie split = new MerklePatriciaTrie();
        byte[][] keys = new byte[64][];
        byte[][] values = new byte[64][];
        for (int i = 0; i < 64; i++) {
            keys[i] = Keccak.hash(new byte[] {(byte) i});
            values[i] = new byte[] {(byte) (i + 1)};
        }
        split.update(keys, values, 1);
        for (int i = 0; i < 64; i++) {
            sequential.put(keys[i], values[i]);
        }
        assertEquals(sequential.rootHash(), split.rootHash());
        byte[][] deletes = new byte[63][];
        for (int i = 0; i < 63; i++) {
            deletes[i] = Bytes.EMPTY;
            sequential.delete(keys[i]);
        }
        split.update(Arrays.copyOf(keys, 63), deletes, 1);
        Hash single = sequential.rootHash();
        assertEquals(single, split.rootHash());
        assertEquals(ReferenceTrie.root(Map.of(keys[63], values[63])), single);
        split.update(new byte[][] {keys[63]}, new byte[][] {Bytes.EMPTY}, 1);
        assertEquals(Keccak.EMPTY_TRIE_ROOT, split.rootHash());
    }

    /** The empty key is the root branch's value; written, overwritten and deleted in a batch. */
    @Test
    void emptyKeyInABatchIsTheRootValue() {
        byte[][] keys = {{0x10}, {0x20}, {}, {0x30}, {}, {0x10, 1}};
        byte[][][] rounds = {{{1}, {2}, {3}, {4}, {5}, {6}}, {{7}, {}, {8}, {}, {}, {}}, {{}, {9}, {10}, {}, {11}, {12}}};
        for (int threshold : new int[] {1, Integer.MAX_VALUE}) {
            MerklePatriciaTrie sequential = new MerklePatriciaTrie();
            MerklePatriciaTrie batched = new MerklePatriciaTrie();
            for (byte[][] values : rounds) {
                for (int i = 0; i < keys.length; i++) {
                    sequential.put(keys[i], values[i]);
                }
                batched.update(keys, values, threshold);
                assertEquals(sequential.rootHash(), batched.rootHash(), "threshold " + threshold);
                assertArrayEquals(sequential.get(new byte[0]), batched.get(new byte[0]));
            }
            assertArrayEquals(new byte[] {11}, batched.get(new byte[0]));
        }
    }

    @Test
    void keysAndValuesMustPair() {
        assertThrows(IllegalArgumentException.class,
                () -> new MerklePatriciaTrie().update(new byte[][] {{1}}, new byte[0][]));
    }

    private static boolean sameTrie(MerklePatriciaTrie sequential, MerklePatriciaTrie split,
            Map<byte[], byte[]> contents) {
        if (!sequential.rootHash().equals(split.rootHash())
                || !ReferenceTrie.root(contents).equals(split.rootHash())) {
            return false;
        }
        List<byte[]> seqPairs = new ArrayList<>();
        List<byte[]> splitPairs = new ArrayList<>();
        sequential.forEach((k, v) -> {
            seqPairs.add(k);
            seqPairs.add(v);
        });
        split.forEach((k, v) -> {
            splitPairs.add(k);
            splitPairs.add(v);
        });
        if (seqPairs.size() != splitPairs.size()) {
            return false;
        }
        for (int i = 0; i < seqPairs.size(); i++) {
            if (!Arrays.equals(seqPairs.get(i), splitPairs.get(i))) {
                return false;
            }
        }
        // Proofs name every node on a path: equal proofs for a sample of keys mean equal nodes there.
        int n = 0;
        for (byte[] key : contents.keySet()) {
            if (n++ % 7 == 0 && !sameProof(sequential.prove(key), split.prove(key))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameProof(List<byte[]> a, List<byte[]> b) {
        return a.size() == b.size()
                && java.util.stream.IntStream.range(0, a.size()).allMatch(i -> Arrays.equals(a.get(i), b.get(i)));
    }

    private static byte[] randomKey(Random random, int length) {
        byte[] key = new byte[length];
        random.nextBytes(key);
        if (length > 1 && random.nextInt(4) == 0) {
            // Crowd the low nibbles so some first nibbles get nothing and others many shared paths.
            key[0] &= 0x13;
        }
        return key;
    }

    private static byte[] randomValue(Random random) {
        byte[] value = new byte[1 + random.nextInt(random.nextBoolean() ? 4 : 40)];
        random.nextBytes(value);
        return value;
    }
}
