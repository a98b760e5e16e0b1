package dev.multilane.store;

import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.U256;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The state after block {@code number}, below the head: each key read from the history index when a
 * later block changed it, else from the flat state (see {@link StateHistory} for the seek). Reads
 * through the {@link ReadOptions} of a {@link StateSnapshot}, so history and flat state are of the
 * same moment. One seek per read; thread-safe as RocksDB reads are.
 */
final class HistoricalState implements StateView {
    private final ChainStore store;
    private final ReadOptions readOptions;
    private final FlatState flat;
    private final long number;

    HistoricalState(ChainStore store, ReadOptions readOptions, FlatState flat, long number) {
        this.store = store;
        this.readOptions = readOptions;
        this.flat = flat;
        this.number = number;
    }

    @Override
    public AccountInfo account(Address address) {
        byte[] prior = firstChangeAfter(Column.ACCOUNT_HISTORY, address.bytes());
        return prior != null ? ChangeSet.decodeAccount(prior) : flat.account(address);
    }

    @Override
    public byte[] code(Address address) {
        AccountInfo info = account(address);
        return info == null || !info.hasCode() ? Bytes.EMPTY : flat.code(info.codeHash());
    }

    @Override
    public U256 storage(Address address, U256 slot) {
        byte[] prior = firstChangeAfter(Column.STORAGE_HISTORY, StoreKeys.storage(address, slot));
        return prior != null ? ChangeSet.decodeSlot(prior) : flat.storage(address, slot);
    }

    /**
     * Whether any slot was non-zero at the block: each slot the account has now or has a history
     * entry for is read at the block. Linear in the account's slots and their history; only the
     * EVM's create-collision check asks, and only for the address being created.
     */
    @Override
    public boolean hasStorage(Address address) {
        if (account(address) == null) {
            return false;
        }
        Set<U256> seen = new HashSet<>();
        boolean[] found = {false};
        flat.scanStorage(address, (slot, value) -> {
            seen.add(slot);
            found[0] = !storage(address, slot).isZero();
            return !found[0];
        });
        if (found[0]) {
            return true;
        }
        byte[] prefix = address.bytes();
        try (RocksIterator it = store.db().newIterator(store.handle(Column.STORAGE_HISTORY), readOptions)) {
            for (it.seek(prefix); it.isValid() && startsWith(it.key(), prefix); it.next()) {
                U256 slot = StoreKeys.storageSlot(it.key());
                if (seen.add(slot) && !storage(address, slot).isZero()) {
                    return true;
                }
            }
            check(it);
        }
        return false;
    }

    /** The value {@code key} had before the first block after {@link #number} that changed it, or null. */
    private byte[] firstChangeAfter(Column column, byte[] key) {
        try (RocksIterator it = store.db().newIterator(store.handle(column), readOptions)) {
            it.seek(StoreKeys.history(key, number + 1));
            if (!it.isValid()) {
                check(it);
                return null;
            }
            byte[] found = it.key();
            return found.length == key.length + 8 && startsWith(found, key) ? it.value() : null;
        }
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static void check(RocksIterator it) {
        try {
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("reading state history", e);
        }
    }
}
