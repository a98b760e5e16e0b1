package dev.multilane.store;

import dev.multilane.chain.LogsBloom;
import dev.multilane.chain.Receipt;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.primitives.Rlp;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.store.CommitOutcome.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The node's database: one RocksDB instance holding the canonical chain (headers, bodies,
 * receipts), its indexes and the flat state at the head. See the package documentation for the
 * layout and the crash-safety argument.
 *
 * <p>Writes: {@link #initialize} once with the genesis, then {@link #commit} block after block. Each
 * writes its block in one {@link WriteBatch} with {@code sync}, so the database holds either all of
 * a block or none of it. The store keeps a single chain: a block must extend the head (no reorgs).
 *
 * <p>Thread safety: reads from any thread at any time; writes are serialised by the object's
 * monitor and the head is published through a volatile field after its batch is durable, so a
 * reader that sees a head finds all of that head's data. {@link #close()} must come after every
 * other use has ended: RocksDB frees native memory then, and a late read would touch freed memory.
 */
public final class ChainStore implements AutoCloseable {
    /**
     * Bumped whenever a key or value layout changes; a database of another version is refused, except
     * schema 3 (whose flat state is always the head's), which is upgraded on open.
     */
    public static final int SCHEMA_VERSION = 5;
    /** Schema 3 lacks the flat state's block marker; 4 lacks staged parts (nothing refers to them). */
    private static final int UPGRADABLE_SCHEMA = 3;
    private static final int UPGRADABLE_SCHEMA_4 = 4;
    /** Committed blocks whose state may wait for the applier before a commit waits for it. */
    static final int MAX_UNAPPLIED = 4;

    static {
        RocksDB.loadLibrary();
    }

    private final Path path;
    private final DBOptions dbOptions;
    private final ColumnFamilyOptions columnOptions;
    private final WriteOptions syncWrite;
    private final ReadOptions latest;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> allHandles;
    private final Map<Column, ColumnFamilyHandle> handles;
    /** Each column's column family id, by ordinal, for {@link EncodedBatch}. */
    private final int[] columnIds;
    private final WriteOptions unsyncedWrite;
    /** The latest flat state, with the unapplied diffs on top: what {@link #state()} gives. */
    private final FlatState state;
    /** The latest flat state as RocksDB holds it, for the applier and the change sets. */
    private final FlatState storedState;
    private final StateHistory history;
    private volatile ChainHead head;
    private boolean closed;

    /**
     * The state diffs of committed blocks not yet in the flat state, oldest first (copy on write,
     * under {@link #diffLock}). The applier thread applies them in order.
     */
    private volatile StateDiff[] unapplied = new StateDiff[0];
    private final Object diffLock = new Object();
    /** Why the applier stopped, if it did: every later commit and wait fails with it. */
    private volatile RuntimeException applyFailure;
    /** Told of each block's state changes once they are in the flat state (the head cache). */
    private volatile java.util.function.Consumer<List<AccountChange>> appliedListener = changes -> {};
    /** Set by {@link #closeAsIfCrashed}: close without waiting for the applier. */
    private volatile boolean abandoned;
    private final ExecutorService applier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "multilane-state-applier");
        t.setDaemon(true);
        return t;
    });
    /** Syncs the write-ahead log after {@link #stage} writes, so that a commit's sync finds little left. */
    private final ExecutorService logSyncer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "multilane-log-sync");
        t.setDaemon(true);
        return t;
    });
    private final java.util.concurrent.atomic.AtomicBoolean logSyncQueued = new java.util.concurrent.atomic.AtomicBoolean();
    /** The newest stage id given out ({@link #stage}); at open, the newest a committed block refers to. */
    private long lastStage;

    private ChainStore(Path path, DBOptions dbOptions, ColumnFamilyOptions columnOptions, RocksDB db,
            List<ColumnFamilyHandle> allHandles, Map<Column, ColumnFamilyHandle> handles) {
        this.path = path;
        this.dbOptions = dbOptions;
        this.columnOptions = columnOptions;
        this.db = db;
        this.allHandles = allHandles;
        this.handles = handles;
        this.columnIds = new int[Column.values().length];
        for (Column c : Column.values()) {
            columnIds[c.ordinal()] = handles.get(c).getID();
        }
        this.syncWrite = new WriteOptions().setSync(true);
        this.unsyncedWrite = new WriteOptions();
        this.latest = new ReadOptions();
        this.state = new FlatState(this, latest, true);
        this.storedState = new FlatState(this, latest, false);
        this.history = new StateHistory(this);
    }

    /**
     * Opens the database in {@code directory}, creating it (and any missing column family) when
     * absent. After a crash RocksDB replays its write-ahead log here, which restores every batch
     * whose write returned and drops any batch that was cut short.
     */
    public static ChainStore open(Path directory) {
        DBOptions dbOptions = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)
                .setKeepLogFileNum(4);
        ColumnFamilyOptions columnOptions = new ColumnFamilyOptions();
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, columnOptions));
        for (Column c : Column.values()) {
            descriptors.add(new ColumnFamilyDescriptor(c.id(), columnOptions));
        }
        List<ColumnFamilyHandle> allHandles = new ArrayList<>();
        RocksDB db;
        try {
            Files.createDirectories(directory);
            db = RocksDB.open(dbOptions, directory.toString(), descriptors, allHandles);
        } catch (RocksDBException | IOException e) {
            columnOptions.close();
            dbOptions.close();
            throw new StoreException("cannot open the database in " + directory, e);
        }
        Map<Column, ColumnFamilyHandle> handles = new EnumMap<>(Column.class);
        for (Column c : Column.values()) {
            handles.put(c, allHandles.get(c.ordinal() + 1));
        }
        ChainStore store = new ChainStore(directory, dbOptions, columnOptions, db, allHandles, handles);
        try {
            store.checkSchema();
            store.dropUncommittedStages();
            byte[] headValue = store.get(Column.META, StoreKeys.META_HEAD);
            store.head = headValue == null ? null : StoreKeys.head(headValue);
            store.recoverState();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    public Path path() {
        return path;
    }

    // ---- writes ----

    /**
     * Writes the genesis block, its state and the chain's identity, making block 0 the head. On a
     * database that already holds this genesis (and chain id) it writes nothing and reports the
     * current head; on one holding another chain it refuses.
     */
    public synchronized CommitOutcome initialize(Genesis genesis) {
        Hash hash = genesis.hash();
        long chainId = genesis.config().chainId();
        Optional<Hash> existing = genesisHash();
        if (existing.isPresent()) {
            Optional<Long> existingChainId = chainId();
            if (!existing.get().equals(hash) || existingChainId.isEmpty() || existingChainId.get() != chainId) {
                return CommitOutcome.refused(Reason.GENESIS_MISMATCH, "the database holds genesis " + existing.get()
                        + " of chain " + existingChainId.orElse(null) + ", not " + hash + " of chain " + chainId);
            }
            return new CommitOutcome.Committed(head);
        }
        Block block = genesis.block();
        if (block.number() != 0) {
            return CommitOutcome.refused(Reason.NOT_CHILD_OF_HEAD, "a genesis block is number 0, not " + block.number());
        }
        ChainHead newHead = new ChainHead(0, hash);
        OrderedWrites meta = new OrderedWrites(5);
        meta.put(Column.META, StoreKeys.META_SCHEMA, intBytes(SCHEMA_VERSION));
        meta.put(Column.META, StoreKeys.META_CHAIN_ID, StoreKeys.number(chainId));
        meta.put(Column.META, StoreKeys.META_GENESIS, hash.toArray());
        meta.put(Column.META, StoreKeys.META_HEAD, StoreKeys.head(newHead));
        meta.put(Column.META, StoreKeys.META_STATE, StoreKeys.head(newHead));
        try {
            write(syncWrite, BlockRecords.of(block, hash, List.of()).writes(), stateWrites(genesis.alloc()), meta);
        } catch (RocksDBException e) {
            throw new StoreException("writing the genesis block", e);
        }
        head = newHead;
        return new CommitOutcome.Committed(newHead);
    }

    /**
     * Writes {@code block} as the new head: its header, body, receipts, transaction index entries and
     * bloom, the state changes it made and the head pointer, all in one synced batch. When this
     * returns {@link CommitOutcome.Committed} the block survives a crash; if the process dies
     * during the call, the database holds the block entirely or not at all.
     *
     * <p>When each account appears once in {@code stateChanges} (as {@link PersistentWorldState}
     * gives them), the batch carries them as one value, the block's {@link StateDiff}, and the
     * store's applier thread writes them into the flat state, with the change set and history
     * entries, after this returns; until then {@link #state()} reads them from memory, and whatever
     * needs the flat state itself ({@link #snapshot()}, {@link #rollback}, whole-state scans) waits
     * for the applier. A crash before the applier is done loses nothing: {@link #open} applies the
     * stored diffs of the blocks above the state's block. Otherwise the state changes go into the
     * block's own batch, as before the applier existed.
     *
     * @param receipts one per transaction, in order
     * @param stateChanges the block's changes to the state at the current head, applied in order
     *     (the same meaning as for {@code WorldState.apply}); {@link PersistentWorldState} gives
     *     them merged, one per account
     * @param stateRoot the root of the state after {@code stateChanges}; must be the header's
     */
    public CommitOutcome commit(Block block, List<Receipt> receipts, List<AccountChange> stateChanges,
            Hash stateRoot) {
        return commit(block, receipts, stateChanges, stateRoot, state);
    }

    /**
     * As {@link #commit(Block, List, List, Hash)}, with the change set's prior values read from {@code
     * prior}, which must answer as the flat state at the head does ({@link HeadStateCache}).
     */
    synchronized CommitOutcome commit(Block block, List<Receipt> receipts, List<AccountChange> stateChanges,
            Hash stateRoot, StateView prior) {
        return commit(block, receipts, stateChanges, stateRoot, prior, null, null, null);
    }

    /**
     * As {@link #commit(Block, List, List, Hash, StateView)}, with parts already encoded: {@code
     * encodedRecords} the block's transactions and receipts (used when it holds exactly this block's
     * transactions), {@code encodedChanges} each change's item of the state diff ({@link
     * StateDiff#encodeItem}; null entries, or null, where not encoded). {@code diffRest}, when not
     * null, is the RLP list of the state diff's items changed since the last part {@link #stage}
     * wrote for {@code encodedRecords}: the stored diff then refers to the parts' items and holds
     * only these, if the parts all have them and the block refers to the parts.
     */
    synchronized CommitOutcome commit(Block block, List<Receipt> receipts, List<AccountChange> stateChanges,
            Hash stateRoot, StateView prior, BlockEncoding encodedRecords, byte[][] encodedChanges,
            byte[] diffRest) {
        ChainHead current = head;
        BlockHeader header = block.header();
        CommitOutcome refused = refusal(current, block, receipts, stateRoot);
        if (refused != null) {
            return refused;
        }
        Hash hash = header.hash();
        ChainHead newHead = new ChainHead(header.number(), hash);
        StateDiff diff = StateDiff.of(newHead.number(), hash, stateChanges);
        if (diff != null) {
            return commitDeferred(block, receipts, diff, newHead, encodedRecords, encodedChanges, diffRest);
        }
        awaitState();
        // Three independent parts, gathered and sorted in Java (OrderedWrites) on two threads: the
        // block's records and the change set with its history entries beside this thread's flat
        // state writes. The prior values are read before the batch lands, from the state at the head.
        CompletableFuture<OrderedWrites> records = CompletableFuture.supplyAsync(
                () -> BlockRecords.of(block, hash, receipts, encodedRecords).writes().sorted());
        CompletableFuture<OrderedWrites> historyWrites = CompletableFuture.supplyAsync(
                () -> history.record(header.number(), ChangeSet.of(stateChanges, prior, storedState)).sorted());
        OrderedWrites stateWrites = stateWrites(stateChanges);
        OrderedWrites headWrite = new OrderedWrites(2);
        headWrite.put(Column.META, StoreKeys.META_HEAD, StoreKeys.head(newHead));
        headWrite.put(Column.META, StoreKeys.META_STATE, StoreKeys.head(newHead));
        try {
            write(syncWrite, joined(historyWrites), stateWrites, joined(records), headWrite);
        } catch (RocksDBException e) {
            throw new StoreException("writing block " + header.number(), e);
        }
        dropUnreferencedStage(encodedRecords, block);
        appliedListener.accept(stateChanges);
        head = newHead;
        return new CommitOutcome.Committed(newHead);
    }

    /** Why {@code block} cannot be committed on {@code current}, or null when it can. */
    private static CommitOutcome refusal(ChainHead current, Block block, List<Receipt> receipts, Hash stateRoot) {
        BlockHeader header = block.header();
        if (current == null) {
            return CommitOutcome.refused(Reason.NOT_INITIALIZED, "no genesis block yet");
        }
        if (header.number() != current.number() + 1 || !header.parentHash().equals(current.hash())) {
            return CommitOutcome.refused(Reason.NOT_CHILD_OF_HEAD, "block " + header.number() + " with parent "
                    + header.parentHash() + " does not extend head " + current.number() + " " + current.hash());
        }
        if (receipts.size() != block.transactions().size()) {
            return CommitOutcome.refused(Reason.RECEIPT_COUNT,
                    receipts.size() + " receipts for " + block.transactions().size() + " transactions");
        }
        if (!stateRoot.equals(header.stateRoot())) {
            return CommitOutcome.refused(Reason.STATE_ROOT_MISMATCH,
                    "state root " + stateRoot + " but the header says " + header.stateRoot());
        }
        return null;
    }

    /**
     * As {@link #commit(Block, List, List, Hash, StateView, BlockEncoding, byte[][], byte[])}, with
     * the state changes a committed overlay's, handed over as they are ({@link OverlayChanges}):
     * the store reads them through the overlay's maps until its applier has written them.
     */
    synchronized CommitOutcome commit(Block block, List<Receipt> receipts, OverlayChanges changes, Hash stateRoot,
            BlockEncoding encodedRecords, byte[] diffRest) {
        ChainHead current = head;
        CommitOutcome refused = refusal(current, block, receipts, stateRoot);
        if (refused != null) {
            return refused;
        }
        Hash hash = block.header().hash();
        ChainHead newHead = new ChainHead(block.header().number(), hash);
        return commitDeferred(block, receipts, StateDiff.of(newHead.number(), hash, changes), newHead, encodedRecords,
                changes.encodedItems(), diffRest);
    }

    /**
     * The block's batch with its state changes as one {@link StateDiff} value; the applier writes
     * them into the flat state afterwards. Waits first while {@link #MAX_UNAPPLIED} blocks are
     * still unapplied, so that a slow disk bounds the memory the diffs take.
     */
    private CommitOutcome commitDeferred(Block block, List<Receipt> receipts, StateDiff diff, ChainHead newHead,
            BlockEncoding ahead, byte[][] encodedChanges, byte[] diffRest) {
        awaitUnappliedBelow(MAX_UNAPPLIED);
        // The transaction index goes with the state, in the applier's batch; until then lookups
        // find it in the diff (transactionLocation), and a crash leaves the body to rebuild it from.
        CompletableFuture<BlockRecords> encoded = CompletableFuture.supplyAsync(
                () -> BlockRecords.of(block, newHead.hash(), receipts, ahead));
        CompletableFuture<OrderedWrites> records = encoded.thenApply(r -> r.writes(false).sorted());
        CompletableFuture<Map<Hash, byte[]>> txIndex = encoded.thenApplyAsync(BlockRecords::txIndex);
        OrderedWrites own = new OrderedWrites(2);
        byte[] diffValue;
        if (diffRest != null && ahead != null && ahead.stagedParts > 0 && ahead.diffInParts
                && ahead.matches(block.transactions())) {
            diffValue = StagedRecords.reference(ahead.stage, ahead.stagedParts, diffRest);
            diff.stage = ahead.stage;
            diff.stagedParts = ahead.stagedParts;
        } else {
            diffValue = StateDiff.encode(diff.changes(), encodedChanges);
        }
        own.put(Column.STATE_DIFFS, StoreKeys.number(newHead.number()), diffValue);
        own.put(Column.META, StoreKeys.META_HEAD, StoreKeys.head(newHead));
        try {
            write(syncWrite, joined(records), own);
        } catch (RocksDBException e) {
            throw new StoreException("writing block " + newHead.number(), e);
        }
        dropUnreferencedStage(ahead, block);
        diff.txIndex = txIndex.join();
        synchronized (diffLock) {
            StateDiff[] now = unapplied;
            StateDiff[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = diff;
            unapplied = next;
        }
        head = newHead;
        applier.execute(() -> applyInBackground(diff));
        return new CommitOutcome.Committed(newHead);
    }

    /**
     * Writes what {@code encoding} gained since its last staging (transactions and receipts of a
     * block being built) as its next part, unsynced, and has the log synced in the background: a
     * commit of the block then refers to the parts ({@link StagedRecords}) and its synced batch
     * holds only the rest. Until a commit refers to them the parts are garbage, which {@link
     * #discardStaged} (or the next open) deletes.
     */
    public void stage(BlockEncoding encoding) {
        stage(encoding, null);
    }

    /**
     * {@link #stage(BlockEncoding)}, with the part's state-diff items: {@link StateDiff#encodeItem}
     * of each account changed since the last part, its slots those written since ({@link
     * PersistentWorldState#stage}). When every part has them, a deferred commit's state diff refers
     * to them too and holds only the changes since the last part; null for none.
     */
    synchronized void stage(BlockEncoding encoding, List<byte[]> diffItems) {
        if (closed || (encoding.size() == encoding.stagedCount && diffItems == null)) {
            return;
        }
        if (encoding.stage < 0) {
            encoding.stage = ++lastStage;
        }
        byte[] part = StagedRecords.part(encoding.transactionItems(encoding.stagedCount),
                encoding.receiptItems(encoding.stagedCount));
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(handle(Column.STAGED), StoreKeys.stagedPart(encoding.stage, encoding.stagedParts), part);
            if (diffItems != null) {
                batch.put(handle(Column.STAGED), StoreKeys.stagedDiffPart(encoding.stage, encoding.stagedParts),
                        Rlp.encodeList(diffItems));
            } else {
                encoding.diffInParts = false;
            }
            db.write(unsyncedWrite, batch);
        } catch (RocksDBException e) {
            throw new StoreException("staging part " + encoding.stagedParts + " of stage " + encoding.stage, e);
        }
        encoding.stagedParts++;
        encoding.stagedCount = encoding.size();
        if (logSyncQueued.compareAndSet(false, true)) {
            logSyncer.execute(() -> {
                logSyncQueued.set(false);
                try {
                    db.syncWal();
                } catch (RocksDBException e) {
                    // Nothing is lost: the next commit's synced write syncs the log, or fails itself.
                }
            });
        }
    }

    /** After a commit of {@code block}: drops the parts of {@code encoding} if the block did not refer to them. */
    private void dropUnreferencedStage(BlockEncoding encoding, Block block) {
        if (encoding != null && encoding.stage >= 0 && !encoding.matches(block.transactions())) {
            discardStaged(encoding);
        }
    }

    /** Deletes the parts {@link #stage} wrote for {@code encoding}, whose block will not be committed. */
    public synchronized void discardStaged(BlockEncoding encoding) {
        if (encoding.stage < 0) {
            return;
        }
        long stage = encoding.stage;
        encoding.stage = -1;
        encoding.stagedParts = 0;
        encoding.stagedCount = 0;
        encoding.diffInParts = true;
        if (closed) {
            return;
        }
        try {
            db.deleteRange(handle(Column.STAGED), unsyncedWrite, StoreKeys.stagedPart(stage, 0),
                    StoreKeys.stagedPart(stage + 1, 0));
        } catch (RocksDBException e) {
            throw new StoreException("deleting stage " + stage, e);
        }
    }

    private void applyInBackground(StateDiff diff) {
        if (applyFailure != null) {
            return;
        }
        try {
            applyDiff(diff, unsyncedWrite);
        } catch (RuntimeException e) {
            applyFailure = new StoreException("applying the state of block " + diff.number + " failed; the node must"
                    + " restart (the block and its state diff are stored, and reopening applies them)", e);
            synchronized (diffLock) {
                diffLock.notifyAll();
            }
        }
    }

    /**
     * Writes a committed block's diff into the flat state, with its change set and history entries,
     * and moves the state's block marker to it, in one batch; then drops the diff from memory. The
     * batch need not be synced: the block's own synced batch holds the diff, and RocksDB's log keeps
     * batches in order, so a crash leaves this batch or a diff that {@link #open} applies again.
     * Runs on the applier thread, or at open before anyone else uses the store.
     */
    private void applyDiff(StateDiff diff, WriteOptions options) {
        ChainHead block = new ChainHead(diff.number, diff.blockHash);
        OrderedWrites historyWrites = history.record(diff.number, ChangeSet.of(diff.changes(), storedState));
        OrderedWrites stateWrites = stateWrites(diff.changes());
        OrderedWrites meta = new OrderedWrites(2);
        meta.delete(Column.STATE_DIFFS, StoreKeys.number(diff.number));
        for (int i = 0; i < diff.stagedParts; i++) { // the state is in place: the parts' diff items are done with
            meta.delete(Column.STAGED, StoreKeys.stagedDiffPart(diff.stage, i));
        }
        meta.put(Column.META, StoreKeys.META_STATE, StoreKeys.head(block));
        Map<Hash, byte[]> index = diff.txIndex;
        if (index == null) { // read back at open: the index entries come from the stored body
            Block stored = block(diff.blockHash).orElseThrow(() -> new StoreException("block " + diff.number
                    + " is committed but its body is missing"));
            index = BlockRecords.txIndex(stored, diff.blockHash);
        }
        OrderedWrites indexWrites = new OrderedWrites(index.size());
        BlockRecords.putTxIndex(index, indexWrites);
        try {
            write(options, historyWrites.sorted(), stateWrites, indexWrites.sorted(), meta);
        } catch (RocksDBException e) {
            throw new StoreException("applying the state of block " + diff.number, e);
        }
        appliedListener.accept(diff.changes());
        synchronized (diffLock) {
            StateDiff[] now = unapplied;
            if (now.length > 0 && now[0] == diff) {
                unapplied = Arrays.copyOfRange(now, 1, now.length);
            }
            diffLock.notifyAll();
        }
    }

    /**
     * For tests: the applier runs nothing after this until {@code release} opens (a commit then waits
     * once {@link #MAX_UNAPPLIED} blocks are unapplied).
     */
    void holdApplier(java.util.concurrent.CountDownLatch release) {
        applier.execute(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /**
     * For tests: closes the database as a crash would leave it, without applying the diffs still in
     * memory (their blocks' batches hold them; the next open applies them).
     */
    void closeAsIfCrashed() throws InterruptedException {
        abandoned = true;
        applier.shutdownNow();
        if (!applier.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new IllegalStateException("the applier did not stop");
        }
        close();
    }

    /**
     * Whom to tell of each block's state changes once the flat state holds them: on the applier
     * thread before the block's diff is dropped, or on the committing thread when a commit writes
     * its state at once. {@link PersistentWorldState} sets its head cache here.
     */
    void onStateApplied(java.util.function.Consumer<List<AccountChange>> listener) {
        appliedListener = listener;
    }

    /** The diffs {@link FlatState} reads on top of RocksDB, oldest first. */
    StateDiff[] unappliedDiffs() {
        return unapplied;
    }

    /**
     * Waits until every committed block's state is in the flat state (normally within one block's
     * apply, tens of milliseconds).
     *
     * @throws StoreException when the applier failed
     */
    public void awaitState() {
        awaitUnappliedBelow(1);
    }

    private void awaitUnappliedBelow(int count) {
        if (unapplied.length < count && applyFailure == null) {
            return;
        }
        synchronized (diffLock) {
            boolean interrupted = false;
            while (unapplied.length >= count && applyFailure == null) {
                try {
                    diffLock.wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (applyFailure != null) {
            throw applyFailure;
        }
    }

    /**
     * At open: applies the stored diffs of the blocks between the state's block and the head (a
     * crash came before the applier wrote them), and upgrades a schema-3 database, whose flat state
     * is always the head's, by recording that.
     */
    private void recoverState() {
        if (head == null) {
            return;
        }
        byte[] stateValue = get(Column.META, StoreKeys.META_STATE);
        if (stateValue == null) {
            try (WriteBatch batch = new WriteBatch()) {
                batch.put(handle(Column.META), StoreKeys.META_STATE, StoreKeys.head(head));
                batch.put(handle(Column.META), StoreKeys.META_SCHEMA, intBytes(SCHEMA_VERSION));
                db.write(syncWrite, batch);
            } catch (RocksDBException e) {
                throw new StoreException("upgrading " + path + " to schema " + SCHEMA_VERSION, e);
            }
            return;
        }
        ChainHead stateBlock = StoreKeys.head(stateValue);
        if (stateBlock.number() > head.number()) {
            throw new StoreException("the flat state is at block " + stateBlock.number() + ", above the head "
                    + head.number());
        }
        for (long n = stateBlock.number() + 1; n <= head.number(); n++) {
            byte[] encoded = get(Column.STATE_DIFFS, StoreKeys.number(n));
            Hash hash = canonicalHash(n).orElse(null);
            if (encoded == null || hash == null) {
                throw new StoreException("block " + n + " is committed but its state diff is missing (the flat state"
                        + " is at block " + stateBlock.number() + ")");
            }
            long stage = -1;
            int parts = 0;
            List<AccountChange> changes;
            if (StagedRecords.isReference(encoded)) {
                stage = StagedRecords.stage(encoded);
                parts = StagedRecords.parts(encoded);
                List<List<AccountChange>> inOrder = new ArrayList<>();
                for (int i = 0; i < parts; i++) {
                    byte[] part = get(Column.STAGED, StoreKeys.stagedDiffPart(stage, i));
                    if (part == null) {
                        throw new StoreException("the state diff of block " + n + " lacks staged part " + i);
                    }
                    inOrder.add(StateDiff.decode(part));
                }
                inOrder.add(StateDiff.decode(StagedRecords.rest(encoded)));
                changes = StateDiff.merge(inOrder);
            } else {
                changes = StateDiff.decode(encoded);
            }
            StateDiff diff = StateDiff.of(n, hash, changes);
            if (diff == null) {
                throw new StoreException("the stored state diff of block " + n + " names an account twice");
            }
            diff.stage = stage;
            diff.stagedParts = parts;
            applyDiff(diff, syncWrite);
        }
    }

    /**
     * Makes block {@code target} the head again: the flat state goes back to its post-state (each
     * later block's change set applied in reverse) and every later block is deleted with its
     * receipts, index entries, bloom and history, all in one synced batch, so a crash leaves either
     * the old head or the new one. Refused, with nothing written, for a target above the head.
     */
    public synchronized CommitOutcome rollback(long target) {
        ChainHead current = head;
        if (current == null) {
            return CommitOutcome.refused(Reason.NOT_INITIALIZED, "no genesis block yet");
        }
        if (target < 0 || target > current.number()) {
            return CommitOutcome.refused(Reason.NOT_BELOW_HEAD, "cannot roll back to block " + target
                    + " from head " + current.number());
        }
        if (target == current.number()) {
            return new CommitOutcome.Committed(current);
        }
        Hash hash = canonicalHash(target).orElseThrow(() -> new StoreException("no canonical block " + target));
        ChainHead newHead = new ChainHead(target, hash);
        awaitState();
        try (WriteBatch batch = new WriteBatch()) {
            history.writeRollback(batch, current.number(), target);
            batch.put(handle(Column.META), StoreKeys.META_HEAD, StoreKeys.head(newHead));
            batch.put(handle(Column.META), StoreKeys.META_STATE, StoreKeys.head(newHead));
            db.write(syncWrite, batch);
        } catch (RocksDBException e) {
            throw new StoreException("rolling back to block " + target, e);
        }
        head = newHead;
        return new CommitOutcome.Committed(newHead);
    }

    /**
     * The changes that turn the head's state into block {@code target}'s, one per account (see
     * {@link StateHistory#reverseChanges}); what {@link PersistentWorldState} applies to its tries
     * before a rollback.
     */
    synchronized List<AccountChange> reverseChanges(long target) {
        ChainHead current = head;
        if (current == null || target < 0 || target > current.number()) {
            throw new IllegalArgumentException("no block " + target + " at or below the head");
        }
        awaitState();
        return history.reverseChanges(latest, current.number(), target);
    }

    /** The future's value; what it threw is rethrown as it was (a StoreException stays one). */
    private static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Writes the parts, in this order, as one batch: encoded in Java ({@link EncodedBatch}) and
     * handed to RocksDB in one call.
     */
    private void write(WriteOptions options, OrderedWrites... parts) throws RocksDBException {
        int size = EncodedBatch.HEADER;
        for (OrderedWrites part : parts) {
            size += part.encodedSize(columnIds);
        }
        EncodedBatch encoded = new EncodedBatch(columnIds, size);
        for (OrderedWrites part : parts) {
            part.encodeTo(encoded);
        }
        try (WriteBatch batch = encoded.toWriteBatch()) {
            db.write(options, batch);
        }
    }

    /**
     * The flat state writes of the changes, applied in order. A deletion or a storage reset drops
     * the account's whole slot range with one range tombstone; later puts in the same batch carry
     * later sequence numbers, so a slot written after the reset survives it. When each account
     * appears once (as {@link PersistentWorldState} gives them) the writes are sorted by key for a
     * faster memtable insert ({@link OrderedWrites}); otherwise they keep their order, since a write
     * before a later change's reset of the same account must stay before the tombstone.
     */
    OrderedWrites stateWrites(List<AccountChange> changes) {
        int count = changes.size();
        for (AccountChange c : changes) {
            count += c.storage() == null ? 0 : c.storage().size();
        }
        OrderedWrites writes = new OrderedWrites(count);
        Set<Address> seen = new HashSet<>(changes.size() * 2);
        boolean eachOnce = true;
        for (AccountChange c : changes) {
            eachOnce &= seen.add(c.address());
            byte[] address = c.address().toArray();
            if (c.deleted() || c.storageCleared()) {
                writes.deleteRange(Column.STORAGE, StoreKeys.storageStart(c.address()),
                        StoreKeys.storageEnd(c.address()));
            }
            if (c.deleted()) {
                writes.delete(Column.ACCOUNTS, address);
                continue;
            }
            writes.put(Column.ACCOUNTS, address, AccountCodec.encodeFlat(c.info()));
            if (c.code() != null && c.code().length > 0) {
                writes.put(Column.CODE, c.info().codeHash().toArray(), c.code());
            }
            if (c.storage() != null) {
                for (var slot : c.storage().entrySet()) {
                    byte[] key = StoreKeys.storage(c.address(), slot.getKey());
                    if (slot.getValue().isZero()) {
                        writes.delete(Column.STORAGE, key);
                    } else {
                        writes.put(Column.STORAGE, key, AccountCodec.encodeSlot(slot.getValue()));
                    }
                }
            }
        }
        return eachOnce ? writes.sorted() : writes;
    }

    // ---- chain reads ----

    /** The head, or empty before {@link #initialize}. */
    public Optional<ChainHead> head() {
        return Optional.ofNullable(head);
    }

    public Optional<Long> chainId() {
        return Optional.ofNullable(get(Column.META, StoreKeys.META_CHAIN_ID)).map(StoreKeys::number);
    }

    public Optional<Hash> genesisHash() {
        return Optional.ofNullable(get(Column.META, StoreKeys.META_GENESIS)).map(Hash::wrap);
    }

    /** The hash of the canonical block at {@code number}. */
    public Optional<Hash> canonicalHash(long number) {
        return Optional.ofNullable(get(Column.CANONICAL, StoreKeys.number(number))).map(Hash::wrap);
    }

    public Optional<BlockHeader> header(Hash blockHash) {
        return Optional.ofNullable(get(Column.HEADERS, blockHash.bytes())).map(BlockCodec::decodeHeader);
    }

    public Optional<BlockHeader> header(long number) {
        return canonicalHash(number).flatMap(this::header);
    }

    public Optional<Block> block(Hash blockHash) {
        Optional<BlockHeader> header = header(blockHash);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        byte[] body = get(Column.BODIES, blockHash.bytes());
        if (body == null) {
            throw new StoreException("block " + blockHash + " has a header but no body");
        }
        if (StagedRecords.isReference(body)) {
            body = StagedRecords.body(body, stagedParts(body));
        }
        return Optional.of(BlockCodec.decodeBody(header.get(), body));
    }

    public Optional<Block> block(long number) {
        return canonicalHash(number).flatMap(this::block);
    }

    /** The block's receipts in transaction order. */
    public Optional<List<Receipt>> receipts(Hash blockHash) {
        byte[] receipts = get(Column.RECEIPTS, blockHash.bytes());
        if (receipts != null && StagedRecords.isReference(receipts)) {
            receipts = StagedRecords.receipts(receipts, stagedParts(receipts));
        }
        return Optional.ofNullable(receipts).map(ReceiptCodec::decode);
    }

    /** The values of the staged parts a body or receipts {@code reference} refers to, in order. */
    private List<byte[]> stagedParts(byte[] reference) {
        long stage = StagedRecords.stage(reference);
        int count = StagedRecords.parts(reference);
        List<byte[]> parts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] part = get(Column.STAGED, StoreKeys.stagedPart(stage, i));
            if (part == null) {
                throw new StoreException("staged part " + i + " of stage " + stage + " is missing");
            }
            parts.add(part);
        }
        return parts;
    }

    public Optional<TxLocation> transactionLocation(Hash txHash) {
        // A block whose state is not applied yet has its index entries in its diff; the applier
        // writes them before it drops the diff, so one of the two always has them.
        StateDiff[] diffs = unapplied;
        for (int i = diffs.length - 1; i >= 0; i--) {
            Map<Hash, byte[]> index = diffs[i].txIndex;
            byte[] location = index == null ? null : index.get(txHash);
            if (location != null) {
                return Optional.of(StoreKeys.txLocation(location));
            }
        }
        return Optional.ofNullable(get(Column.TX_INDEX, txHash.bytes())).map(StoreKeys::txLocation);
    }

    /** The logs bloom of the canonical block at {@code number}. */
    public Optional<LogsBloom> bloom(long number) {
        return Optional.ofNullable(get(Column.BLOOMS, StoreKeys.number(number))).map(LogsBloom::fromBytes);
    }

    /**
     * The logs of canonical blocks {@code filter.fromBlock()} to {@code filter.toBlock()} (clamped
     * to the head) that match the filter, in chain order. Reads the per-block blooms as one range
     * scan and opens the receipts of only the blocks whose bloom may match.
     */
    public List<IndexedLog> logs(LogFilter filter) {
        return LogScan.run(this, filter);
    }

    // ---- state reads ----

    /**
     * The flat state at the head, read live: a commit may land between two reads. For a consistent
     * view across several reads, take a {@link #snapshot()}. Its point reads see the state of
     * committed blocks that the applier has not yet written (see {@link #commit}).
     */
    public FlatState state() {
        return state;
    }

    /**
     * A consistent view of the head and its state as of now, which also reads the state at any
     * earlier block ({@link StateSnapshot#at}); close it when done.
     */
    public StateSnapshot snapshot() {
        awaitState();
        return StateSnapshot.take(this);
    }

    // ---- internals ----

    StateHistory history() {
        return history;
    }

    RocksDB db() {
        return db;
    }

    ColumnFamilyHandle handle(Column column) {
        return handles.get(column);
    }

    byte[] get(Column column, byte[] key) {
        return get(column, latest, key);
    }

    /** A read through {@code options}: the latest data or a snapshot's. */
    byte[] get(Column column, ReadOptions options, byte[] key) {
        try {
            return db.get(handle(column), options, key);
        } catch (RocksDBException e) {
            throw new StoreException("reading " + column, e);
        }
    }

    /** The tries of the last block a proof was asked for, kept for the next (see {@link StateProofs}). */
    private volatile StateProofs.Cached proofTries;

    StateProofs.Cached proofTries() {
        return proofTries;
    }

    void proofTries(StateProofs.Cached tries) {
        proofTries = tries;
    }

    /** Calls {@code action} with each stored bloom of blocks {@code from} to {@code to}, in order. */
    void forEachBloom(long from, long to, BloomConsumer action) {
        if (Long.compareUnsigned(from, to) > 0 || to == -1) {
            return;
        }
        try (Slice upper = new Slice(StoreKeys.number(to + 1));
                ReadOptions bounded = new ReadOptions().setIterateUpperBound(upper);
                RocksIterator it = db.newIterator(handle(Column.BLOOMS), bounded)) {
            for (it.seek(StoreKeys.number(from)); it.isValid(); it.next()) {
                action.accept(StoreKeys.number(it.key()), LogsBloom.fromBytes(it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("scanning blooms", e);
        }
    }

    @FunctionalInterface
    interface BloomConsumer {
        void accept(long number, LogsBloom bloom);
    }

    private void checkSchema() {
        byte[] v = get(Column.META, StoreKeys.META_SCHEMA);
        int version = v == null ? SCHEMA_VERSION : Bytes.getInt(v, 0);
        if (version != SCHEMA_VERSION && version != UPGRADABLE_SCHEMA && version != UPGRADABLE_SCHEMA_4) {
            throw new StoreException("database schema " + version + " in " + path
                    + ", this build reads schema " + SCHEMA_VERSION);
        }
        if (version == UPGRADABLE_SCHEMA_4) {
            try {
                db.put(handle(Column.META), syncWrite, StoreKeys.META_SCHEMA, intBytes(SCHEMA_VERSION));
            } catch (RocksDBException e) {
                throw new StoreException("upgrading " + path + " to schema " + SCHEMA_VERSION, e);
            }
        }
    }

    /**
     * Deletes the staged parts that no committed block refers to: those of blocks being built when
     * the node stopped. Stage ids grow, and a block's commit records its own ({@link
     * StoreKeys#META_STAGE}), so they are the ids above the newest recorded. A part dropped
     * earlier ({@link #discardStaged}) was deleted in the log before any later commit.
     */
    private void dropUncommittedStages() {
        byte[] v = get(Column.META, StoreKeys.META_STAGE);
        lastStage = v == null ? 0 : StoreKeys.number(v);
        try {
            db.deleteRange(handle(Column.STAGED), syncWrite, StoreKeys.stagedPart(lastStage + 1, 0),
                    StoreKeys.stagedPart(Long.MAX_VALUE, 0));
        } catch (RocksDBException e) {
            throw new StoreException("deleting uncommitted staged parts in " + path, e);
        }
    }

    private static byte[] intBytes(int v) {
        byte[] b = new byte[4];
        Bytes.putInt(b, 0, v);
        return b;
    }

    /**
     * Closes the database after the applier has written every committed block's state (if it failed,
     * the stored diffs wait for the next open). Every commit that returned is already durable.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!abandoned) {
                awaitState();
            }
        } catch (StoreException e) {
            // The diffs are stored; the next open applies them.
        }
        applier.shutdown();
        logSyncer.shutdown();
        try {
            // A sync running on a closed database would crash the process; it ends within a sync.
            logSyncer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ColumnFamilyHandle h : allHandles) {
            h.close();
        }
        try {
            db.closeE();
        } catch (RocksDBException e) {
            throw new StoreException("closing " + path, e);
        } finally {
            latest.close();
            syncWrite.close();
            unsyncedWrite.close();
            columnOptions.close();
            dbOptions.close();
        }
    }
}
