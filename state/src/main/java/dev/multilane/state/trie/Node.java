package dev.multilane.state.trie;

import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;

/**
 * A node of a hexary Merkle-Patricia trie (Yellow Paper, appendix D). The empty trie is
 * {@code null}, never a node. Nodes are immutable: an update copies the nodes on the path to the
 * changed key and shares every other subtree, so a subtree's cached {@link #reference()} stays
 * valid for as long as the subtree is reachable, and recomputing a root after a few updates hashes
 * only the copied paths.
 *
 * <p>These are classes rather than records because each carries that lazily computed cache.
 */
abstract sealed class Node permits Node.Leaf, Node.Extension, Node.Branch {
    /**
     * Holds the reference once computed. The array sits behind a final field, so a thread that sees
     * the holder also sees the bytes; two threads racing to fill it compute the same value.
     */
    private static final class Reference {
        final byte[] bytes;

        Reference(byte[] bytes) {
            this.bytes = bytes;
        }
    }

    private Reference reference;

    /** The node's RLP encoding, with each child given by its own {@link #reference()}. */
    abstract byte[] encode();

    /**
     * How a parent refers to this node: the node's RLP itself when it is shorter than 32 bytes
     * (embedded), otherwise the RLP string of its keccak hash (0xa0 followed by 32 bytes). This is
     * c(J, i) of appendix D.
     */
    final byte[] reference() {
        Reference r = reference;
        if (r == null) {
            byte[] rlp = encode();
            byte[] ref = rlp.length < 32 ? rlp : Rlp.encodeBytes(Keccak.hash(rlp));
            r = new Reference(ref);
            reference = r;
        }
        return r.bytes;
    }

    /** A key's remaining nibbles and its value. */
    static final class Leaf extends Node {
        final byte[] path;
        final byte[] value;

        Leaf(byte[] path, byte[] value) {
            this.path = path;
            this.value = value;
        }

        @Override
        byte[] encode() {
            return Rlp.encodeList(Rlp.encodeBytes(Nibbles.hexPrefix(path, true)), Rlp.encodeBytes(value));
        }
    }

    /** A run of nibbles shared by every key below; the child is always a branch. */
    static final class Extension extends Node {
        final byte[] path;
        final Branch child;

        Extension(byte[] path, Branch child) {
            this.path = path;
            this.child = child;
        }

        @Override
        byte[] encode() {
            return Rlp.encodeList(Rlp.encodeBytes(Nibbles.hexPrefix(path, false)), child.reference());
        }
    }

    /**
     * Sixteen children by next nibble and the value of the key that ends here (empty when none).
     * Always holds at least two entries among children and value; fewer collapse into a leaf or
     * an extension.
     */
    static final class Branch extends Node {
        private static final byte[] EMPTY_SLOT = Rlp.EMPTY_STRING;

        /** Never written after construction; updates copy it. */
        private final Node[] children;
        final byte[] value;

        Branch(Node[] children, byte[] value) {
            this.children = children;
            this.value = value;
        }

        Node child(int nibble) {
            return children[nibble];
        }

        Branch withChild(int nibble, Node child) {
            Node[] copy = children.clone();
            copy[nibble] = child;
            return new Branch(copy, value);
        }

        Branch withValue(byte[] newValue) {
            return new Branch(children, newValue);
        }

        /** A copy of the children, for a caller that builds a changed branch from it. */
        Node[] children() {
            return children.clone();
        }

        @Override
        byte[] encode() {
            byte[][] items = new byte[17][];
            for (int i = 0; i < 16; i++) {
                items[i] = children[i] == null ? EMPTY_SLOT : children[i].reference();
            }
            items[16] = Rlp.encodeBytes(value);
            return Rlp.encodeList(items);
        }
    }
}
