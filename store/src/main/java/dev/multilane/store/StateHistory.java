package dev.multilane.store;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Per-block change sets and the history index built from them (Erigon's layout, simplified): for
 * each block, the keys it changed ({@link Column#CHANGESETS}), and for each changed key, the value
 * it had before that block under {@code key ‖ blockNumber} ({@link Column#ACCOUNT_HISTORY}, {@link
 * Column#STORAGE_HISTORY}). Both go into the block's own batch.
 *
 * <p>Reading key K at block N: seek to {@code K ‖ N+1}. The first entry found for K, at block M > N,
 * holds K's value before M, which is its value at N because nothing changed K in between; no entry
 * means K has not changed since N and the flat state has it ({@link HistoricalState}).
 *
 * <p>Rolling back from the head to N: for M = head down to N+1, restore each key of M's change set
 * to its value before M and delete M's block data and history entries, all in one batch. Later
 * writes to a key in a batch win, so the restore from the lowest M (the value at N) is what stays.
 */
final class StateHistory {
    private final ChainStore store;

    StateHistory(ChainStore store) {
        this.store = store;
    }

    /** Block {@code number}'s change set and its history entries, as writes for its batch. */
    OrderedWrites record(long number, ChangeSet changes) {
        OrderedWrites writes = new OrderedWrites(changes.accounts().size() + changes.slots().size() + 1);
        for (Map.Entry<Address, AccountInfo> e : changes.accounts().entrySet()) {
            writes.put(Column.ACCOUNT_HISTORY, StoreKeys.history(e.getKey().bytes(), number),
                    ChangeSet.encodeAccount(e.getValue()));
        }
        for (Map.Entry<ChangeSet.StorageKey, U256> e : changes.slots().entrySet()) {
            ChangeSet.StorageKey k = e.getKey();
            writes.put(Column.STORAGE_HISTORY, StoreKeys.storageHistory(k.address(), k.slot(), number),
                    ChangeSet.encodeSlot(e.getValue()));
        }
        writes.put(Column.CHANGESETS, StoreKeys.number(number), changes.encodeKeys());
        return writes;
    }

    /**
     * The changes that take the state at {@code head} back to the state at block {@code target}: for
     * every key changed in blocks {@code target+1..head}, its value at {@code target}. One entry per
     * account, as {@code WorldState.apply} takes them (a deletion for an account that did not exist).
     */
    List<AccountChange> reverseChanges(ReadOptions options, long head, long target) {
        Map<Address, AccountInfo> accounts = new LinkedHashMap<>();
        Map<Address, Map<U256, U256>> slots = new LinkedHashMap<>();
        // Newest first, each block overwriting: what remains is the value before the lowest block.
        for (long m = head; m > target; m--) {
            ChangeSet.Keys keys = keys(options, m);
            for (Address a : keys.addresses()) {
                AccountInfo prior = ChangeSet.decodeAccount(historyValue(options, Column.ACCOUNT_HISTORY, a.bytes(), m));
                accounts.put(a, prior);
            }
            for (byte[] key : keys.storageKeys()) {
                ChangeSet.StorageKey k = ChangeSet.StorageKey.of(key);
                U256 prior = ChangeSet.decodeSlot(historyValue(options, Column.STORAGE_HISTORY, key, m));
                slots.computeIfAbsent(k.address(), x -> new HashMap<>()).put(k.slot(), prior);
            }
        }
        List<AccountChange> reverse = new ArrayList<>();
        for (Map.Entry<Address, AccountInfo> e : accounts.entrySet()) {
            Address a = e.getKey();
            if (e.getValue() == null) {
                reverse.add(new AccountChange(a, null, null, true, Map.of()));
            } else {
                reverse.add(new AccountChange(a, e.getValue(), null, false, slots.getOrDefault(a, Map.of())));
            }
        }
        // A slot change without an account change does not happen (a block that writes a slot
        // touches its account), but if it did, the account stays as it is.
        for (Map.Entry<Address, Map<U256, U256>> e : slots.entrySet()) {
            if (!accounts.containsKey(e.getKey())) {
                AccountInfo now = ChangeSet.decodeAccount(orEmpty(store.get(Column.ACCOUNTS, options,
                        e.getKey().bytes())));
                if (now != null) {
                    reverse.add(new AccountChange(e.getKey(), now, null, false, e.getValue()));
                }
            }
        }
        return reverse;
    }

    /**
     * Adds to {@code batch} everything that undoes blocks {@code target+1..head}: the flat state
     * restored to block {@code target}, and the blocks' headers, bodies, receipts, canonical
     * entries, transaction index entries, blooms, change sets and history entries deleted. Code
     * stays: it is shared by hash and costs little to keep.
     */
    void writeRollback(WriteBatch batch, long head, long target) throws RocksDBException {
        for (long m = head; m > target; m--) {
            ChangeSet.Keys keys = keys(m);
            for (Address a : keys.addresses()) {
                byte[] historyKey = StoreKeys.history(a.bytes(), m);
                AccountInfo prior = ChangeSet.decodeAccount(historyValue(Column.ACCOUNT_HISTORY, a.bytes(), m));
                if (prior == null) {
                    batch.delete(store.handle(Column.ACCOUNTS), a.bytes());
                } else {
                    batch.put(store.handle(Column.ACCOUNTS), a.bytes(), AccountCodec.encodeFlat(prior));
                }
                batch.delete(store.handle(Column.ACCOUNT_HISTORY), historyKey);
            }
            for (byte[] key : keys.storageKeys()) {
                U256 prior = ChangeSet.decodeSlot(historyValue(Column.STORAGE_HISTORY, key, m));
                if (prior.isZero()) {
                    batch.delete(store.handle(Column.STORAGE), key);
                } else {
                    batch.put(store.handle(Column.STORAGE), key, AccountCodec.encodeSlot(prior));
                }
                batch.delete(store.handle(Column.STORAGE_HISTORY), StoreKeys.history(key, m));
            }
            deleteBlock(batch, m);
        }
    }

    private void deleteBlock(WriteBatch batch, long number) throws RocksDBException {
        byte[] key = StoreKeys.number(number);
        Hash hash = store.canonicalHash(number)
                .orElseThrow(() -> new StoreException("no canonical block " + number + " below the head"));
        Block block = store.block(hash).orElseThrow(() -> new StoreException("no block " + number + " " + hash));
        for (Transaction tx : block.transactions()) {
            batch.delete(store.handle(Column.TX_INDEX), tx.hash().toArray());
        }
        batch.delete(store.handle(Column.HEADERS), hash.toArray());
        byte[] body = store.get(Column.BODIES, hash.toArray());
        if (body != null && StagedRecords.isReference(body)) {
            long stage = StagedRecords.stage(body);
            batch.deleteRange(store.handle(Column.STAGED), StoreKeys.stagedPart(stage, 0),
                    StoreKeys.stagedPart(stage + 1, 0));
        }
        batch.delete(store.handle(Column.BODIES), hash.toArray());
        batch.delete(store.handle(Column.RECEIPTS), hash.toArray());
        batch.delete(store.handle(Column.CANONICAL), key);
        batch.delete(store.handle(Column.BLOOMS), key);
        batch.delete(store.handle(Column.CHANGESETS), key);
    }

    private ChangeSet.Keys keys(long number) {
        return keys(null, number);
    }

    private ChangeSet.Keys keys(ReadOptions options, long number) {
        byte[] key = StoreKeys.number(number);
        byte[] v = options == null ? store.get(Column.CHANGESETS, key) : store.get(Column.CHANGESETS, options, key);
        if (v == null) {
            throw new StoreException("no change set for block " + number + ": cannot roll it back");
        }
        return ChangeSet.decodeKeys(v);
    }

    private byte[] historyValue(Column column, byte[] key, long number) {
        return historyValue(null, column, key, number);
    }

    private byte[] historyValue(ReadOptions options, Column column, byte[] key, long number) {
        byte[] k = StoreKeys.history(key, number);
        byte[] v = options == null ? store.get(column, k) : store.get(column, options, k);
        if (v == null) {
            throw new StoreException("change set of block " + number + " names a key without a history entry");
        }
        return v;
    }

    private static byte[] orEmpty(byte[] v) {
        return v == null ? new byte[0] : v;
    }
}
