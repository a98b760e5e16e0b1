package dev.multilane.store;

import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * The flat state at the head: each account, slot and code read with one key lookup, no trie walk.
 * Reads through the {@link ReadOptions} it was made with: the latest committed data, or a RocksDB
 * snapshot for a {@link StateSnapshot}.
 *
 * <p>The store's view of the latest data ({@link ChainStore#state()}) also sees the state diffs of
 * committed blocks that the store has not yet applied to the flat state ({@link StateDiff}): its
 * point reads look in them first, newest block first, so it answers as the flat state at the head.
 * Its scans wait until those diffs are applied when one of them touches the scanned account (the
 * whole-state scans always wait). The other views (a snapshot's, the store's own raw view) read
 * RocksDB only.
 *
 * <p>Thread-safe (RocksDB reads are); a view over the latest data may see a commit land between two
 * reads, which is why RPC readers take a {@link StateSnapshot} instead.
 */
public final class FlatState implements StateView {
    private final ChainStore store;
    private final ReadOptions readOptions;
    private static final StateDiff[] NO_DIFFS = new StateDiff[0];
    /** Whether reads see the store's unapplied diffs (the latest view). */
    private final boolean withDiffs;

    FlatState(ChainStore store, ReadOptions readOptions, boolean withDiffs) {
        this.store = store;
        this.readOptions = readOptions;
        this.withDiffs = withDiffs;
    }

    @Override
    public AccountInfo account(Address address) {
        if (withDiffs) {
            AccountChange c = StateDiff.newest(store.unappliedDiffs(), address);
            if (c != null) {
                return c.info();
            }
        }
        byte[] v = get(Column.ACCOUNTS, address.bytes());
        return v == null ? null : AccountCodec.decodeFlat(v);
    }

    /** The code stored under {@code codeHash}; empty when unknown or for the empty-code hash. */
    public byte[] code(Hash codeHash) {
        if (withDiffs) {
            StateDiff[] diffs = store.unappliedDiffs();
            for (int i = diffs.length - 1; i >= 0; i--) {
                byte[] code = diffs[i].code(codeHash);
                if (code != null) {
                    return code;
                }
            }
        }
        byte[] v = get(Column.CODE, codeHash.bytes());
        return v == null ? Bytes.EMPTY : v;
    }

    @Override
    public byte[] code(Address address) {
        AccountInfo info = account(address);
        return info == null || !info.hasCode() ? Bytes.EMPTY : code(info.codeHash());
    }

    @Override
    public U256 storage(Address address, U256 slot) {
        if (withDiffs) {
            U256 decided = StateDiff.slot(store.unappliedDiffs(), address, slot);
            if (decided != null) {
                return decided;
            }
        }
        byte[] v = get(Column.STORAGE, StoreKeys.storage(address, slot));
        return v == null ? U256.ZERO : AccountCodec.decodeSlot(v);
    }

    @Override
    public boolean hasStorage(Address address) {
        Set<U256> zeroed = Set.of();
        if (withDiffs) {
            // Newest block first: a slot's first sighting is its value at the head. A non-zero one
            // settles it; a deletion or reset means only the newer blocks' slots (all zero) count.
            StateDiff[] diffs = store.unappliedDiffs();
            for (int i = diffs.length - 1; i >= 0; i--) {
                AccountChange c = diffs[i].get(address);
                if (c == null) {
                    continue;
                }
                if (c.storage() != null) {
                    for (Map.Entry<U256, U256> e : c.storage().entrySet()) {
                        if (!zeroed.contains(e.getKey())) {
                            if (!e.getValue().isZero()) {
                                return true;
                            }
                            if (zeroed.isEmpty()) {
                                zeroed = new HashSet<>();
                            }
                            zeroed.add(e.getKey());
                        }
                    }
                }
                if (c.deleted() || c.storageCleared()) {
                    return false;
                }
            }
        }
        // A stored slot counts unless a newer block zeroed it.
        Set<U256> overwritten = zeroed;
        boolean[] any = {false};
        scanStored(address, (slot, value) -> {
            any[0] = !overwritten.contains(slot);
            return !any[0];
        });
        return any[0];
    }

    /** Calls {@code action} with every account, in ascending address order. */
    void forEachAccount(BiConsumer<Address, AccountInfo> action) {
        awaitDiffs();
        try (RocksIterator it = store.db().newIterator(store.handle(Column.ACCOUNTS), readOptions)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                action.accept(Address.wrap(it.key()), AccountCodec.decodeFlat(it.value()));
            }
            check(it);
        }
    }

    /** Calls {@code action} with every non-zero slot of every account, grouped by address in ascending order. */
    void forEachSlot(SlotConsumer action) {
        awaitDiffs();
        try (RocksIterator it = store.db().newIterator(store.handle(Column.STORAGE), readOptions)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                action.accept(StoreKeys.storageAddress(key), StoreKeys.storageSlot(key),
                        AccountCodec.decodeSlot(it.value()));
            }
            check(it);
        }
    }

    /**
     * Calls {@code action} with each non-zero slot of {@code address} in ascending slot order, for as
     * long as it returns true.
     */
    void scanStorage(Address address, BiPredicate<U256, U256> action) {
        if (withDiffs) {
            for (StateDiff diff : store.unappliedDiffs()) {
                if (diff.get(address) != null) {
                    store.awaitState();
                    break;
                }
            }
        }
        scanStored(address, action);
    }

    /** {@link #scanStorage} over what RocksDB holds, without the unapplied diffs. */
    private void scanStored(Address address, BiPredicate<U256, U256> action) {
        try (Slice upper = new Slice(StoreKeys.storageEnd(address));
                ReadOptions bounded = boundedCopy(upper);
                RocksIterator it = store.db().newIterator(store.handle(Column.STORAGE), bounded)) {
            for (it.seek(StoreKeys.storageStart(address)); it.isValid(); it.next()) {
                if (!action.test(StoreKeys.storageSlot(it.key()), AccountCodec.decodeSlot(it.value()))) {
                    break;
                }
            }
            check(it);
        }
    }

    /** The unapplied diffs this view reads on top of RocksDB, oldest first (none for the other views). */
    StateDiff[] pendingDiffs() {
        return withDiffs ? store.unappliedDiffs() : NO_DIFFS;
    }

    /** For the scans that cover the whole state: the latest view first waits until the diffs are applied. */
    private void awaitDiffs() {
        if (withDiffs) {
            store.awaitState();
        }
    }

    @FunctionalInterface
    interface SlotConsumer {
        void accept(Address address, U256 slot, U256 value);
    }

    /** A copy of this view's read options (same snapshot, if any) with an upper bound for one scan. */
    private ReadOptions boundedCopy(Slice upper) {
        ReadOptions copy = new ReadOptions(readOptions);
        copy.setIterateUpperBound(upper);
        return copy;
    }

    private byte[] get(Column column, byte[] key) {
        try {
            return store.db().get(store.handle(column), readOptions, key);
        } catch (RocksDBException e) {
            throw new StoreException("reading " + column, e);
        }
    }

    private static void check(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("iterating the flat state", e);
        }
    }
}
