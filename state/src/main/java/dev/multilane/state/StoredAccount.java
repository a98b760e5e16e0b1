package dev.multilane.state;

import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import dev.multilane.state.trie.MerklePatriciaTrie;
import java.util.Map;

/**
 * One account of an {@link InMemoryWorldState}: its header, its storage slots for reads, and its
 * storage trie for the root. Writes go to the slots at once and reach the trie only when the root
 * is asked for, so a slot written many times between two roots is hashed once.
 */
final class StoredAccount {
    /** keccak256(address): the account's key in the state trie (Yellow Paper section 4.1). */
    final byte[] trieKey;
    AccountInfo info;
    /**
     * Set while the state trie's leaf for this account is out of date and the account is on its
     * world's list of dirty accounts; cleared when the account is replaced or deleted.
     */
    boolean dirty;
    /** Also remembers which slots were written since the trie was last brought up to date. */
    private final StorageSlots slots;
    private MerklePatriciaTrie storageTrie;

    StoredAccount(byte[] trieKey, AccountInfo info) {
        this(trieKey, info, new StorageSlots(), new MerklePatriciaTrie());
    }

    private StoredAccount(byte[] trieKey, AccountInfo info, StorageSlots slots, MerklePatriciaTrie storageTrie) {
        this.trieKey = trieKey;
        this.info = info;
        this.slots = slots;
        this.storageTrie = storageTrie;
    }

    U256 slot(U256 key) {
        return slots.get(key);
    }

    /** A live, read-only view of the non-zero slots. */
    Map<U256, U256> storage() {
        return slots.asMap();
    }

    boolean hasStorage() {
        return slots.size() > 0;
    }

    /** Zero deletes the slot: the storage trie holds only non-zero values. */
    void setSlot(U256 key, U256 value) {
        slots.put(key, value);
    }

    void clearStorage() {
        slots.clear();
        storageTrie = new MerklePatriciaTrie();
    }

    /** The storage root, after bringing the storage trie up to date with the slots. */
    Hash storageRoot() {
        MerklePatriciaTrie trie = storageTrie;
        slots.flush((key, value) -> {
            byte[] hashedKey = Keccak.hash(key.toBytes());
            if (value.isZero()) {
                trie.delete(hashedKey);
            } else {
                // Storage values are stored as the RLP of their minimal big-endian bytes.
                trie.put(hashedKey, Rlp.encodeU256(value));
            }
        });
        return trie.rootHash();
    }

    /** The account's leaf value in the state trie: rlp([nonce, balance, storageRoot, codeHash]). */
    byte[] trieValue() {
        return Rlp.encodeList(
                Rlp.encodeLong(info.nonce()),
                Rlp.encodeU256(info.balance()),
                Rlp.encodeBytes(storageRoot().bytes()),
                Rlp.encodeBytes(info.codeHash().bytes()));
    }

    /** An independent copy, dirty flag included; the storage trie's nodes are immutable and shared. */
    StoredAccount copy() {
        StoredAccount copy = new StoredAccount(trieKey, info, slots.copy(), storageTrie.copy());
        copy.dirty = dirty;
        return copy;
    }
}
