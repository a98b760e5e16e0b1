package dev.multilane.state.trie;

import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.state.trie.Node.Branch;
import dev.multilane.state.trie.Node.Extension;
import dev.multilane.state.trie.Node.Leaf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

/**
 * An in-memory hexary Merkle-Patricia trie (Yellow Paper, appendix D) mapping byte-string keys to
 * non-empty byte-string values.
 *
 * <p>The nodes are immutable and shared (see {@link Node}): an update replaces only the nodes on
 * the path to its key, so {@link #rootHash()} after a few updates re-hashes only those paths, and
 * {@link #copy()} is constant time. The trie is kept in its canonical shape after every update (no
 * branch with fewer than two entries, no extension followed by an extension or a leaf), so the root
 * depends only on the set of key/value pairs, not on the order in which they were written.
 *
 * <p>Not thread-safe for writing. Tries that share nodes through {@link #copy()} may be used from
 * different threads.
 */
public final class MerklePatriciaTrie {
    private Node root;

    public MerklePatriciaTrie() {}

    private MerklePatriciaTrie(Node root) {
        this.root = root;
    }

    /** Sets {@code key} to {@code value}; an empty value deletes the key, as appendix D has it. */
    public void put(byte[] key, byte[] value) {
        if (value.length == 0) {
            delete(key);
        } else {
            root = insert(root, Nibbles.of(key), 0, value.clone());
        }
    }

    /** The value stored under {@code key}, or an empty array when there is none. */
    public byte[] get(byte[] key) {
        byte[] path = Nibbles.of(key);
        int pos = 0;
        Node node = root;
        while (node != null) {
            switch (node) {
                case Leaf leaf -> {
                    return Arrays.equals(leaf.path, 0, leaf.path.length, path, pos, path.length)
                            ? leaf.value.clone()
                            : Bytes.EMPTY;
                }
                case Extension ext -> {
                    if (Nibbles.commonPrefix(ext.path, path, pos) != ext.path.length) {
                        return Bytes.EMPTY;
                    }
                    pos += ext.path.length;
                    node = ext.child;
                }
                case Branch branch -> {
                    if (pos == path.length) {
                        return branch.value.clone();
                    }
                    node = branch.child(path[pos++]);
                }
            }
        }
        return Bytes.EMPTY;
    }

    /**
     * A Merkle proof for {@code key} (EIP-1186, as geth's {@code Trie.Prove} builds it): the RLP of
     * every node on the path from the root toward the key, root first, leaving out nodes shorter
     * than 32 bytes, which sit inside their parent's encoding rather than behind a hash. For a key
     * that is absent the path ends where the key leaves the trie, which proves the absence. Empty
     * for the empty trie.
     */
    public List<byte[]> prove(byte[] key) {
        List<byte[]> proof = new ArrayList<>();
        byte[] path = Nibbles.of(key);
        int pos = 0;
        Node node = root;
        while (node != null) {
            if (node == root || node.reference().length == 33) {
                proof.add(node.encode());
            }
            node = switch (node) {
                case Leaf leaf -> null;
                case Extension ext -> {
                    if (Nibbles.commonPrefix(ext.path, path, pos) != ext.path.length) {
                        yield null;
                    }
                    pos += ext.path.length;
                    yield ext.child;
                }
                case Branch branch -> pos == path.length ? null : branch.child(path[pos++]);
            };
        }
        return proof;
    }

    public void delete(byte[] key) {
        root = remove(root, Nibbles.of(key), 0);
    }

    /**
     * Applies {@code keys[i] → values[i]} for every i, in order, as {@link #put} does (an empty
     * value deletes), and hashes the result: afterwards {@link #rootHash()} costs nothing. The arrays
     * are only read.
     *
     * <p>Below a branch the batch is split by next nibble and each child takes its share at once,
     * so a branch that many keys pass through is copied once per batch rather than once per key.
     * A batch of at least {@link #PARALLEL_BATCH} updates to a trie whose root is a branch gives
     * each of the sixteen subtries its own task on the common fork-join pool, where the subtrie is
     * also hashed; the calling thread takes part. The trie's shape depends only on its contents
     * (see the class comment), so either way the nodes and the root are those of the updates one
     * by one; the tests check it on random batches.
     */
    public void update(byte[][] keys, byte[][] values) {
        update(keys, values, PARALLEL_BATCH);
    }

