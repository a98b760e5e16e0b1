package dev.multilane.state;

import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.Rlp;
import dev.multilane.primitives.U256;
import dev.multilane.state.trie.MerklePatriciaTrie;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One account of an {@link InMemoryWorldState}: its header, its storage as a map for reads, and its
 * storage trie for the root. Writes go to the map at once and reach the trie only when the root is
 * asked for, so a slot written many times between two roots is hashed once.
 */
final class StoredAccount {
    /** keccak256(address): the account's key in the state trie (Yellow Paper section 4.1). */
    final byte[] trieKey;
    AccountInfo info;
    private final Map<U256, U256> storage;
    /** Slots written since the trie was last brought up to date. */
    private final Set<U256> dirtySlots;
    private MerklePatriciaTrie storageTrie;

    StoredAccount(byte[] trieKey, AccountInfo info) {
        this(trieKey, info, new HashMap<>(), new HashSet<>(), new MerklePatriciaTrie());
    }

    private StoredAccount(
            byte[] trieKey, AccountInfo info, Map<U256, U256> storage, Set<U256> dirtySlots,
            MerklePatriciaTrie storageTrie) {
        this.trieKey = trieKey;
        this.info = info;
        this.storage = storage;
        this.dirtySlots = dirtySlots;
        this.storageTrie = storageTrie;
    }

    U256 slot(U256 key) {
        return storage.getOrDefault(key, U256.ZERO);
    }

    Map<U256, U256> storage() {
        return storage;
    }

    /** Zero deletes the slot: the storage trie holds only non-zero values. */
    void setSlot(U256 key, U256 value) {
        if (value.isZero()) {
            storage.remove(key);
        } else {
            storage.put(key, value);
        }
        dirtySlots.add(key);
    }

    void clearStorage() {
        storage.clear();
        dirtySlots.clear();
        storageTrie = new MerklePatriciaTrie();
    }

    /** The storage root, after bringing the storage trie up to date with the map. */
    Hash storageRoot() {
        for (U256 key : dirtySlots) {
            byte[] hashedKey = Keccak.hash(key.toBytes());
            U256 value = storage.get(key);
            if (value == null) {
                storageTrie.delete(hashedKey);
            } else {
                // Storage values are stored as the RLP of their minimal big-endian bytes.
                storageTrie.put(hashedKey, Rlp.encodeU256(value));
            }
        }
        dirtySlots.clear();
        return storageTrie.rootHash();
    }

    /** The account's leaf value in the state trie: rlp([nonce, balance, storageRoot, codeHash]). */
    byte[] trieValue() {
        return Rlp.encodeList(
                Rlp.encodeLong(info.nonce()),
                Rlp.encodeU256(info.balance()),
                Rlp.encodeBytes(storageRoot().bytes()),
                Rlp.encodeBytes(info.codeHash().bytes()));
    }

    /** An independent copy; the storage trie's nodes are immutable and shared. */
    StoredAccount copy() {
        return new StoredAccount(trieKey, info, new HashMap<>(storage), new HashSet<>(dirtySlots), storageTrie.copy());
    }
}
