package dev.multilane.chain.block;

import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The root of the trie mapping rlp(i) to the i-th value (the receipts root; Yellow Paper §4.3),
 * computed with its leaves hashed in parallel. It gives what {@code TrieRoots.ordered} gives, which
 * the tests check; the difference is that a block's leaves (a receipt with its 256-byte bloom is
 * three keccak blocks) are about nine tenths of the hashing, and they are independent once the
 * shape of the trie is known.
 *
 * <p>The shape follows from the sorted keys alone. RLP encodings are prefix-free, so no key ends
 * inside another's path, and the leaf of a key hangs below the branch where it parts from its
 * nearest sorted neighbour: at depth (longest common nibble prefix with either neighbour) + 1,
 * or at the root when it is the only key. Step 1 (parallel) encodes and hashes each leaf at its
 * depth; step 2 (one thread) builds the branches and extensions above them, recursing over the
 * sorted keys, and hashes those few hundred nodes.
 */
public final class OrderedTrieRoot {

    /** Runs an action for each index in [0, count), possibly in parallel; see TransactionsExecutor#forEach. */
    @FunctionalInterface
    public interface IndexRunner {
        void forEach(int count, IntConsumer action);
    }

    private final byte[][] nibbles; // of each key, in sorted order
    private final byte[][] values; // in sorted order
    private final byte[][] leafRefs;

    private OrderedTrieRoot(byte[][] nibbles, byte[][] values) {
        this.nibbles = nibbles;
        this.values = values;
        this.leafRefs = new byte[values.length][];
    }

    /** The root over {@code values}, leaves hashed through {@code runner}. */
    public static Hash of(List<byte[]> values, IndexRunner runner) {
        int n = values.size();
        if (n == 0) {
            return Keccak.EMPTY_TRIE_ROOT;
        }
        byte[][] keys = new byte[n][];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            keys[i] = Rlp.encodeLong(i);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
        byte[][] sortedNibbles = new byte[n][];
        byte[][] sortedValues = new byte[n][];
        for (int j = 0; j < n; j++) {
            sortedNibbles[j] = toNibbles(keys[order[j]]);
            sortedValues[j] = values.get(order[j]);
        }
        OrderedTrieRoot trie = new OrderedTrieRoot(sortedNibbles, sortedValues);
        runner.forEach(n, trie::hashLeaf);
        return Hash.wrap(Keccak.hash(trie.node(0, n, 0)));
    }

    /** Step 1 for the key at sorted position {@code j}: its leaf's reference. */
    private void hashLeaf(int j) {
        int depth = 0;
        if (j > 0) {
            depth = Math.max(depth, commonPrefix(nibbles[j - 1], nibbles[j], 0) + 1);
        }
        if (j + 1 < nibbles.length) {
            depth = Math.max(depth, commonPrefix(nibbles[j], nibbles[j + 1], 0) + 1);
        }
        leafRefs[j] = reference(leaf(j, depth));
    }

    private byte[] leaf(int j, int depth) {
        byte[] path = nibbles[j];
        return Rlp.encodeBytesList(hexPrefix(path, depth, path.length, true), values[j]);
    }

    /** Step 2: the RLP of the node over sorted keys [lo, hi), which share their first {@code depth} nibbles. */
    private byte[] node(int lo, int hi, int depth) {
        if (hi - lo == 1) {
            return leaf(lo, depth); // only the root can be a lone leaf; cheap to redo
        }
        int shared = commonPrefix(nibbles[lo], nibbles[hi - 1], depth);
        if (shared > depth) {
            byte[] child = node(lo, hi, shared);
            return Rlp.encodeList(Rlp.encodeBytes(hexPrefix(nibbles[lo], depth, shared, false)), reference(child));
        }
        byte[][] items = new byte[17][];
        int start = lo;
        for (int nibble = 0; nibble < 16; nibble++) {
            int end = start;
            while (end < hi && nibbles[end][depth] == nibble) {
                end++;
            }
            if (end == start) {
                items[nibble] = Rlp.EMPTY_STRING;
            } else if (end - start == 1) {
                items[nibble] = leafRefs[start];
            } else {
                items[nibble] = reference(node(start, end, depth + 1));
            }
            start = end;
        }
        items[16] = Rlp.EMPTY_STRING; // no key ends at a branch: RLP encodings are prefix-free
        return Rlp.encodeList(items);
    }

    /** How a parent refers to a node: inline when its RLP is shorter than a hash, else by hash. */
    private static byte[] reference(byte[] rlp) {
        return rlp.length < 32 ? rlp : Rlp.encodeBytes(Keccak.hash(rlp));
    }

    /** Length of the common nibble prefix of {@code a} and {@code b}, checked from {@code from}. */
    private static int commonPrefix(byte[] a, byte[] b, int from) {
        int max = Math.min(a.length, b.length);
        int i = from;
        while (i < max && a[i] == b[i]) {
            i++;
        }
        return i;
    }

    /** Hex-prefix encoding (Yellow Paper appendix C) of nibbles [from, to) of {@code path}. */
    private static byte[] hexPrefix(byte[] path, int from, int to, boolean leaf) {
        int length = to - from;
        boolean odd = (length & 1) == 1;
        byte[] out = new byte[length / 2 + 1];
        int flag = (leaf ? 2 : 0) + (odd ? 1 : 0);
        int i = from;
        out[0] = (byte) (flag << 4);
        if (odd) {
            out[0] |= path[i++];
        }
        for (int k = 1; k < out.length; k++, i += 2) {
            out[k] = (byte) ((path[i] << 4) | path[i + 1]);
        }
        return out;
    }

    private static byte[] toNibbles(byte[] key) {
        byte[] out = new byte[key.length * 2];
        for (int i = 0; i < key.length; i++) {
            out[2 * i] = (byte) ((key[i] >> 4) & 0xf);
            out[2 * i + 1] = (byte) (key[i] & 0xf);
        }
        return out;
    }
}
