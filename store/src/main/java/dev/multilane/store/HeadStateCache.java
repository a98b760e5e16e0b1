package dev.multilane.store;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The committed head state in memory, filled on first read from the {@link FlatState} and written
 * through by {@link PersistentWorldState} at every commit. A block reads each sender, recipient and
 * slot at least twice (execution, then the change set's prior values), and each RocksDB point read
 * is a JNI call that copies the key and value across; from this map a read is one hash lookup.
 *
 * <p>Memory: only what blocks touched is held, and everything is dropped when more than {@link
 * #MAX_ACCOUNTS} accounts are cached (the reads then refill it); the in-memory {@link StateTries}
 * already hold the whole state, so this is the smaller of the two.
 *
 * <p>Threading: any number of readers (the parallel executor's workers, the pool) at any time;
 * one writer, the owning {@link PersistentWorldState}, in {@link #committed} and {@link #clear}.
 * Fills go through {@code computeIfAbsent}, which is atomic per key, so a fill that read the flat
 * state before a commit cannot overwrite the value the commit wrote after it. A reader running
 * during a commit may see some of the block's writes and not others, exactly as with a read of the
 * live flat state.
 */
final class HeadStateCache implements StateView {
    /** Past this many cached accounts a commit empties the cache (a crude bound, rarely reached). */
    static final int MAX_ACCOUNTS = 2_000_000;
    /** Code is immutable per hash; a bounded map of it needs no invalidation. */
    private static final int MAX_CODES = 10_000;

    /** One account: null info means it does not exist; its slots as far as read or written. */
    private static final class Entry {
        volatile AccountInfo info;
        final Map<U256, U256> slots = new ConcurrentHashMap<>();

        Entry(AccountInfo info) {
            this.info = info;
        }
    }

    private final FlatState flat;
    private final Map<Address, Entry> accounts = new ConcurrentHashMap<>();
    private final Map<Hash, byte[]> codes = new ConcurrentHashMap<>();

    HeadStateCache(FlatState flat) {
        this.flat = flat;
    }

    private Entry entry(Address address) {
        return accounts.computeIfAbsent(address, a -> new Entry(flat.account(a)));
    }

    @Override
    public AccountInfo account(Address address) {
        return entry(address).info;
    }

    @Override
    public U256 storage(Address address, U256 slot) {
        Entry e = entry(address);
        if (e.info == null) {
            return U256.ZERO;
        }
        return e.slots.computeIfAbsent(slot, s -> flat.storage(address, s));
    }

    @Override
    public boolean hasStorage(Address address) {
        return flat.hasStorage(address);
    }

    @Override
    public byte[] code(Address address) {
        AccountInfo info = account(address);
        return info == null || !info.hasCode() ? Bytes.EMPTY : code(info.codeHash());
    }

    /** The code stored under {@code codeHash}; shared, never to be modified. */
    byte[] code(Hash codeHash) {
        byte[] code = codes.get(codeHash);
        if (code == null) {
            code = flat.code(codeHash);
            if (code.length > 0 && codes.size() < MAX_CODES) {
                codes.put(codeHash, code);
            }
        }
        return code;
    }

    /**
     * Writes a committed block's changes through (the merged, one-per-account form {@link
     * PersistentWorldState#pendingChanges} gives). Call after the batch is durable.
     */
    void committed(List<AccountChange> changes) {
        if (accounts.size() > MAX_ACCOUNTS) {
            accounts.clear();
            return;
        }
        for (AccountChange c : changes) {
            if (c.deleted() || c.storageCleared()) {
                // Everything stored before is gone; a fresh entry forgets the cached slots at once.
                Entry fresh = new Entry(c.deleted() ? null : c.info());
                if (!c.deleted() && c.storage() != null) {
                    fresh.slots.putAll(c.storage());
                }
                accounts.put(c.address(), fresh);
                continue;
            }
            Entry e = accounts.get(c.address());
            if (e == null) {
                e = new Entry(c.info());
                accounts.put(c.address(), e);
            }
            // Slots first, then the account: a reader that sees the new account finds its new slots.
            if (c.storage() != null) {
                e.slots.putAll(c.storage());
            }
            e.info = c.info();
        }
    }

    /** Forgets everything (after a rollback rewrote the flat state). */
    void clear() {
        accounts.clear();
    }
}
