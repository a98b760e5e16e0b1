package dev.multilane.store;

import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
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
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

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
    /** From this many keys on, {@link #prepare} hashes keys and encodes leaves in parallel. */
    private static final int PARALLEL_HASHING = 512;

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
     * <p>First the storage tries the block touched, as a parallel stream (one account per task),
     * then the state trie with every touched account's leaf in one batch. Each trie goes through
     * {@link MerklePatriciaTrie#update}, which splits a large batch (a token's thousands of slots,
     * the block's thousands of senders) across the common fork-join pool by first nibble, and the
     * keys are hashed and the leaves encoded on the pool too. The calling thread takes part in each
     * stage, so one big trie uses every core rather than one. The tries share no nodes with each
     * other, and a node's cached hash is safe to fill from any thread ({@code Node}).
     */
    Update prepare(Map<Address, PendingAccount> pending) {
        return tries(null, new ArrayList<>(pending.entrySet()));
    }

    /**
     * {@code base} (an update of these tries) moved on by what {@code touched} did since it was
     * computed ({@link PendingAccount#clearedSinceRoot}, {@link PendingAccount#slotsSinceRoot}):
     * the same tries {@link #prepare} would give for the whole overlay, at the cost of re-hashing
     * only the paths touched since. A block built in parts advances its root part by part.
     */
    Update advance(Update base, List<Map.Entry<Address, PendingAccount>> touched) {
        return tries(base, touched);
    }

    /** {@link #prepare} when {@code base} is null, else {@link #advance}. */
    private Update tries(Update base, List<Map.Entry<Address, PendingAccount>> touched) {
        List<Map.Entry<Address, PendingAccount>> withStorage = new ArrayList<>();
        for (Map.Entry<Address, PendingAccount> e : touched) {
            PendingAccount p = e.getValue();
            boolean storageChanged = base == null ? p.storageCleared || !p.slots.isEmpty()
                    : p.clearedSinceRoot || !p.slotsSinceRoot.isEmpty();
            if (p.info != null && storageChanged) {
                withStorage.add(e);
            }
        }
        List<MerklePatriciaTrie> updated = withStorage.parallelStream()
                .map(e -> storageAfter(base, e.getKey(), e.getValue()))
                .toList();
        Map<Address, MerklePatriciaTrie> nextStorage = base == null ? new HashMap<>() : new HashMap<>(base.storage());
        for (int i = 0; i < updated.size(); i++) {
            nextStorage.put(withStorage.get(i).getKey(), updated.get(i));
        }
        for (Map.Entry<Address, PendingAccount> e : touched) {
            if (e.getValue().info == null) {
                nextStorage.put(e.getKey(), null);
            }
        }
        byte[][] keys = new byte[touched.size()][];
        byte[][] leaves = new byte[touched.size()][];
        forEachIndex(touched.size(), i -> {
            Address address = touched.get(i).getKey();
            AccountInfo info = touched.get(i).getValue().info;
            keys[i] = accountKey(address);
            if (info == null) {
                leaves[i] = Bytes.EMPTY;
            } else {
                leaves[i] = AccountCodec.trieLeaf(info, storageRoot(storageIn(nextStorage, address)));
            }
        });
        MerklePatriciaTrie nextAccounts = (base == null ? accounts : base.accounts()).copy();
        nextAccounts.update(keys, leaves);
        return new Update(nextAccounts, nextStorage, nextAccounts.rootHash());
    }

    /** The storage trie of {@code address} in an update's map, falling back to the head's. */
    private MerklePatriciaTrie storageIn(Map<Address, MerklePatriciaTrie> updated, Address address) {
        return updated.containsKey(address) ? updated.get(address) : storage.get(address);
    }

    /**
     * The storage trie of {@code address} with {@code p}'s slots applied, hashed; null when empty.
     * From the head's trie ({@code base} null: every slot the block wrote), or from {@code base}'s
     * (the slots written since it).
     */
    private MerklePatriciaTrie storageAfter(Update base, Address address, PendingAccount p) {
        boolean cleared = base == null ? p.storageCleared : p.clearedSinceRoot;
        MerklePatriciaTrie start = cleared ? null : base == null ? storage.get(address)
                : storageIn(base.storage(), address);
        MerklePatriciaTrie trie = start == null ? new MerklePatriciaTrie() : start.copy();
        List<U256> written = new ArrayList<>(base == null ? p.slots.keySet() : p.slotsSinceRoot);
        byte[][] keys = new byte[written.size()][];
        byte[][] values = new byte[written.size()][];
        forEachIndex(written.size(), i -> {
            U256 slot = written.get(i);
            U256 value = p.slots.get(slot);
            keys[i] = slotKey(slot);
            // A zero value is an empty trie value, which deletes the key.
            values[i] = value.isZero() ? Bytes.EMPTY : AccountCodec.trieSlot(value);
        });
        trie.update(keys, values);
        return trie.isEmpty() ? null : trie;
    }

    /**
     * Runs {@code action} for 0..count-1, on the fork-join pool when there are enough to be worth
     * it; each index writes only its own array slots, and the stream's end publishes them.
     */
    private static void forEachIndex(int count, IntConsumer action) {
        IntStream range = IntStream.range(0, count);
        (count >= PARALLEL_HASHING ? range.parallel() : range).forEach(action);
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