    /** Batches from this size on are split across the fork-join pool by {@link #update}. */
    public static final int PARALLEL_BATCH = 1024;

    /** Groups smaller than this below a branch are applied key by key. */
    private static final int GROUP_BATCH = 4;

    /** {@link #update} with the split threshold given, so tests can force either path. */
    void update(byte[][] keys, byte[][] values, int parallelBatch) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException(keys.length + " keys but " + values.length + " values");
        }
        if (root instanceof Branch branch) {
            byte[][] paths = new byte[keys.length][];
            int[] all = new int[keys.length];
            for (int i = 0; i < keys.length; i++) {
                all[i] = i;
            }
            if (keys.length >= parallelBatch) {
                root = updateSplit(branch, keys, paths, values, all);
            } else {
                for (int i = 0; i < keys.length; i++) {
                    paths[i] = Nibbles.of(keys[i]);
                }
                root = updateBranch(branch, 0, paths, values, all);
            }
        } else {
            for (int i = 0; i < keys.length; i++) {
                put(keys[i], values[i]);
            }
        }
        if (root != null) {
            root.reference();
        }
    }

    /**
     * The root branch with the batch applied, one task per first nibble that has updates; each
     * task also computes its keys' nibble paths and hashes its subtrie. Each writes only its own
     * slots of {@code paths} and {@code children}, and the stream's end publishes them here.
     */
    private static Node updateSplit(Branch branch, byte[][] keys, byte[][] paths, byte[][] values, int[] all) {
        byte[] value = branch.value;
        for (int i : all) {
            if (keys[i].length == 0) {
                value = values[i];
            }
        }
        int[][] groups = groupByNibble(all, i -> keys[i].length == 0 ? -1 : (keys[i][0] >>> 4) & 0xf);
        Node[] children = branch.children();
        IntStream.range(0, 16).parallel().filter(n -> groups[n] != null).forEach(n -> {
            for (int i : groups[n]) {
                paths[i] = Nibbles.of(keys[i]);
            }
            Node child = updateChild(children[n], 1, paths, values, groups[n]);
            if (child != null) {
                child.reference();
            }
            children[n] = child;
        });
        return collapse(children, value.length == 0 ? Bytes.EMPTY : value.clone());
    }

    /** {@code branch}, reached after {@code pos} nibbles, with the updates {@code batch} applied. */
    private static Node updateBranch(Branch branch, int pos, byte[][] paths, byte[][] values, int[] batch) {
        byte[] value = branch.value;
        boolean valueWritten = false;
        for (int i : batch) {
            if (paths[i].length == pos) {
                value = values[i];
                valueWritten = true;
            }
        }
        int[][] groups = groupByNibble(batch, i -> paths[i].length == pos ? -1 : paths[i][pos]);
        Node[] children = branch.children();
        for (int n = 0; n < 16; n++) {
            if (groups[n] != null) {
                children[n] = updateChild(children[n], pos + 1, paths, values, groups[n]);
            }
        }
        return collapse(children, valueWritten && value.length > 0 ? value.clone() : value);
    }

    /** {@code child}, reached after {@code pos} nibbles, with the updates {@code batch} applied. */
    private static Node updateChild(Node child, int pos, byte[][] paths, byte[][] values, int[] batch) {
        if (child instanceof Branch branch && batch.length >= GROUP_BATCH) {
            return updateBranch(branch, pos, paths, values, batch);
        }
        for (int i : batch) {
            child = values[i].length == 0 ? remove(child, paths[i], pos) : insert(child, paths[i], pos, values[i].clone());
        }
        return child;
    }

    /** The indices of {@code batch} by the nibble {@code nibbleOf} gives (-1: none), in batch order; null for none. */
    private static int[][] groupByNibble(int[] batch, java.util.function.IntUnaryOperator nibbleOf) {
        int[] counts = new int[16];
        for (int i : batch) {
            int n = nibbleOf.applyAsInt(i);
            if (n >= 0) {
                counts[n]++;
            }
        }
        int[][] groups = new int[16][];
        for (int n = 0; n < 16; n++) {
            if (counts[n] > 0) {
                groups[n] = new int[counts[n]];
            }
        }
        int[] filled = new int[16];
        for (int i : batch) {
            int n = nibbleOf.applyAsInt(i);
            if (n >= 0) {
                groups[n][filled[n]++] = i;
            }
        }
        return groups;
    }

    public boolean isEmpty() {
        return root == null;
    }

    /** keccak256 of the root node's RLP; {@link Keccak#EMPTY_TRIE_ROOT} for the empty trie. */
    public Hash rootHash() {
        if (root == null) {
            return Keccak.EMPTY_TRIE_ROOT;
        }
        byte[] ref = root.reference();
        // A root shorter than 32 bytes is embedded as itself; the root hash is still its keccak.
        return ref.length == 33 ? Hash.wrap(Arrays.copyOfRange(ref, 1, 33)) : Keccak.of(ref);
    }

    /** An independent trie with the same contents; later writes to either do not affect the other. */
    public MerklePatriciaTrie copy() {
        return new MerklePatriciaTrie(root);
    }

    /** Calls {@code action} with every key and value, in ascending unsigned byte order of keys. */
    public void forEach(BiConsumer<byte[], byte[]> action) {
        walk(root, new byte[0], 0, action);
    }

    // ---- insertion ----

    private static Node insert(Node node, byte[] key, int pos, byte[] value) {
        return switch (node) {
            case null -> new Leaf(Arrays.copyOfRange(key, pos, key.length), value);
            case Leaf leaf -> insertAtLeaf(leaf, key, pos, value);
            case Extension ext -> insertAtExtension(ext, key, pos, value);
            case Branch branch -> insertAtBranch(branch, key, pos, value);
        };
    }

    private static Branch insertAtBranch(Branch branch, byte[] key, int pos, byte[] value) {
        if (pos == key.length) {
            return branch.withValue(value);
        }
        int nibble = key[pos];
        return branch.withChild(nibble, insert(branch.child(nibble), key, pos + 1, value));
    }

    private static Node insertAtLeaf(Leaf leaf, byte[] key, int pos, byte[] value) {
        int common = Nibbles.commonPrefix(leaf.path, key, pos);
        int keyRest = key.length - pos;
        if (common == leaf.path.length && common == keyRest) {
            return new Leaf(leaf.path, value);
        }
        // The keys part ways after `common` nibbles: a branch there holds both, and whichever key
        // ends exactly at the branch becomes its value.
        Node[] children = new Node[16];
        byte[] branchValue = Bytes.EMPTY;
        if (common == leaf.path.length) {
            branchValue = leaf.value;
        } else {
            children[leaf.path[common]] =
                    new Leaf(Arrays.copyOfRange(leaf.path, common + 1, leaf.path.length), leaf.value);
        }
        if (common == keyRest) {
            branchValue = value;
        } else {
            children[key[pos + common]] = new Leaf(Arrays.copyOfRange(key, pos + common + 1, key.length), value);
        }
        return withPrefix(Arrays.copyOfRange(leaf.path, 0, common), new Branch(children, branchValue));
    }

    private static Node insertAtExtension(Extension ext, byte[] key, int pos, byte[] value) {
        int common = Nibbles.commonPrefix(ext.path, key, pos);
        if (common == ext.path.length) {
            return new Extension(ext.path, insertAtBranch(ext.child, key, pos + common, value));
        }
        // The key leaves the extension part way along: split it around a new branch.
        Node[] children = new Node[16];
        byte[] branchValue = Bytes.EMPTY;
        byte[] tail = Arrays.copyOfRange(ext.path, common + 1, ext.path.length);
        children[ext.path[common]] = tail.length == 0 ? ext.child : new Extension(tail, ext.child);
        if (pos + common == key.length) {
            branchValue = value;
        } else {
            children[key[pos + common]] = new Leaf(Arrays.copyOfRange(key, pos + common + 1, key.length), value);
        }
        return withPrefix(Arrays.copyOfRange(ext.path, 0, common), new Branch(children, branchValue));
    }

    private static Node withPrefix(byte[] prefix, Branch branch) {
        return prefix.length == 0 ? branch : new Extension(prefix, branch);
    }

    // ---- deletion ----

    /** The subtree without {@code key}; the same node when the key was absent. */
    private static Node remove(Node node, byte[] key, int pos) {
        return switch (node) {
            case null -> null;
            case Leaf leaf -> Arrays.equals(leaf.path, 0, leaf.path.length, key, pos, key.length) ? null : leaf;
            case Extension ext -> {
                if (Nibbles.commonPrefix(ext.path, key, pos) != ext.path.length) {
                    yield ext;
                }
                Node child = remove(ext.child, key, pos + ext.path.length);
                yield child == ext.child ? ext : prefixed(ext.path, child);
            }
            case Branch branch -> {
                if (pos == key.length) {
                    yield branch.value.length == 0 ? branch : collapse(branch.children(), Bytes.EMPTY);
                }
                int nibble = key[pos];
                Node child = branch.child(nibble);
                Node updated = remove(child, key, pos + 1);
                if (updated == child) {
                    yield branch;
                }
                Node[] children = branch.children();
                children[nibble] = updated;
                yield collapse(children, branch.value);
            }
        };
    }

    /** A branch when at least two entries remain, otherwise the single remaining entry. */
    private static Node collapse(Node[] children, byte[] value) {
        int count = 0;
        int last = -1;
        for (int i = 0; i < 16; i++) {
            if (children[i] != null) {
                count++;
                last = i;
            }
        }
        if (count + (value.length == 0 ? 0 : 1) >= 2) {
            return new Branch(children, value);
        }
        if (count == 0) {
            return value.length == 0 ? null : new Leaf(Nibbles.NONE, value);
        }
        return prefixed(new byte[] {(byte) last}, children[last]);
    }

    /** {@code node} moved down by {@code prefix}, merged with it when it starts with a path. */
    private static Node prefixed(byte[] prefix, Node node) {
        return switch (node) {
            case null -> null;
            case Leaf leaf -> new Leaf(Nibbles.concat(prefix, leaf.path), leaf.value);
            case Extension ext -> new Extension(Nibbles.concat(prefix, ext.path), ext.child);
            case Branch branch -> new Extension(prefix, branch);
        };
    }

    // ---- iteration ----

    private static void walk(Node node, byte[] prefix, int length, BiConsumer<byte[], byte[]> action) {
        switch (node) {
            case null -> {}
            case Leaf leaf -> {
                byte[] full = append(prefix, length, leaf.path);
                action.accept(Nibbles.toBytes(full, full.length), leaf.value.clone());
            }
            case Extension ext -> {
                byte[] full = append(prefix, length, ext.path);
                walk(ext.child, full, full.length, action);
            }
            case Branch branch -> {
                // A key that ends here is a prefix of every key below, so it sorts first.
                if (branch.value.length != 0) {
                    action.accept(Nibbles.toBytes(prefix, length), branch.value.clone());
                }
                for (int i = 0; i < 16; i++) {
                    if (branch.child(i) != null) {
                        byte[] next = Arrays.copyOf(prefix, length + 1);
                        next[length] = (byte) i;
                        walk(branch.child(i), next, length + 1, action);
                    }
                }
            }
        }
    }

    private static byte[] append(byte[] prefix, int length, byte[] path) {
        byte[] out = Arrays.copyOf(prefix, length + path.length);
        System.arraycopy(path, 0, out, length, path.length);
        return out;
    }
}
