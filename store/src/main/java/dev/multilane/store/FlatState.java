package dev.multilane.store;

import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
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
 * <p>Thread-safe (RocksDB reads are); a view over the latest data may see a commit land between two
 * reads, which is why RPC readers take a {@link StateSnapshot} instead.
 */
public final class FlatState implements StateView {
    private final ChainStore store;
    private final ReadOptions readOptions;

    FlatState(ChainStore store, ReadOptions readOptions) {
        this.store = store;
        this.readOptions = readOptions;
    }

    @Override
    public AccountInfo account(Address address) {
        byte[] v = get(Column.ACCOUNTS, address.bytes());
        return v == null ? null : AccountCodec.decodeFlat(v);
    }

    /** The code stored under {@code codeHash}; empty when unknown or for the empty-code hash. */
    public byte[] code(Hash codeHash) {
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
        byte[] v = get(Column.STORAGE, StoreKeys.storage(address, slot));
        return v == null ? U256.ZERO : AccountCodec.decodeSlot(v);
    }

    @Override
    public boolean hasStorage(Address address) {
        boolean[] any = {false};
        scanStorage(address, (slot, value) -> {
            any[0] = true;
            return false;
        });
        return any[0];
    }

    /** Calls {@code action} with every account, in ascending address order. */
    void forEachAccount(BiConsumer<Address, AccountInfo> action) {
        try (RocksIterator it = store.db().newIterator(store.handle(Column.ACCOUNTS), readOptions)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                action.accept(Address.wrap(it.key()), AccountCodec.decodeFlat(it.value()));
            }
            check(it);
        }
    }

    /** Calls {@code action} with every non-zero slot of every account, grouped by address in ascending order. */
    void forEachSlot(SlotConsumer action) {
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
