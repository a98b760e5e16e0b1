package dev.multilane.node.dev;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.SenderResult;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockBuilder;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.BlockResult;
import dev.multilane.chain.block.WorldState;
import dev.multilane.chain.pool.TransactionPool;
import dev.multilane.evm.Fork;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.rpc.metrics.BlockTimings;
import dev.multilane.store.BlockEncoding;
import dev.multilane.store.ChainStore;
import dev.multilane.store.CommitOutcome;
import dev.multilane.store.PersistentWorldState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;

/**
 * Builds, executes and commits the dev chain's blocks: takes the pool's best pending transactions
 * for the next base fee, as many as the gas limit admits (no count cap, as in geth and anvil), runs
 * them with the {@link BlockProcessor} on the {@link PersistentWorldState}, fills the header from the
 * result and commits block, receipts and state in one batch, then moves the pool to the new head
 * (which reads the senders' accounts through the world state's in-memory head cache). That move is
 * deferred ({@link TransactionPool#deferNewHead}): a background thread applies it, and so does
 * whichever pool operation comes first, so the block is answered without waiting for it. Whoever
 * changes the world state other than by the next block (a rollback, closing the store) must call
 * {@link TransactionPool#applyDeferredHead} first, so that the pass does not read a state in flux.
 *
 * <p>Each block follows the chain's fork schedule ({@link NextBlock}): the fork at its number and
 * timestamp decides which header fields and body parts it carries, so a chain crosses from Paris
 * to Shanghai to Cancun as its timestamps pass the activation times. Blocks before the Merge or
 * after Cancun are refused with a {@link Produced.Failed}. From Cancun, blob transactions are
 * selected within the block's blob gas (six blobs) at its blob base fee; the processor computes
 * blobGasUsed, and excessBlobGas follows from the parent (EIP-4844). After each block the pool
 * moves to the next block's fork and fees ({@link NextBlock#poolHead}).
 *
 * <p>A transaction the block rejects (the processor reports the first invalid one) is left out,
 * together with the sender's later transactions, and the block is executed again without them; the
 * rejected hash is remembered so it is not selected again. The pool has no removal method, so such
 * a transaction stays in the pool (and the sender's later ones stay pending) until a new head makes
 * the pool drop it.
 *
 * <p>Each committed block goes to the {@link Observer} (subscribers, metrics) with the time its
 * phases took: pool selection, sender recovery, execution, state root (timed by wrapping the world
 * state, whose root the processor asks for once), commit, and recording the new head in the pool
 * (the deferred pass over the pool is not on the miner's clock).
 *
 * <p>Threading: {@link #produce} is synchronized; the node calls it from its single mining thread
 * anyway. The world state is only ever written here.
 */
public final class BlockProducer {
    /** The fee recipient of every dev block. */
    public static final Address COINBASE = Address.fromHex("0x000000000000000000000000000000000000c0de");
    /** The least gas a transaction uses (a plain transfer's intrinsic cost). */
    private static final long MIN_TX_GAS = 21_000;

    /** A committed block, or why nothing was committed. */
    public sealed interface Produced {
        record Mined(Block block, List<Receipt> receipts) implements Produced {}

        record Failed(String reason) implements Produced {}
    }

    /** Told of each block after it is committed and the pool has moved to it. */
    @FunctionalInterface
    public interface Observer {
        /** Called on the producing thread; must return quickly and not throw. */
        void mined(Block block, List<Receipt> receipts, BlockTimings timings);
    }

    private final ChainStore store;
    private final PersistentWorldState world;
    private final BlockProcessor processor;
    private final TransactionPool pool;
    private final Observer observer;
    private final Set<Hash> rejected = new HashSet<>();
    /** For {@link #select}: the selection it made last, or null. */
    private LastSelection lastSelection;
    /** The next block, executed ahead of mining on the world's overlay ({@link #executeAhead}); or null. */
    private Ahead ahead;
    /** The parent on which executing ahead failed (an invalid transaction): mining sorts that out. */
    private Hash aheadFailedOn;
    /** Blocks mined from work done ahead, for tests. */
    private int minedFromAhead;

    public BlockProducer(ChainStore store, PersistentWorldState world, BlockProcessor processor, TransactionPool pool) {
        this(store, world, processor, pool, (block, receipts, timings) -> {});
    }

    public BlockProducer(ChainStore store, PersistentWorldState world, BlockProcessor processor, TransactionPool pool,
            Observer observer) {
        this.store = store;
        this.world = world;
        this.processor = processor;
        this.pool = pool;
        this.observer = observer;
    }

