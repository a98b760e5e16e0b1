package dev.multilane.chain.pool;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.TransactionValidator;
import dev.multilane.chain.TxError;
import dev.multilane.chain.TxRejection;
import dev.multilane.chain.TxValidation;
import dev.multilane.evm.InvalidReason;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool of transactions waiting for a block, in the manner of geth's legacypool: per sender, a
 * pending run (the nonces from the head state's nonce on, without a gap: executable now, in order)
 * and queued transactions behind a gap, which are promoted when the gap fills, either by an add or
 * by a new head.
 *
 * <p><b>Concurrency.</b> RPC threads call {@link #add}, the block builder calls {@link
 * #selectForBlock}, the chain calls {@link #onNewHead}. One {@link ReentrantLock}, {@code lock},
 * guards all mutable state: {@code senders}, the counters, {@code head}, {@code baseFee}, {@code
 * arrivals}, and every {@link SenderTxs}. It is the only lock, so there is no lock order to keep;
 * no method calls out to foreign code while holding it except {@link StateView#account}, which must
 * therefore be a read-only view that takes no lock of ours.
 *
 * <p>Work done outside the lock: stateless validation and sender recovery (pure functions of the
 * transaction, cached by {@link Transaction}), and the heap walk of {@link #selectForBlock}, which
 * runs over a snapshot of the pending runs copied under the lock. {@code byHash} is a {@link
 * ConcurrentHashMap} written only under the lock, so {@link #get} and the early
 * already-known check read it without the lock; that check is repeated under the lock.
 *
 * <p>Invariants (hold whenever the lock is free): {@code byHash} holds exactly the transactions of
 * the {@code senders} entries; no {@link SenderTxs} is empty; {@code pendingCount} and {@code
 * totalCount} equal the sums over senders; a sender's pooled transactions were affordable
 * one by one at the last head (each cost ≤ balance).
 *
 * <p>Eviction only ever takes a sender's highest-nonce transaction, so it never opens a gap in a
 * pending run. Finding the victim scans the senders (O(senders)); it runs only when the pool is
 * full.
 */
public final class TransactionPool {
    /** Below this many, {@link #addAll} validates on the calling thread. */
    private static final int PARALLEL_THRESHOLD = 8;

    private final PoolConfig config;
    private final TransactionValidator validator;
    private final ReentrantLock lock = new ReentrantLock();
    private final ConcurrentHashMap<Hash, PooledTx> byHash = new ConcurrentHashMap<>();

    // Guarded by lock.
    private final Map<Address, SenderTxs> senders = new HashMap<>();
    private StateView head;
    private U256 baseFee;
    private long arrivals;
    private int pendingCount;
    private int totalCount;

    /**
     * @param head the state after the current head block; nonces and balances are read from it
     * @param nextBaseFee the base fee of the next block, which ranks transactions for eviction
     */
    public TransactionPool(PoolConfig config, StateView head, U256 nextBaseFee) {
        this.config = config;
        this.validator = new TransactionValidator(config.fork(), config.chainId());
        this.head = head;
        this.baseFee = nextBaseFee;
    }

    public PoolConfig config() {
        return config;
    }

    /** Validates {@code tx} and pools it, or says why not. Thread-safe. */
    public AddResult add(Transaction tx) {
        if (byHash.containsKey(tx.hash())) {
            return new AddResult.Rejected(PoolRejection.ALREADY_KNOWN, "known transaction " + tx.hash());
        }
        return add(tx, validateStateless(tx));
    }

    /**
     * Adds a batch, as a peer or a bundle delivers it: the stateless checks, with their sender
     * recovery, run in parallel on the common fork-join pool; the adds then run in list order, so
     * nonces given in order queue and promote as if added one by one. Results match the input order.
     */
    public List<AddResult> addAll(List<Transaction> txs) {
        Object[] checks = new Object[txs.size()];
        var indices = java.util.stream.IntStream.range(0, txs.size());
        (txs.size() >= PARALLEL_THRESHOLD ? indices.parallel() : indices)
                .forEach(i -> checks[i] = validateStateless(txs.get(i)));
        List<AddResult> results = new ArrayList<>(txs.size());
        for (int i = 0; i < txs.size(); i++) {
            results.add(add(txs.get(i), checks[i]));
        }
        return results;
    }

    /**
     * Up to {@code maxCount} pending transactions for a block with {@code baseFee} and {@code
     * gasLimit}: the best effective tip first among senders, each sender in nonce order; a sender
     * whose next transaction cannot pay the base fee, or does not fit the gas left, contributes
     * nothing more. Gas is counted by gasLimit, an upper bound of what execution will use; the
     * pool is not changed (mined transactions leave on {@link #onNewHead}).
     */
    public List<Transaction> selectForBlock(U256 baseFee, long gasLimit, int maxCount) {
        List<List<PooledTx>> runs = new ArrayList<>();
        lock.lock();
        try {
            for (SenderTxs s : senders.values()) {
                if (s.pendingCount() > 0) {
                    runs.add(s.pending());
                }
            }
        } finally {
            lock.unlock();
        }
        return BlockSelection.select(runs, baseFee, gasLimit, maxCount);
    }

    /**
     * Moves the pool to a new head: drops transactions the new nonces show mined, and ones the new
     * balances cannot pay; promotes queued ones that became contiguous; ranks by {@code
     * nextBaseFee} from now on.
     */
    public void onNewHead(StateView headState, U256 nextBaseFee) {
        lock.lock();
        try {
            head = headState;
            baseFee = nextBaseFee;
            var it = senders.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                SenderTxs s = e.getValue();
                AccountInfo a = headState.account(e.getKey());
                long nonce = a == null ? 0 : a.nonce();
                BigInteger balance = a == null ? BigInteger.ZERO : a.balance().toBigInteger();
                pendingCount -= s.pendingCount();
                totalCount -= s.size();
                for (PooledTx dropped : s.reset(nonce, balance)) {
                    byHash.remove(dropped.tx().hash());
                }
                pendingCount += s.pendingCount();
                totalCount += s.size();
                if (s.isEmpty()) {
                    it.remove();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The pooled transaction with this hash, or null. Lock-free. */
    public Transaction get(Hash hash) {
        PooledTx p = byHash.get(hash);
        return p == null ? null : p.tx();
    }

    public int pendingCount() {
        lock.lock();
        try {
            return pendingCount;
        } finally {
            lock.unlock();
        }
    }

    public int queuedCount() {
        lock.lock();
        try {
            return totalCount - pendingCount;
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

    /** An {@link AddResult.Rejected} or the validated sender; pure, so it runs without the lock. */
    private Object validateStateless(Transaction tx) {
        // Blob transactions need blobs and a pool of their own (EIP-4844); set-code ones (type 4,
        // EIP-7702) do not decode yet. Neither is pooled until supported.
        if (tx.type() >= Transaction.BLOB) {
            return new AddResult.Rejected(PoolRejection.TYPE_NOT_SUPPORTED, "type " + tx.type() + " is not pooled");
        }
        if (Long.compareUnsigned(tx.gasLimit(), config.blockGasLimit()) > 0) {
            return new AddResult.Rejected(PoolRejection.GAS_LIMIT_ABOVE_BLOCK, "gasLimit "
                    + Long.toUnsignedString(tx.gasLimit()) + " above block gas limit " + config.blockGasLimit());
        }
        U256 feeCap = tx.type() >= Transaction.DYNAMIC_FEE ? tx.maxFeePerGas() : tx.gasPrice();
        if (feeCap.compareTo(config.minFeeCap()) < 0) {
            return new AddResult.Rejected(PoolRejection.FEE_CAP_TOO_LOW, "fee cap " + feeCap
                    + " below the pool minimum " + config.minFeeCap());
        }
        return switch (validator.validate(tx)) {
            case TxValidation.Valid v -> v.sender();
            case TxValidation.Invalid i -> new AddResult.Rejected(map(i.reason()), i.detail(), i.reason());
        };
    }

    private static PoolRejection map(TxRejection r) {
        return switch (r) {
            case TxError.WRONG_CHAIN_ID -> PoolRejection.WRONG_CHAIN_ID;
            case TxError.INVALID_SIGNATURE, TxError.RECOVERY_FAILED -> PoolRejection.INVALID_SIGNATURE;
            case TxRejection.Evm(InvalidReason reason) when reason == InvalidReason.INTRINSIC_GAS_TOO_LOW ->
                PoolRejection.INTRINSIC_GAS;
            case TxRejection.Evm(InvalidReason reason) when reason == InvalidReason.TYPE_NOT_SUPPORTED ->
                PoolRejection.TYPE_NOT_SUPPORTED;
            default -> PoolRejection.INVALID;
        };
    }

    /** The stateful half of an add, under the lock; {@code check} is the stateless outcome. */
    private AddResult add(Transaction tx, Object check) {
        if (check instanceof AddResult.Rejected r) {
            return r;
        }
        Address sender = (Address) check;
        lock.lock();
        try {
            if (byHash.containsKey(tx.hash())) {
                return new AddResult.Rejected(PoolRejection.ALREADY_KNOWN, "known transaction " + tx.hash());
            }
            SenderTxs s = senders.get(sender);
            if (s == null) {
                AccountInfo a = head.account(sender);
                s = new SenderTxs(a == null ? 0 : a.nonce(), a == null ? BigInteger.ZERO : a.balance().toBigInteger());
            }
            long nonce = tx.nonce();
            if (Long.compareUnsigned(nonce, s.stateNonce()) < 0) {
                return new AddResult.Rejected(PoolRejection.NONCE_TOO_LOW, "nonce " + Long.toUnsignedString(nonce)
                        + " below account nonce " + Long.toUnsignedString(s.stateNonce()));
            }
            // Distance past the pending run; nonce >= stateNonce here, and pendingEnd >= stateNonce.
            if (Long.compareUnsigned(nonce, s.pendingEnd()) > 0
                    && Long.compareUnsigned(nonce - s.pendingEnd(), config.maxNonceGap()) > 0) {
                return new AddResult.Rejected(PoolRejection.NONCE_TOO_FAR_AHEAD, "nonce " + Long.toUnsignedString(nonce)
                        + " more than " + config.maxNonceGap() + " past next nonce " + s.pendingEnd());
            }
            PooledTx incoming = PooledTx.of(tx, sender, arrivals);
            PooledTx old = s.get(nonce);
            if (old != null && !bumped(old, incoming)) {
                return new AddResult.Rejected(PoolRejection.REPLACEMENT_UNDERPRICED, "replacing " + old.tx().hash()
                        + " needs " + config.priceBumpPercent() + "% more fee cap and tip");
            }
            // Like geth's overdraft check: this and the sender's other pooled txs must all be payable.
            BigInteger spend = s.totalCostExcept(nonce).add(incoming.cost());
            if (spend.compareTo(s.balance()) > 0) {
                return new AddResult.Rejected(PoolRejection.INSUFFICIENT_FUNDS, "balance " + s.balance()
                        + " below " + spend + " (value + gasLimit · maxFee of this and the sender's pooled txs)");
            }
            if (old == null && s.size() >= config.maxPerSender()) {
                return new AddResult.Rejected(PoolRejection.SENDER_LIMIT, "sender " + sender + " has "
                        + s.size() + " pooled transactions");
            }
            if (old == null && totalCount >= config.maxTotal() && !evictFor(incoming)) {
                return new AddResult.Rejected(PoolRejection.POOL_FULL, "pool full and no cheaper transaction to evict");
            }
            arrivals++;
            senders.put(sender, s);
            pendingCount -= s.pendingCount();
            totalCount -= s.size();
            s.put(incoming);
            pendingCount += s.pendingCount();
            totalCount += s.size();
            byHash.put(tx.hash(), incoming);
            boolean pending = s.isPending(nonce);
            if (old != null) {
                byHash.remove(old.tx().hash());
                return new AddResult.Replaced(tx.hash(), sender, old.tx().hash(), pending);
            }
            return pending ? new AddResult.Pending(tx.hash(), sender) : new AddResult.Queued(tx.hash(), sender);
        } finally {
            lock.unlock();
        }
    }

    /**
     * geth's rule (legacypool list.Add): a replacement must raise both the fee cap and the tip,
     * each by at least priceBump percent; a legacy price counts as both.
     */
    private boolean bumped(PooledTx old, PooledTx incoming) {
        if (incoming.maxFee().compareTo(old.maxFee()) <= 0 || incoming.tip().compareTo(old.tip()) <= 0) {
            return false;
        }
        BigInteger factor = BigInteger.valueOf(100L + config.priceBumpPercent());
        BigInteger hundred = BigInteger.valueOf(100);
        BigInteger minFee = old.maxFee().toBigInteger().multiply(factor).divide(hundred);
        BigInteger minTip = old.tip().toBigInteger().multiply(factor).divide(hundred);
        return incoming.maxFee().toBigInteger().compareTo(minFee) >= 0
                && incoming.tip().toBigInteger().compareTo(minTip) >= 0;
    }

    /**
     * Makes room for {@code incoming} by evicting the cheapest tail transaction of another sender,
     * if it pays strictly less than {@code incoming} at the current base fee. Ties in tip evict a
     * queued tail before a pending one, then the later arrival. Lock held.
     */
    private boolean evictFor(PooledTx incoming) {
        SenderTxs victimSender = null;
        PooledTx victim = null;
        for (Map.Entry<Address, SenderTxs> e : senders.entrySet()) {
            if (e.getKey().equals(incoming.sender())) {
                continue;
            }
            PooledTx last = e.getValue().last();
            if (victim == null || cheaper(last, e.getValue(), victim, victimSender)) {
                victim = last;
                victimSender = e.getValue();
            }
        }
        if (victim == null || PooledTx.compareByTip(victim, incoming, baseFee) >= 0) {
            return false;
        }
        pendingCount -= victimSender.pendingCount();
        totalCount -= victimSender.size();
        victimSender.removeLast();
        pendingCount += victimSender.pendingCount();
        totalCount += victimSender.size();
        byHash.remove(victim.tx().hash());
        if (victimSender.isEmpty()) {
            senders.remove(victim.sender());
        }
        return true;
    }

    private boolean cheaper(PooledTx a, SenderTxs as, PooledTx b, SenderTxs bs) {
        int byTip = PooledTx.compareByTip(a, b, baseFee);
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
