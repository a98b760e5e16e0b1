package dev.multilane.state.trie;

import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import java.util.List;
import java.util.Map;

/** Roots of tries built in one go, as block headers commit to them. */
public final class TrieRoots {
    private TrieRoots() {}

    /**
     * The root of a trie that maps rlp(i) to the i-th value: the transactions, receipts and
     * withdrawals roots of a block header (Yellow Paper section 4.3; EIP-4895 for withdrawals). Each
     * value is the item's encoding as it goes into the trie (an RLP list, or a typed envelope).
     */
    public static Hash ordered(List<byte[]> values) {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        for (int i = 0; i < values.size(); i++) {
            trie.put(Rlp.encodeLong(i), values.get(i));
        }
        return trie.rootHash();
    }

    /** The root of a trie holding the given keys and values as they are. */
    public static Hash plain(Iterable<? extends Map.Entry<byte[], byte[]>> entries) {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        for (Map.Entry<byte[], byte[]> e : entries) {
            trie.put(e.getKey(), e.getValue());
        }
        return trie.rootHash();
    }

    /**
     * The root of a "secure" trie, where each key is replaced by its keccak256 hash before
     * insertion, as the state and storage tries do (Yellow Paper section 4.1).
     */
    public static Hash secure(Iterable<? extends Map.Entry<byte[], byte[]>> entries) {
        MerklePatriciaTrie trie = new MerklePatriciaTrie();
        for (Map.Entry<byte[], byte[]> e : entries) {
            trie.put(Keccak.hash(e.getKey()), e.getValue());
        }
        return trie.rootHash();
    }
}
