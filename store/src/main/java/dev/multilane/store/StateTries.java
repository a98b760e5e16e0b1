package dev.multilane.store;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.trie.MerklePatriciaTrie;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The state trie and every account's storage trie at the head, in memory, built once from the flat
 * state when the database opens and then moved forward block by block. Only the roots are needed
 * (the flat state answers reads), so nothing here is persisted: reopening rebuilds them, which
 * costs time in proportion to the whole state. Fine for a dev chain; persisting trie nodes is
 * future work.
 *
 * <p>The tries are the state module's {@link MerklePatriciaTrie}, whose nodes are immutable: {@link
 * #prepare} copies a trie in constant time and re-hashes only the paths a block touched, so a block's
 * root costs in proportion to what the block changed, and a block that is never committed leaves
 * the head's tries as they were. Not thread-safe.
 */
final class StateTries {
    private MerklePatriciaTrie accounts;
    /** The storage trie of every account with at least one non-zero slot; absent means empty. */
    private final Map<Address, MerklePatriciaTrie> storage;

    private StateTries(MerklePatriciaTrie accounts, Map<Address, MerklePatriciaTrie> storage) {
        this.accounts = accounts;
        this.storage = storage;
    }

    /** The tries after a block's changes, ready to be installed once the block is committed. */
    record Update(MerklePatriciaTrie accounts, Map<Address, MerklePatriciaTrie> storage, Hash root) {}

    /** Builds the tries of everything in {@code state}; a slot of a missing account is corruption. */
    static StateTries build(FlatState state) {
        Map<Address, MerklePatriciaTrie> storage = new HashMap<>();
        state.forEachSlot((address, slot, value) -> storage.computeIfAbsent(address, a -> new MerklePatriciaTrie())
                .put(slotKey(slot), AccountCodec.trieSlot(value)));
        MerklePatriciaTrie accounts = new MerklePatriciaTrie();
        Set<Address> withoutAccount = new HashSet<>(storage.keySet());
        state.forEachAccount((address, info) -> {
            withoutAccount.remove(address);
            accounts.put(accountKey(address), AccountCodec.trieLeaf(info, storageRoot(storage.get(address))));
        });
        if (!withoutAccount.isEmpty()) {
            throw new StoreException("storage slots of " + withoutAccount.size() + " missing accounts, e.g. "
                    + withoutAccount.iterator().next());
        }
        return new StateTries(accounts, storage);
    }

    Hash root() {
        return accounts.rootHash();
    }

    /**
     * The tries with {@code pending} applied; these stay as they are.
     *
     * <p>The storage tries are updated and hashed on the common fork-join pool, one task per
     * account, while this thread updates the state trie for the accounts whose storage the block
     * did not touch; the accounts with new storage roots go in last. The tries share no nodes with
     * each other, and a node's cached hash is safe to fill from any thread ({@code Node}).
     */
    Update prepare(Map<Address, PendingAccount> pending) {
        List<Map.Entry<Address, PendingAccount>> withStorage = new ArrayList<>();
        for (Map.Entry<Address, PendingAccount> e : pending.entrySet()) {
            PendingAccount p = e.getValue();
            if (p.info != null && (p.storageCleared || !p.slots.isEmpty())) {
                withStorage.add(e);
            }
        }
        CompletableFuture<List<MerklePatriciaTrie>> storageTries = CompletableFuture.supplyAsync(
                () -> withStorage.parallelStream().map(e -> storageAfter(e.getKey(), e.getValue())).toList());
        MerklePatriciaTrie nextAccounts = accounts.copy();
        Map<Address, MerklePatriciaTrie> nextStorage = new HashMap<>();
        pending.forEach((address, p) -> {
            if (p.info == null) {
                nextAccounts.delete(accountKey(address));
                nextStorage.put(address, null);
            } else if (!p.storageCleared && p.slots.isEmpty()) {
                nextAccounts.put(accountKey(address), AccountCodec.trieLeaf(p.info, storageRoot(storage.get(address))));
            }
        });
        List<MerklePatriciaTrie> updated = storageTries.join();
        for (int i = 0; i < updated.size(); i++) {
            Address address = withStorage.get(i).getKey();
            MerklePatriciaTrie trie = updated.get(i);
            nextAccounts.put(accountKey(address), AccountCodec.trieLeaf(withStorage.get(i).getValue().info,
                    storageRoot(trie)));
            nextStorage.put(address, trie);
        }
        return new Update(nextAccounts, nextStorage, nextAccounts.rootHash());
    }

    /** The storage trie of {@code address} with {@code p}'s slots applied, hashed; null when empty. */
    private MerklePatriciaTrie storageAfter(Address address, PendingAccount p) {
        MerklePatriciaTrie trie = p.storageCleared || !storage.containsKey(address)
                ? new MerklePatriciaTrie()
                : storage.get(address).copy();
        p.slots.forEach((slot, value) -> {
            if (value.isZero()) {
                trie.delete(slotKey(slot));
            } else {
                trie.put(slotKey(slot), AccountCodec.trieSlot(value));
            }
        });
        if (trie.isEmpty()) {
            return null;
        }
        trie.rootHash();
        return trie;
    }

    /** Makes {@code update} the head's tries. */
    void install(Update update) {
        accounts = update.accounts();
        update.storage().forEach((address, trie) -> {
            if (trie == null) {
                storage.remove(address);
            } else {
                storage.put(address, trie);
            }
        });
    }

    /** The storage trie of {@code address}, or null when it has no non-zero slot. */
    MerklePatriciaTrie storageTrie(Address address) {
        return storage.get(address);
    }

    /** The state trie nodes on the path to {@code address} (EIP-1186). */
    java.util.List<byte[]> proveAccount(Address address) {
        return accounts.prove(accountKey(address));
    }

    private static Hash storageRoot(MerklePatriciaTrie trie) {
        return trie == null ? Keccak.EMPTY_TRIE_ROOT : trie.rootHash();
    }

    /** keccak256(address): secure trie keys (Yellow Paper section 4.1). */
    private static byte[] accountKey(Address address) {
        return Keccak.hash(address.bytes());
    }

    static byte[] slotKey(U256 slot) {
        return Keccak.hash(slot.toBytes());
    }
}