    /**
     * Mines one block on the head.
     *
     * @param timestamp the block's timestamp, or null for max(now, parent + 1)
     * @param stateChanges changes applied before the transactions (anvil_setBalance); empty normally.
     *     They are not the effect of any transaction, so a client re-executing the block would not
     *     reproduce its state root: acceptable on a dev chain only
     */
    public synchronized Produced produce(Long timestamp, List<AccountChange> stateChanges) {
        BlockHeader parent = store.header(store.head().orElseThrow().hash()).orElseThrow();
        long time;
        if (timestamp == null) {
            time = Math.max(System.currentTimeMillis() / 1000, parent.timestamp() + 1);
        } else if (timestamp <= parent.timestamp()) {
            return new Produced.Failed("timestamp " + timestamp + " is not after the parent's " + parent.timestamp());
        } else {
            time = timestamp;
        }
        NextBlock next = NextBlock.on(processor.config(), parent, time);
        String unsupported = NextBlock.unsupported(next.fork());
        if (unsupported != null) {
            return new Produced.Failed("block " + next.number() + " (timestamp " + time + ") would be " + unsupported);
        }
        long selectStart = System.nanoTime();
        List<Transaction> txs = select(next);
        long selectionNanos = System.nanoTime() - selectStart;
        if (stateChanges.isEmpty()) {
            Produced fromAhead = mineAhead(parent, next, txs, selectionNanos);
            if (fromAhead != null) {
                return fromAhead;
            }
        }
        dropAhead();
        BlockHeader template = next.header(parent, Hash.ZERO, Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT,
                new byte[256], 0, 0);
        TimedWorld timed = new TimedWorld(world);
        long recoveryNanos = 0;
        long processNanos = 0;
        while (true) {
            world.discard();
            world.apply(stateChanges);
            Block draft = new Block(template, txs, List.of(), next.withdrawals());
            long t0 = System.nanoTime();
            List<Address> senders = senders(txs);
            long t1 = System.nanoTime();
            BlockOutcome outcome = processor.process(draft, timed, n -> store.canonicalHash(n).orElse(null), senders);
            recoveryNanos += t1 - t0;
            processNanos += System.nanoTime() - t1;
            switch (outcome) {
                case BlockOutcome.Invalid(var error) -> {
                    if (error.txIndex() < 0 || error.txIndex() >= txs.size()) {
                        world.discard();
                        return new Produced.Failed("block " + template.number() + " invalid: " + error);
                    }
                    dropFrom(txs, error.txIndex());
                }
                case BlockOutcome.Processed(BlockResult r) -> {
                    return commit(parent, next, draft, null, null, r, new BlockTimings(recoveryNanos,
                            processNanos - timed.rootNanos, timed.rootNanos, 0, selectionNanos, 0));
                }
            }
        }
    }

    /**
     * The pool's best pending transactions for {@code next}, as many as its gas limit admits (the
     * count cap only restates it, as in geth and anvil), less those {@link #admit} leaves out.
     */
    private List<Transaction> select(NextBlock next) {
        int maxTxs = (int) Math.min(Integer.MAX_VALUE, next.gasLimit() / MIN_TX_GAS);
        // The last selection is extended rather than made again when the pool allows it (only new
        // transactions at the ends of runs, ranking below it) and it admitted all it selected
        // under the same rules: the admitted prefix is then unchanged too.
        TransactionPool.Selection previous = lastSelection != null && lastSelection.fork == next.fork()
                && lastSelection.rejected == rejected.size()
                && lastSelection.admitted.size() == lastSelection.pool.transactions().size()
                ? lastSelection.pool : null;
        TransactionPool.Selection selection = pool.extendSelection(previous, next.baseFee(), next.blobBaseFee(),
                next.gasLimit(), next.maxBlobGas(), maxTxs);
        List<Transaction> selected = selection.transactions();
        List<Transaction> txs = new ArrayList<>(selected.size());
        if (selection.extendedFrom() >= 0) {
            txs.addAll(lastSelection.admitted);
            selected = selected.subList(selection.extendedFrom(), selected.size());
        }
        Set<Address> heldBack = new HashSet<>();
        for (Transaction tx : selected) {
            // A call per transaction, so that the JIT compiles the check early (this loop runs
            // once per block; its body would stay interpreted for several blocks of 10,000).
            if (admit(tx, next, heldBack)) {
                txs.add(tx);
            }
        }
        lastSelection = new LastSelection(selection, List.copyOf(txs), next.fork(), rejected.size());
        return txs;
    }

