package dev.multilane.chain.pool;

import dev.multilane.chain.Transaction;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * The pool of transactions waiting for a block, in the manner of geth's legacypool: per sender, a
 * pending run (the nonces from the head state's nonce on, without a gap: executable now, in order)
 * and queued transactions behind a gap, which are promoted when the gap fills, either by an add or
 * by a new head.
 *
 * <p><b>Following the head.</b> Every {@link #onNewHead} brings a {@link PoolHead}: the new state,
 * and the next block's fork, base fee and blob base fee. Stateless rules are those of that fork
 * (EIP-3860's init code limit from Shanghai, blob transactions from Cancun); when the fork changes,
 * pooled transactions are checked again and those the new rules refuse are dropped.
 *
 * <p><b>Blob transactions</b> (type 3, EIP-4844) arrive with their {@link BlobSidecar}, whose KZG
 * proofs are verified before the lock is taken, and which the pool keeps. They follow geth's
 * blobpool rules within this one structure: a sender holds blob transactions or others, never
 * both ({@link PoolRejection#SENDER_RESERVED}); no nonce gap; a replacement raises fee cap, tip
 * and blob fee cap by {@link PoolConfig.BlobLimits#priceBumpPercent()}; at most {@link
 * PoolConfig.BlobLimits#maxPerSender()} per sender and {@link PoolConfig.BlobLimits#maxBlobs()}
 * blobs in all, a bound of their own that {@code maxTotal} does not count; never evicted to make
 * room (a full blob pool refuses instead). A blob transaction whose blob fee cap is below the
 * blob base fee stays pending but is not selected until the fee falls.
 *
 * <p><b>Concurrency.</b> RPC threads call {@link #add}, the block builder calls {@link
 * #selectForBlock}, the chain calls {@link #onNewHead} or {@link #deferNewHead}. One {@link
 * ReentrantLock}, {@code lock}, guards all mutable state: {@code senders}, the counters, {@code
 * head}, {@code deferred}, {@code arrivals}, and every {@link SenderTxs}. It is the only lock, so
 * there is no lock order to keep; no method calls out to foreign code while holding it except
 * {@link StateView#account}, which must therefore be a read-only view that takes no lock of ours.
 * {@code rules} is volatile, written under the lock, read without it by the stateless half of an
 * add; an add checked under an older fork is checked again under the lock.
 *
 * <p><b>Deferred heads.</b> {@link #deferNewHead} records a head and returns; the pass over the
 * senders it needs runs under the lock at the start of the next operation ({@code catchUp}), or
 * earlier through {@link #applyDeferredHead} on a background thread. Every method that reads or
 * changes the pool catches up first, so none sees the pool behind its head; {@code deferred} is
 * volatile so that the lock-free lookups and the early checks of an add can tell when to.
 *
 * <p>Work done outside the lock: stateless validation, sender recovery and KZG verification (pure
 * functions of the transaction), and the heap walk of {@link #selectForBlock}, which runs over a
 * snapshot of the pending runs copied under the lock. {@code byHash} is a {@link
 * ConcurrentHashMap} written only under the lock, so {@link #get} and the early already-known
 * check read it without the lock; that check is repeated under the lock.
 *
 * <p>Invariants (hold whenever the lock is free): {@code byHash} holds exactly the transactions of
 * the {@code senders} entries; no {@link SenderTxs} is empty; {@code pendingCount}, {@code
 * totalCount} and {@code blobCount} equal the sums over senders; a sender's pooled transactions
 * were affordable one by one at the last head (each cost ≤ balance).
 *
 * <p>Eviction only ever takes a sender's highest-nonce transaction, so it never opens a gap in a
 * pending run. Finding the victim scans the senders (O(senders)); it runs only when the pool is
 * full.
 */
public final class TransactionPool {
    /** Below this many, {@link #addAll} validates on the calling thread. */
    private static final int PARALLEL_THRESHOLD = 8;

    private final PoolConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<Hash, PooledTx> byHash = new ConcurrentHashMap<>();
    /** The next block's stateless rules; written under the lock, read by adds without it. */
    private volatile StatelessCheck rules;
    /**
     * A head {@link #deferNewHead} recorded and no operation has applied yet, or null; written
     * under the lock, read without it (volatile) so that the lock-free lookups know to take it.
     */
    private volatile PoolHead deferred;

    // Guarded by lock.
    private final Map<Address, SenderTxs> senders = new HashMap<>();
    private PoolHead head;
    private long arrivals;
    private int pendingCount;
    /** Transactions without blobs, the ones {@link PoolConfig#maxTotal()} bounds. */
    private int totalCount;
    private int blobTxCount;
    private int blobCount;
    /**
     * For {@link #extendSelection}: {@code appended} holds the transactions that joined the end of a
     * pending run, in arrival order, since {@code epoch} last moved; it moves (and they are
     * forgotten) on any other change to the pending runs: a new head, a replacement, an eviction,
     * a promotion from the queue.
     */
    private long epoch;
    private final List<PooledTx> appended = new ArrayList<>();

    /**
     * A pool at {@code config.fork()}, with the minimum blob base fee (1 wei, no excess blob gas).
     *
     * @param head the state after the current head block; nonces and balances are read from it
     * @param nextBaseFee the base fee of the next block, which ranks transactions for eviction
     */
    public TransactionPool(PoolConfig config, StateView head, U256 nextBaseFee) {
        this(config, new PoolHead(head, config.fork(), nextBaseFee, TransactionProcessor.blobBaseFee(0)));
    }

    /** A pool on {@code head}, whose fork replaces {@code config.fork()}. */
    public TransactionPool(PoolConfig config, PoolHead head) {
        this.config = config;
        this.head = head;
        this.rules = new StatelessCheck(config, head.fork());
    }

    public PoolConfig config() {
        return config;
    }

    /** Validates {@code tx} and pools it, or says why not. A blob transaction needs its sidecar: see the overload. */
    public AddResult add(Transaction tx) {
        return add(tx, null);
    }

    /**
     * Validates {@code tx} with the blobs it came with ({@code sidecar}, or null for a transaction
     * of another type) and pools both, or says why not. Thread-safe.
     */
    public AddResult add(Transaction tx, BlobSidecar sidecar) {
        applyDeferredHead(); // a transaction the new head mined is no longer known, but too low
        if (byHash.containsKey(tx.hash())) {
            return new AddResult.Rejected(PoolRejection.ALREADY_KNOWN, "known transaction " + tx.hash());
        }
        if (sidecar != null && tx.type() != Transaction.BLOB) {
            return new AddResult.Rejected(PoolRejection.INVALID_BLOBS, "blobs sent with a type " + tx.type()
                    + " transaction");
        }
        return add(tx, sidecar, rules.check(tx, sidecar));
    }

    /**
     * Adds a batch of transactions without blobs, as a peer or a bundle delivers it: the stateless
     * checks, with their sender recovery, run in parallel on the common fork-join pool; the adds
     * then run in list order, so nonces given in order queue and promote as if added one by one.
     * Results match the input order.
     */
    public List<AddResult> addAll(List<Transaction> txs) {
        applyDeferredHead(); // the stateless checks below use the rules of the pool's head
        StatelessCheck.Outcome[] checks = new StatelessCheck.Outcome[txs.size()];
        StatelessCheck current = rules;
        IntStream indices = IntStream.range(0, txs.size());
        (txs.size() >= PARALLEL_THRESHOLD ? indices.parallel() : indices)
                .forEach(i -> checks[i] = current.check(txs.get(i), null));
        List<AddResult> results = new ArrayList<>(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            results.add(add(txs.get(i), null, checks[i]));
        }
        return results;
    }

    /**
     * Up to {@code maxCount} pending transactions without blobs for a block with {@code baseFee}
     * and {@code gasLimit}; see the overload.
     */
    public List<Transaction> selectForBlock(U256 baseFee, long gasLimit, int maxCount) {
        return selectForBlock(baseFee, U256.MAX, gasLimit, 0, maxCount);
    }

    /**
     * Up to {@code maxCount} pending transactions for a block with {@code baseFee}, {@code
     * blobBaseFee}, {@code gasLimit} and {@code maxBlobGas}: the best effective tip first among
     * senders, each sender in nonce order; a sender whose next transaction cannot pay the base fee
     * (or the blob base fee), or does not fit the gas (or blob gas) left, contributes nothing more.
     * Gas is counted by gasLimit, an upper bound of what execution will use; the pool is not
     * changed (mined transactions leave on {@link #onNewHead}).
     */
    public List<Transaction> selectForBlock(U256 baseFee, U256 blobBaseFee, long gasLimit, long maxBlobGas,
            int maxCount) {
        BlockSelection.Runs runs;
        lock.lock();
        try {
            catchUp();
            runs = pendingRuns();
        } finally {
            lock.unlock();
        }
        return BlockSelection.select(runs,
                new BlockSelection.Limits(baseFee, blobBaseFee, gasLimit, maxBlobGas, maxCount)).txs();
    }

    /**
     * A block's selection ({@link #select}) that a later call can extend ({@link #extendSelection}).
     * {@code transactions} is what {@link #selectForBlock} would give for the same limits.
     */
    public static final class Selection {
        private final List<Transaction> transactions;
        private final BlockSelection.Limits limits;
        private final long epoch;
        private final int appendedSeen;
        private final BlockSelection.Result result;
        private final int extendedFrom;

        private Selection(List<Transaction> transactions, BlockSelection.Limits limits, long epoch, int appendedSeen,
                BlockSelection.Result result, int extendedFrom) {
            this.transactions = transactions;
            this.limits = limits;
            this.epoch = epoch;
            this.appendedSeen = appendedSeen;
            this.result = result;
            this.extendedFrom = extendedFrom;
        }

        public List<Transaction> transactions() {
            return transactions;
        }

        /**
         * How many of {@link #transactions} are the previous selection's, unchanged, when this one
         * extends it; -1 when it was made from scratch.
         */
        public int extendedFrom() {
            return extendedFrom;
        }
    }

    /** {@link #selectForBlock(U256, U256, long, long, int)} as a {@link Selection}, made from scratch. */
    public Selection select(U256 baseFee, U256 blobBaseFee, long gasLimit, long maxBlobGas, int maxCount) {
        return extendSelection(null, baseFee, blobBaseFee, gasLimit, maxBlobGas, maxCount);
    }

    /**
     * {@link #select}, extending {@code previous} (a selection with the same limits) instead of
     * selecting over the whole pool when that gives the same transactions: when the pending runs
     * have only grown at their ends since, {@code previous} took every pending transaction, and no
     * transaction added since pays a higher effective tip than the lowest it took. Each new
     * transaction then ranks below all of {@code previous} (a lower tip, or the same and a later
     * arrival), so the whole pool's selection is {@code previous} followed by the selection over the
     * new transactions with the gas and count left; a block producer that keeps executing the
     * pending block as transactions arrive selects about as often as they arrive.
     */
    public Selection extendSelection(Selection previous, U256 baseFee, U256 blobBaseFee, long gasLimit,
            long maxBlobGas, int maxCount) {
        BlockSelection.Limits limits = new BlockSelection.Limits(baseFee, blobBaseFee, gasLimit, maxBlobGas, maxCount);
        BlockSelection.Runs runs;
        long atEpoch;
        int seen;
        boolean extend = false;
        lock.lock();
        try {
            catchUp();
            atEpoch = epoch;
            seen = appended.size();
            if (previous != null && previous.epoch == epoch && previous.limits.equals(limits)
                    && previous.result.complete()) {
                List<PooledTx> fresh = appended.subList(previous.appendedSeen, seen);
                extend = ranksBelow(fresh, previous.result.minTip(), baseFee);
                runs = extend ? runsOf(fresh) : pendingRuns();
            } else {
                runs = pendingRuns();
            }
        } finally {
            lock.unlock();
        }
        if (!extend) {
            BlockSelection.Result result = BlockSelection.select(runs, limits);
            return new Selection(result.txs(), limits, atEpoch, seen, result, -1);
        }
        BlockSelection.Result before = previous.result;
        BlockSelection.Result more = BlockSelection.select(runs, new BlockSelection.Limits(baseFee, blobBaseFee,
                before.gasLeft(), before.blobGasLeft(), maxCount - before.txs().size()));
        List<Transaction> txs = new ArrayList<>(before.txs().size() + more.txs().size());
        txs.addAll(before.txs());
        txs.addAll(more.txs());
        U256 minTip = before.minTip() == null ? more.minTip()
                : more.minTip() == null ? before.minTip() : U256.min(before.minTip(), more.minTip());
        BlockSelection.Result result = new BlockSelection.Result(txs, more.complete(), minTip, more.gasLeft(),
                more.blobGasLeft());
        return new Selection(txs, limits, atEpoch, seen, result, before.txs().size());
    }

    /** Whether every one of {@code fresh} pays the base fee and an effective tip of at most {@code minTip} (null: any). */
    private static boolean ranksBelow(List<PooledTx> fresh, U256 minTip, U256 baseFee) {
        for (PooledTx p : fresh) {
            U256 tip = p.effectiveTip(baseFee);
            if (tip == null || (minTip != null && tip.compareTo(minTip) > 0)) {
                return false;
            }
        }
        return true;
    }

    /** {@code fresh} (in arrival order, each sender's in nonce order) as runs, a sender's in one run. */
    private static BlockSelection.Runs runsOf(List<PooledTx> fresh) {
        Map<Address, List<PooledTx>> bySender = new java.util.LinkedHashMap<>();
        for (PooledTx p : fresh) {
            bySender.computeIfAbsent(p.sender(), a -> new ArrayList<>(1)).add(p);
        }
        PooledTx[] txs = new PooledTx[fresh.size()];
        int[] start = new int[bySender.size() + 1];
        int runs = 0;
        int at = 0;
        for (List<PooledTx> run : bySender.values()) {
            start[runs++] = at;
            for (PooledTx p : run) {
                txs[at++] = p;
            }
        }
        start[runs] = at;
        return new BlockSelection.Runs(txs, start, runs);
    }

    /** Moves the pool to a new head state with {@code nextBaseFee}, keeping the fork and blob base fee. */
    public void onNewHead(StateView headState, U256 nextBaseFee) {
        lock.lock();
        try {
            catchUp();
            onNewHead(new PoolHead(headState, head.fork(), nextBaseFee, head.blobBaseFee()));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves the pool to a new head: drops transactions the new nonces show mined, ones the new
     * balances cannot pay, and, when the fork changed, ones its rules refuse; promotes queued ones
     * that became contiguous; checks and ranks by the new fork and fees from now on.
     */
    public void onNewHead(PoolHead next) {
        lock.lock();
        try {
            catchUp();
            reset(next);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records {@code next} as the pool's head and leaves the work of {@link #onNewHead} (a pass
     * over every sender) for later: the next pool operation applies it first, since every one
     * takes the lock (or, for the lock-free lookups, sees {@code deferred} set), and {@link
     * #applyDeferredHead} applies it when called, typically on a background thread. So nobody can
     * see the pool behind its head, but a block producer does not wait for the pass before it
     * answers. geth's legacypool likewise resets on a goroutine of its own after a new head.
     */
    public void deferNewHead(PoolHead next) {
        lock.lock();
        try {
            deferred = next;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies the head {@link #deferNewHead} recorded, if it is still pending; returns once no pass
     * for it is running either.
     */
    public void applyDeferredHead() {
        if (deferred == null) {
            return;
        }
        lock.lock();
        try {
            catchUp();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Applies a deferred head, if any. Lock held. {@code deferred} is cleared only once the pass is
     * done, so that {@link #applyDeferredHead} called meanwhile waits for the lock instead of
     * returning while the pass still reads the head state.
     */
    private void catchUp() {
        PoolHead next = deferred;
        if (next != null) {
            reset(next);
            deferred = null;
        }
    }

    /** The work of {@link #onNewHead}. Lock held. */
    private void reset(PoolHead next) {
        changed();
        boolean forkChanged = next.fork() != head.fork();
        head = next;
        StatelessCheck check = forkChanged ? new StatelessCheck(config, next.fork()) : rules;
        rules = check;
        Predicate<PooledTx> valid = forkChanged ? p -> check.rules(p.tx()) instanceof StatelessCheck.Passed : null;
        // One call per sender rather than an inline loop body, so that the JIT compiles the body
        // within the first pass instead of several blocks later (see BlockSelection).
        senders.entrySet().removeIf(e -> resetSender(e.getKey(), e.getValue(), next.state(), valid));
    }

    /** Moves one sender to the head {@code state}; true when it has nothing left. Lock held. */
    private boolean resetSender(Address sender, SenderTxs s, StateView state, Predicate<PooledTx> valid) {
        AccountInfo a = state.account(sender);
        long nonce = a == null ? 0 : a.nonce();
        uncount(s);
        if (s.allBelow(nonce)) {
            // The usual case after a block: it mined all the sender had. Nothing to re-check.
            for (PooledTx mined : s.all()) {
                byHash.remove(mined.tx().hash());
            }
            return true;
        }
        BigInteger balance = a == null ? BigInteger.ZERO : a.balance().toBigInteger();
        for (PooledTx dropped : s.reset(nonce, balance, valid)) {
            byHash.remove(dropped.tx().hash());
        }
        count(s);
        return s.isEmpty();
    }

    /** The head the pool checks against now. */
    public PoolHead head() {
        lock.lock();
        try {
            catchUp();
            return head;
        } finally {
            lock.unlock();
        }
    }

    /** The pooled transaction with this hash, or null. Lock-free, unless a deferred head is pending. */
    public Transaction get(Hash hash) {
        applyDeferredHead();
        PooledTx p = byHash.get(hash);
        return p == null ? null : p.tx();
    }

    /** The blobs of the pooled blob transaction with this hash, or null. Lock-free, unless a head is deferred. */
    public BlobSidecar blobs(Hash hash) {
        applyDeferredHead();
        PooledTx p = byHash.get(hash);
        return p == null ? null : p.sidecar();
    }

    public int pendingCount() {
        lock.lock();
        try {
            catchUp();
            return pendingCount;
        } finally {
            lock.unlock();
        }
    }

    public int queuedCount() {
        lock.lock();
        try {
            catchUp();
            return totalCount + blobTxCount - pendingCount;
        } finally {
            lock.unlock();
        }
    }

    /** Blobs pooled, with their transactions; bounded by {@link PoolConfig.BlobLimits#maxBlobs()}. */
    public int blobCount() {
        lock.lock();
        try {
            catchUp();
            return blobCount;
        } finally {
            lock.unlock();
        }
    }

    /** Pending transactions by sender (ordered by address), each list in nonce order; for txpool_content. */
    public Map<Address, List<Transaction>> pending() {
        return grouped(true);
    }

    /** Queued transactions by sender (ordered by address), each list in nonce order. */
    public Map<Address, List<Transaction>> queued() {
        return grouped(false);
    }

    /**
     * The nonce the sender's next transaction should carry on top of {@code state} and the pool
     * (eth_getTransactionCount with "pending"): the state nonce, advanced over the pooled
     * transactions that continue it without a gap.
     */
    public long nextNonce(Address sender, StateView state) {
        AccountInfo a = state.account(sender);
        long next = a == null ? 0 : a.nonce();
        lock.lock();
        try {
            catchUp();
            SenderTxs s = senders.get(sender);
            while (s != null && s.get(next) != null) {
                next++;
            }
            return next;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** The stateful half of an add, under the lock; {@code check} is the stateless outcome. */
    private AddResult add(Transaction tx, BlobSidecar sidecar, StatelessCheck.Outcome check) {
        if (check instanceof StatelessCheck.Failed f) {
            return f.rejection();
        }
        lock.lock();
        try {
            catchUp();
            // Checked under a fork the pool has since left: the rules again (the sidecar does not
            // depend on the fork, and the sender is cached).
            if (((StatelessCheck.Passed) check).fork() != head.fork()) {
                check = rules.rules(tx);
                if (check instanceof StatelessCheck.Failed f) {
                    return f.rejection();
                }
            }
            Address sender = ((StatelessCheck.Passed) check).sender();
            if (byHash.containsKey(tx.hash())) {
                return new AddResult.Rejected(PoolRejection.ALREADY_KNOWN, "known transaction " + tx.hash());
            }
            SenderTxs s = senders.get(sender);
            if (s == null) {
                AccountInfo a = head.state().account(sender);
                s = new SenderTxs(a == null ? 0 : a.nonce(), a == null ? BigInteger.ZERO : a.balance().toBigInteger());
            }
            PooledTx incoming = PooledTx.of(tx, sender, arrivals, sidecar);
            AddResult.Rejected refused = admissible(s, incoming);
            if (refused != null) {
                return refused;
            }
            PooledTx old = s.get(tx.nonce());
            if (old == null && !incoming.isBlob() && totalCount >= config.maxTotal() && !evictFor(incoming)) {
                return new AddResult.Rejected(PoolRejection.POOL_FULL, "pool full and no cheaper transaction to evict");
            }
            arrivals++;
            senders.put(sender, s);
            int pendingBefore = s.pendingCount();
            uncount(s);
            s.put(incoming);
            count(s);
            byHash.put(tx.hash(), incoming);
            boolean pending = s.isPending(tx.nonce());
            if (old == null && pending && s.pendingCount() == pendingBefore + 1) {
                appended.add(incoming); // the end of its run: nothing was promoted behind it
            } else if (old != null || s.pendingCount() != pendingBefore) {
                changed();
            }
            if (old != null) {
                byHash.remove(old.tx().hash());
                return new AddResult.Replaced(tx.hash(), sender, old.tx().hash(), pending);
            }
            return pending ? new AddResult.Pending(tx.hash(), sender) : new AddResult.Queued(tx.hash(), sender);
        } finally {
            lock.unlock();
        }
    }

    /** The stateful checks of {@code incoming} against its sender's pooled transactions; null: admissible. Lock held. */
    private AddResult.Rejected admissible(SenderTxs s, PooledTx incoming) {
        long nonce = incoming.nonce();
        boolean blob = incoming.isBlob();
        if (!s.isEmpty() && s.holdsBlobs() != blob) {
            return new AddResult.Rejected(PoolRejection.SENDER_RESERVED, "sender " + incoming.sender() + " has "
                    + (blob ? "transactions without blobs" : "blob transactions") + " pooled; a sender's blob and "
                    + "other transactions cannot wait together");
        }
        if (Long.compareUnsigned(nonce, s.stateNonce()) < 0) {
            return new AddResult.Rejected(PoolRejection.NONCE_TOO_LOW, "nonce " + Long.toUnsignedString(nonce)
                    + " below account nonce " + Long.toUnsignedString(s.stateNonce()));
        }
        // Distance past the pending run; nonce >= stateNonce here, and pendingEnd >= stateNonce.
        long gapAllowed = blob ? 0 : config.maxNonceGap();
        if (Long.compareUnsigned(nonce, s.pendingEnd()) > 0
                && Long.compareUnsigned(nonce - s.pendingEnd(), gapAllowed) > 0) {
            return new AddResult.Rejected(PoolRejection.NONCE_TOO_FAR_AHEAD, "nonce " + Long.toUnsignedString(nonce)
                    + (blob ? " leaves a gap after next nonce " + s.pendingEnd() + " (blob transactions may not)"
                            : " more than " + config.maxNonceGap() + " past next nonce " + s.pendingEnd()));
        }
        PooledTx old = s.get(nonce);
        int bump = blob ? config.blobs().priceBumpPercent() : config.priceBumpPercent();
        if (old != null && !incoming.outbids(old, bump)) {
            return new AddResult.Rejected(PoolRejection.REPLACEMENT_UNDERPRICED, "replacing " + old.tx().hash()
                    + " needs " + bump + "% more fee cap and tip" + (blob ? " and blob fee cap" : ""));
        }
        // Like geth's overdraft check: this and the sender's other pooled txs must all be payable.
        BigInteger spend = s.totalCostExcept(nonce).add(incoming.cost());
        if (spend.compareTo(s.balance()) > 0) {
            return new AddResult.Rejected(PoolRejection.INSUFFICIENT_FUNDS, "balance " + s.balance()
                    + " below " + spend + " (value + gasLimit · maxFee" + (blob ? " + blobGas · maxFeePerBlobGas" : "")
                    + " of this and the sender's pooled txs)");
        }
        int perSender = blob ? config.blobs().maxPerSender() : config.maxPerSender();
        if (old == null && s.size() >= perSender) {
            return new AddResult.Rejected(PoolRejection.SENDER_LIMIT, "sender " + incoming.sender() + " has "
                    + s.size() + " pooled " + (blob ? "blob " : "") + "transactions");
        }
        int blobsAfter = blobCount + incoming.blobCount() - (old == null ? 0 : old.blobCount());
        if (blob && blobsAfter > config.blobs().maxBlobs()) {
            return new AddResult.Rejected(PoolRejection.POOL_FULL, "blob pool full: " + blobCount + " of "
                    + config.blobs().maxBlobs() + " blobs pooled");
        }
        return null;
    }

    /** The pending runs changed other than at their ends: selections made so far cannot be extended. Lock held. */
    private void changed() {
        epoch++;
        appended.clear();
    }

    /** Every sender's pending run, end to end in one array, for {@link BlockSelection}. Lock held. */
    private BlockSelection.Runs pendingRuns() {
        PooledTx[] txs = new PooledTx[pendingCount];
        int[] start = new int[senders.size() + 1];
        int runs = 0;
        int at = 0;
        for (SenderTxs s : senders.values()) {
            if (s.pendingCount() > 0) {
                start[runs++] = at;
                at = s.copyPending(txs, at);
            }
        }
        start[runs] = at;
        return new BlockSelection.Runs(txs, start, runs);
    }

    /** Removes a sender's transactions from the counters, before it changes. Lock held. */
    private void uncount(SenderTxs s) {
        pendingCount -= s.pendingCount();
        if (s.holdsBlobs()) {
            blobTxCount -= s.size();
            blobCount -= s.blobCount();
        } else {
            totalCount -= s.size();
        }
    }

    /** Adds a sender's transactions to the counters, after it changed. Lock held. */
    private void count(SenderTxs s) {
        pendingCount += s.pendingCount();
        if (s.holdsBlobs()) {
            blobTxCount += s.size();
            blobCount += s.blobCount();
        } else {
            totalCount += s.size();
        }
    }

    /**
     * Makes room for {@code incoming} by evicting the cheapest tail transaction of another sender
     * without blobs, if it pays strictly less than {@code incoming} at the current base fee. Ties
     * in tip evict a queued tail before a pending one, then the later arrival. Lock held.
     */
    private boolean evictFor(PooledTx incoming) {
        SenderTxs victimSender = null;
        PooledTx victim = null;
        for (Map.Entry<Address, SenderTxs> e : senders.entrySet()) {
            if (e.getKey().equals(incoming.sender()) || e.getValue().holdsBlobs()) {
                continue;
            }
            PooledTx last = e.getValue().last();
            if (victim == null || cheaper(last, e.getValue(), victim, victimSender)) {
                victim = last;
                victimSender = e.getValue();
            }
        }
        if (victim == null || PooledTx.compareByTip(victim, incoming, head.baseFee()) >= 0) {
            return false;
        }
        changed();
        uncount(victimSender);
        victimSender.removeLast();
        count(victimSender);
        byHash.remove(victim.tx().hash());
        if (victimSender.isEmpty()) {
            senders.remove(victim.sender());
        }
        return true;
    }

    private boolean cheaper(PooledTx a, SenderTxs as, PooledTx b, SenderTxs bs) {
        int byTip = PooledTx.compareByTip(a, b, head.baseFee());
        if (byTip != 0) {
            return byTip < 0;
        }
        boolean aQueued = !as.isPending(a.nonce());
        boolean bQueued = !bs.isPending(b.nonce());
        if (aQueued != bQueued) {
            return aQueued;
        }
        return a.arrival() > b.arrival();
    }

    private Map<Address, List<Transaction>> grouped(boolean pending) {
        Map<Address, List<Transaction>> out = new TreeMap<>();
        lock.lock();
        try {
            catchUp();
            for (Map.Entry<Address, SenderTxs> e : senders.entrySet()) {
                List<PooledTx> txs = pending ? e.getValue().pending() : e.getValue().queued();
                if (!txs.isEmpty()) {
                    out.put(e.getKey(), txs.stream().map(PooledTx::tx).toList());
                }
            }
        } finally {
            lock.unlock();
        }
        return out;
    }
}
