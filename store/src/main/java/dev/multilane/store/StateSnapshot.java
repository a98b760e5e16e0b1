package dev.multilane.store;

import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.Optional;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.Snapshot;

/**
 * The head and its flat state frozen at one moment (a RocksDB snapshot): what an RPC call such as
 * eth_call or eth_getBalance reads, unaffected by blocks committed (or rolled back) meanwhile; the
 * state at an earlier block comes from the history index through the same snapshot ({@link #at}).
 * Holds native resources and pins old data in the database until closed, which must happen before
 * the store is closed. Thread-safe.
 */
public final class StateSnapshot implements StateView, AutoCloseable {
    private final ChainStore store;
    private final Snapshot snapshot;
    private final ReadOptions readOptions;
    private final FlatState state;
    private final ChainHead head;

    private StateSnapshot(ChainStore store, Snapshot snapshot, ReadOptions readOptions, ChainHead head) {
        this.store = store;
        this.snapshot = snapshot;
        this.readOptions = readOptions;
        this.state = new FlatState(store, readOptions, false);
        this.head = head;
    }

    static StateSnapshot take(ChainStore store) {
        Snapshot snapshot = store.db().getSnapshot();
        ReadOptions readOptions = new ReadOptions().setSnapshot(snapshot);
        try {
            // The block whose state the flat state holds, read through the snapshot too. The store
            // waits for its applier before taking a snapshot, so this is the head unless a block was
            // committed since; then the snapshot is as if taken a moment earlier.
            byte[] head = store.db().get(store.handle(Column.META), readOptions, StoreKeys.META_STATE);
            return new StateSnapshot(store, snapshot, readOptions, head == null ? null : StoreKeys.head(head));
        } catch (RocksDBException e) {
            readOptions.close();
            store.db().releaseSnapshot(snapshot);
            throw new StoreException("reading the head", e);
        }
    }

    /**
     * The state after block {@code number}: this snapshot itself for the head, the history index
     * for an earlier block. Valid until this snapshot is closed.
     *
     * @throws IllegalArgumentException for a block above the snapshot's head
     */
    public StateView at(long number) {
        if (head == null || number < 0 || number > head.number()) {
            throw new IllegalArgumentException("no state for block " + number + " (head "
                    + (head == null ? "none" : head.number()) + ")");
        }
        return number == head.number() ? this : new HistoricalState(store, readOptions, state, number);
    }

    /**
     * An EIP-1186 proof of {@code address} and {@code slots} in the state after block {@code
     * number} (see {@link StateProofs} for what it costs).
     *
     * @throws IllegalArgumentException for a block above the snapshot's head
     */
    public StateProofs.AccountProof proof(long number, Address address, java.util.List<U256> slots) {
        at(number);
        return StateProofs.prove(this, store, number, address, slots);
    }

    FlatState flat() {
        return state;
    }

    ReadOptions readOptions() {
        return readOptions;
    }

    /** The canonical hash at {@code number} as of this snapshot. */
    public Optional<Hash> canonicalHash(long number) {
        try {
            return Optional.ofNullable(store.db().get(store.handle(Column.CANONICAL), readOptions,
                    StoreKeys.number(number))).map(Hash::wrap);
        } catch (RocksDBException e) {
            throw new StoreException("reading the canonical chain", e);
        }
    }

    /** The head this state belongs to; null for a database without a genesis. */
    public ChainHead head() {
        return head;
    }

    @Override
    public AccountInfo account(Address address) {
        return state.account(address);
    }

    @Override
    public byte[] code(Address address) {
        return state.code(address);
    }

    public byte[] code(Hash codeHash) {
        return state.code(codeHash);
    }

    @Override
    public U256 storage(Address address, U256 slot) {
        return state.storage(address, slot);
    }

    @Override
    public boolean hasStorage(Address address) {
        return state.hasStorage(address);
    }

    @Override
    public void close() {
        readOptions.close();
        store.db().releaseSnapshot(snapshot);
    }
}