    /** The pool's last selection, what {@link #admit} let through of it, and under which rules. */
    private record LastSelection(TransactionPool.Selection pool, List<Transaction> admitted, Object fork,
            int rejected) {}

    /**
     * The next block, begun on the head with the timestamp of the moment it was begun, and the
     * transactions executed into it so far. Its changes are the world's overlay, which it owns
     * while {@code epoch} is the overlay's.
     */
    private static final class Ahead {
        final Hash parent;
        final NextBlock next;
        final BlockBuilder builder;
        final TimedWorld timed;
        final List<Transaction> txs = new ArrayList<>();
        /** The transactions and receipts so far, encoded for the store. */
        final BlockEncoding encoding = new BlockEncoding();
        final long epoch;

        Ahead(Hash parent, NextBlock next, BlockBuilder builder, TimedWorld timed, long epoch) {
            this.parent = parent;
            this.next = next;
            this.builder = builder;
            this.timed = timed;
            this.epoch = epoch;
        }

        /** Whether {@code selected} starts with the transactions executed so far, in their order. */
        boolean isPrefixOf(List<Transaction> selected) {
            if (selected.size() < txs.size()) {
                return false;
            }
            for (int i = 0; i < txs.size(); i++) {
                Transaction a = txs.get(i);
                Transaction b = selected.get(i);
                if (a != b && !a.hash().equals(b.hash())) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Executes the pending transactions the next block would take now, ahead of mining it, as
     * geth's miner keeps its pending block: the block is begun on the head (timestamp: now) and
     * each call appends what the pool's selection added since the last call, executes it on the
     * world's overlay, brings the roots up to date and stages the part in the store (its
     * transactions, receipts and state-diff items, written unsynced: {@link
     * PersistentWorldState#stage}), so that mining it later ({@link #produce}) only runs, hashes
     * and writes what came after. The pool orders transactions of equal tip by arrival, so new
     * arrivals usually extend the selection; when they do not (a higher tip arrived, the pool
     * dropped one), the block is begun again. If a transaction turns out invalid, nothing more is
     * done ahead on this head: mining handles the invalid transaction as always.
     *
     * <p>Call it on the thread that mines (the world state has one writer), when transactions
     * arrive and no block is due at once (automining off). What is executed ahead is only used when
     * the block mined is the same: same parent, no state changes before the transactions, the
     * selection extends what ran, and the same timestamp, or another one that nothing has read
     * ({@link BlockBuilder#timestampObserved}).
     *
     * @param hurry true when a block is wanted now: the roots and the staging, which mining does
     *     anyway, are then left to it
     */
    public synchronized void executeAhead(java.util.function.BooleanSupplier hurry) {
        BlockHeader parent = store.header(store.head().orElseThrow().hash()).orElseThrow();
        if (parent.hash().equals(aheadFailedOn)) {
            return;
        }
        if (ahead != null && !(ahead.parent.equals(parent.hash()) && ahead.epoch == world.overlayEpoch())) {
            dropAhead();
        }
        for (int attempt = 0; attempt < 2; attempt++) {
            if (ahead == null && !beginAhead(parent)) {
                return;
            }
            List<Transaction> txs = select(ahead.next);
            if (ahead.isPrefixOf(txs)) {
                if (!appendAhead(txs.subList(ahead.txs.size(), txs.size()))) {
                    aheadFailedOn = parent.hash();
                    dropAhead();
                    return;
                }
                if (!hurry.getAsBoolean()) {
                    ahead.builder.prepareRoots();
                    world.root();
                }
                if (!hurry.getAsBoolean()) {
                    world.stage(ahead.encoding);
                }
                return;
            }
            dropAhead();
        }
    }

    synchronized int minedFromAhead() {
        return minedFromAhead;
    }

    /** How many transactions the block ahead holds (0 when there is none). */
    public synchronized int executedAhead() {
        return ahead == null ? 0 : ahead.txs.size();
    }

    /** Begins the next block on {@code parent} with the current time; false when it cannot be built. */
    private boolean beginAhead(BlockHeader parent) {
        long time = Math.max(System.currentTimeMillis() / 1000, parent.timestamp() + 1);
        NextBlock next = NextBlock.on(processor.config(), parent, time);
        if (NextBlock.unsupported(next.fork()) != null) {
            return false;
        }
        world.discard();
        TimedWorld timed = new TimedWorld(world);
        Block shape = new Block(next.header(parent, Hash.ZERO, Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT,
                new byte[256], 0, 0), List.of(), List.of(), next.withdrawals());
        switch (processor.begin(shape, timed, n -> store.canonicalHash(n).orElse(null))) {
            case BlockBuilder.Begun.Invalid invalid -> {
                world.discard();
                return false;
            }
            case BlockBuilder.Begun.Ready(BlockBuilder builder) -> {
                ahead = new Ahead(parent.hash(), next, builder, timed, world.overlayEpoch());
                return true;
            }
        }
    }

    /** Executes {@code tail} into the block ahead; false when one is invalid (the block ahead is then unusable). */
    private boolean appendAhead(List<Transaction> tail) {
        if (tail.isEmpty()) {
            return true;
        }
        List<Address> senders = senders(tail);
        if (senders == null || ahead.builder.append(tail, senders) != null) {
            return false;
        }
        ahead.encoding.add(tail, ahead.builder.receipts(ahead.txs.size()));
        ahead.txs.addAll(tail);
        return true;
    }

    /** Forgets the block ahead and drops its changes. */
    private void dropAhead() {
        if (ahead != null) {
            store.discardStaged(ahead.encoding);
            ahead = null;
            world.discard();
        }
    }

    /**
     * Mines {@code txs} (the selection for {@code next}) from the block executed ahead, if it
     * applies: the same parent and overlay, the same block but perhaps the timestamp (which then
     * nothing may have read), and a selection that extends what ran. Returns null, having changed
     * nothing that {@link #produce}'s usual path does not reset, when it does not apply or the
     * rest turns out invalid.
     */
    private Produced mineAhead(BlockHeader parent, NextBlock next, List<Transaction> txs, long selectionNanos) {
        Ahead a = ahead;
        if (a == null || !a.parent.equals(parent.hash()) || a.epoch != world.overlayEpoch()
                || !a.next.sameButTimestamp(next)
                || (a.next.timestamp() != next.timestamp() && a.builder.timestampObserved())
                || !a.isPrefixOf(txs)) {
            return null;
        }
        long t0 = System.nanoTime();
        List<Transaction> tail = txs.subList(a.txs.size(), txs.size());
        List<Address> senders = senders(tail);
        long t1 = System.nanoTime();
        if (senders == null || (!tail.isEmpty() && a.builder.append(tail, senders) != null)) {
            return null;
        }
        a.encoding.add(tail, a.builder.receipts(a.txs.size()));
        // The rest may have read the timestamp the block was begun with.
        if (a.next.timestamp() != next.timestamp() && a.builder.timestampObserved()) {
            return null;
        }
        a.timed.rootNanos = 0;
        BlockResult r = a.builder.finish();
        long t2 = System.nanoTime();
        Hash txRoot = a.builder.transactionsRoot();
        ahead = null;
        minedFromAhead++;
        Block draft = new Block(next.header(parent, Hash.ZERO, Keccak.EMPTY_TRIE_ROOT, Keccak.EMPTY_TRIE_ROOT,
                new byte[256], 0, 0), txs, List.of(), next.withdrawals());
        return commit(parent, next, draft, txRoot, a.encoding, r, new BlockTimings(t1 - t0,
                t2 - t1 - a.timed.rootNanos, a.timed.rootNanos, 0, selectionNanos, 0));
    }

    /**
     * Commits the block; {@code before} holds the phases timed so far, commit and pool update are
     * added. {@code transactionsRoot} is the draft's, when already known, or null; {@code encoding}
     * its transactions and receipts encoded ahead, or null.
     */
    private Produced commit(BlockHeader parent, NextBlock next, Block draft, Hash transactionsRoot,
            BlockEncoding encoding, BlockResult r, BlockTimings before) {
        long t0 = System.nanoTime();
        Hash txRoot = transactionsRoot != null ? transactionsRoot
                : draft.computeTransactionsRoot(BlockProducer::inParallel);
        BlockHeader header = next.header(parent, r.stateRoot(), txRoot, r.receiptsRoot(),
                r.logsBloom().toBytes(), r.gasUsed(), r.blobGasUsed());
        Block block = new Block(header, draft.transactions(), List.of(), draft.withdrawals());
        CommitOutcome outcome = world.commit(block, r.receipts(), encoding);
        if (!(outcome instanceof CommitOutcome.Committed)) {
            if (encoding != null) {
                store.discardStaged(encoding);
            }
            world.discard();
            return new Produced.Failed("block " + header.number() + " not committed: " + outcome);
        }
        long t1 = System.nanoTime();
        // The pool's pass over its senders (10,000 after a block of 10,000 transfers) need not
        // delay this block's answer: the pool applies the head before anyone next uses it, and
        // a background thread usually has by then (geth resets its pool asynchronously too).
        pool.deferNewHead(NextBlock.poolHead(processor.config(), header, world.headState()));
        ForkJoinPool.commonPool().execute(pool::applyDeferredHead);
        long t2 = System.nanoTime();
        BlockTimings timings = new BlockTimings(before.senderRecoveryNanos(), before.executionNanos(),
                before.stateRootNanos(), t1 - t0, before.poolSelectionNanos(), t2 - t1);
        try {
            observer.mined(block, r.receipts(), timings);
        } catch (RuntimeException e) {
            // The block is committed whatever an observer does; losing a notification is the lesser harm.
            System.err.println("multilane dev: block observer failed on block " + header.number() + ": " + e);
        }
        return new Produced.Mined(block, r.receipts());
    }

    /**
     * Whether a selected transaction goes into the draft: not one an earlier block rejected, and not
     * one the pool took under a later fork's rules, which waits for that fork with the sender's
     * later nonces ({@code heldBack}); it is not rejected, so a later block takes it.
     */
    private boolean admit(Transaction tx, NextBlock next, Set<Address> heldBack) {
        if (!rejected.isEmpty() && rejected.contains(tx.hash())) {
            return false;
        }
        if (heldBack.isEmpty() && next.admits(tx)) {
            return true;
        }
        Address sender = sender(tx);
        if (heldBack.contains(sender) || !next.admits(tx)) {
            heldBack.add(sender);
            return false;
        }
        return true;
    }

    /**
     * The senders, recovered here so the time is measured apart from execution; the pool recovered
     * them on entry and Transaction caches them, so this is normally cheap. Null (the processor
     * recovers them, and reports the failure) when one does not recover.
     */
    private static List<Address> senders(List<Transaction> txs) {
        List<Address> senders = new ArrayList<>(txs.size());
        for (Transaction tx : txs) {
            Address a = sender(tx);
            if (a == null) {
                return null;
            }
            senders.add(a);
        }
        return senders;
    }

    /** The world state, with the time spent computing its root measured (the processor asks once per block). */
    private static final class TimedWorld implements WorldState {
        private final WorldState world;
        long rootNanos;

        TimedWorld(WorldState world) {
            this.world = world;
        }

        @Override
        public AccountInfo account(Address address) {
            return world.account(address);
        }

        @Override
        public byte[] code(Address address) {
            return world.code(address);
        }

        @Override
        public U256 storage(Address address, U256 slot) {
            return world.storage(address, slot);
        }

        @Override
        public boolean hasStorage(Address address) {
            return world.hasStorage(address);
        }

        @Override
        public void apply(List<AccountChange> changes) {
            world.apply(changes);
        }

        @Override
        public Optional<Hash> stateRoot() {
            long t0 = System.nanoTime();
            try {
                return world.stateRoot();
            } finally {
                rootNanos += System.nanoTime() - t0;
            }
        }
    }

    /** Runs the indices on the common fork-join pool and the calling thread. */
    private static void inParallel(int count, java.util.function.IntConsumer action) {
        java.util.stream.IntStream.range(0, count).parallel().forEach(action);
    }

    /** Leaves out the transaction at {@code index} and the same sender's later ones. */
    private void dropFrom(List<Transaction> txs, int index) {
        Transaction bad = txs.remove(index);
        rejected.add(bad.hash());
        Address sender = sender(bad);
        txs.removeIf(tx -> sender != null && tx.nonce() > bad.nonce() && sender.equals(sender(tx)));
    }

    /** The pool recovered every sender on entry (and Transaction caches it), so null is not expected. */
    private static Address sender(Transaction tx) {
        return tx.recoverSender() instanceof SenderResult.Recovered(Address a) ? a : null;
    }

    /**
     * Why blocks of {@code fork} cannot be mined here (before the Merge, after Cancun, or no fork),
     * or null when they can.
     */
    public static String unsupported(Fork fork) {
        return NextBlock.unsupported(fork);
    }

    /** The base fee of the block after {@code parent} (EIP-1559). */
    public static U256 nextBaseFee(BlockHeader parent) {
        return NextBlock.baseFee(parent);
    }
}
