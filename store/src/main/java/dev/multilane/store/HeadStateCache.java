package dev.multilane.store;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The committed head state in memory, filled on first read from the {@link FlatState} and written
 * through by the store's applier after it has written each block's state ({@link
 * ChainStore#commit}). Until then the block's {@link StateDiff} is pending, and every read here
 * looks in the pending diffs first, newest block first, as the flat state view does; the entries
 * below them hold the state of the last applied block. A block reads each sender, recipient and
 * slot at least twice (execution, then the change set's prior values), and each RocksDB point read
 * is a JNI call that copies the key and value across; from this map a read is one hash lookup.
 *
 * <p>Memory: only what blocks touched is held, and everything is dropped when more than {@link
 * #MAX_ACCOUNTS} accounts are cached (the reads then refill it); the in-memory {@link StateTries}
 * already hold the whole state, so this is the smaller of the two.
 *
 * <p>Threading: any number of readers (the parallel executor's workers, the pool) at any time;
 * one writer: the store's applier in {@link #committed}, and the owning {@link PersistentWorldState}
in {@link #clear} (after the applier is done).
 * Fills go through {@code computeIfAbsent}, which is atomic per key, so a fill that read the flat
 * state before a commit cannot overwrite the value the commit wrote after it. A reader running
 * during a commit may see some of the block's writes and not others, exactly as with a read of the
 * live flat state.
 *
 * <p>Whether an account holds storage is cached too: the parallel executor asks it for the fee
 * recipient after every transaction, and the flat state answers with an iterator seek. The answer
 * is a word in the entry ({@link Entry#storage}) that a commit rewrites and a fill may only set
 * with a compare-and-set on the word it read before asking the flat state, so a fill that read the
 * state before a commit landed cannot overwrite what that commit decided.
 */
final class HeadStateCache implements StateView {
    /** Past this many cached accounts a commit empties the cache (a crude bound, rarely reached). */
    static final int MAX_ACCOUNTS = 2_000_000;
    /** Code is immutable per hash; a bounded map of it needs no invalidation. */
    private static final int MAX_CODES = 10_000;

    /** {@link Entry#storage}'s low two bits: whether the account holds a non-zero slot. */
    private static final int UNKNOWN = 0;
    private static final int NONE = 1;
    private static final int SOME = 2;
    private static final int KNOWN_BITS = 3;
    /** Added to {@link Entry#storage} by each commit that rewrites it; a pending fill's CAS then fails. */
    private static final int STAMP = 4;

    /** One account: null info means it does not exist; its slots as far as read or written. */
    private static final class Entry {
        volatile AccountInfo info;
        final Map<U256, U256> slots = new ConcurrentHashMap<>();
        /**
         * {@link #UNKNOWN}, {@link #NONE} or {@link #SOME} in the low bits, above them a count of the
         * commits that rewrote it. Written by the committing thread with a volatile store and by
         * fills with a CAS ({@link #STORAGE_WORD}).
         */
        volatile int storage;

        Entry(AccountInfo info) {
            this.info = info;
        }

        Entry(AccountInfo info, int storage) {
            this.info = info;
            this.storage = storage;
        }
    }

    private static final VarHandle STORAGE_WORD;

    static {
        try {
            STORAGE_WORD = MethodHandles.lookup().findVarHandle(Entry.class, "storage", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
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
        AccountChange c = StateDiff.newest(flat.pendingDiffs(), address);
        if (c != null) {
            return c.info();
        }
        return entry(address).info;
    }

    @Override
    public U256 storage(Address address, U256 slot) {
        U256 decided = StateDiff.slot(flat.pendingDiffs(), address, slot);
        if (decided != null) {
            return decided;
        }
        Entry e = entry(address);
        if (e.info == null) {
            return U256.ZERO;
        }
        return e.slots.computeIfAbsent(slot, s -> flat.storage(address, s));
    }

    @Override
    public boolean hasStorage(Address address) {
        StateDiff[] diffs = flat.pendingDiffs();
        for (int i = diffs.length - 1; i >= 0; i--) {
            AccountChange c = diffs[i].get(address);
            if (c == null) {
                continue;
            }
            if (c.deleted() || c.storageCleared() || (c.storage() != null && !c.storage().isEmpty())) {
                // The pending blocks wrote or wiped its storage: the flat state view settles it.
                return flat.hasStorage(address);
            }
        }
        Entry e = entry(address);
        int word = e.storage;
        int known = word & KNOWN_BITS;
        if (known != UNKNOWN) {
            return known == SOME;
        }
        boolean any = flat.hasStorage(address);
        // Fails when a commit rewrote the word meanwhile: this answer may predate it, so it is not kept.
        STORAGE_WORD.compareAndSet(e, word, (word & ~KNOWN_BITS) | (any ? SOME : NONE));
        return any;
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
     * PersistentWorldState#pendingChanges} gives). The store's applier calls it after the block's
     * state is in the flat state and before it drops the block's diff.
     */
    void committed(List<AccountChange> changes) {
        if (accounts.size() > MAX_ACCOUNTS) {
            accounts.clear();
            return;
        }
        for (AccountChange c : changes) {
            Map<U256, U256> written = c.storage() == null ? Map.of() : c.storage();
            if (c.deleted() || c.storageCleared()) {
                // Everything stored before is gone; a fresh entry forgets the cached slots at once,
                // and what it holds now is exactly the slots written since.
                Entry fresh = new Entry(c.deleted() ? null : c.info(),
                        !c.deleted() && anyNonZero(written) ? SOME : NONE);
                if (!c.deleted()) {
                    fresh.slots.putAll(written);
                }
                accounts.put(c.address(), fresh);
                continue;
            }
            Entry e = accounts.get(c.address());
            if (e == null) {
                e = new Entry(c.info(), anyNonZero(written) ? SOME : UNKNOWN);
                accounts.put(c.address(), e);
            }
            // Slots first, then the account: a reader that sees the new account finds its new slots.
            if (!written.isEmpty()) {
                e.slots.putAll(written);
                int word = e.storage;
                e.storage = ((word & ~KNOWN_BITS) + STAMP) | storageAfter(word & KNOWN_BITS, written);
            }
            e.info = c.info();
        }
    }

    /**
     * Whether an account holds storage after slot writes, given what was known before: a non-zero
     * write means yes; zeroings alone leave none as none, but may have removed the last slot of an
     * account that had some, which only a scan can tell. Holds whether {@code before} was read
     * before the block's batch landed or after it, so a fill that won the race does no harm.
     */
    private static int storageAfter(int before, Map<U256, U256> written) {
        return anyNonZero(written) ? SOME : before == NONE ? NONE : UNKNOWN;
    }

    private static boolean anyNonZero(Map<U256, U256> slots) {
        for (U256 value : slots.values()) {
            if (!value.isZero()) {
                return true;
            }
        }
        return false;
    }

    /** Forgets everything (after a rollback rewrote the flat state). */
    void clear() {
        accounts.clear();
    }
}
