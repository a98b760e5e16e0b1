package dev.multilane.chain.pool;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One sender's pooled transactions, by nonce, with the account as the head state last showed it.
 * Not thread-safe: {@link TransactionPool} guards every instance with its lock.
 *
 * <p>Invariants: every nonce is at least {@code stateNonce}; the nonces {@code stateNonce ..
 * pendingEnd - 1} are all present (the pending run, executable in order now); any nonce at or
 * above {@code pendingEnd} is queued behind the gap at {@code pendingEnd}. The transactions are
 * all blob transactions or all not (the pool reserves a sender for one kind, as geth does); blob
 * ones are never queued, as geth's blobpool admits no nonce gap.
 */
final class SenderTxs {
    private final TreeMap<Long, PooledTx> byNonce = new TreeMap<>(Long::compareUnsigned);
    private long stateNonce;
    private BigInteger balance;
    private long pendingEnd;

    SenderTxs(long stateNonce, BigInteger balance) {
        this.stateNonce = stateNonce;
        this.balance = balance;
        this.pendingEnd = stateNonce;
    }

    long stateNonce() {
        return stateNonce;
    }

    BigInteger balance() {
        return balance;
    }

    /** The nonce after the pending run: what the sender's next transaction should carry. */
    long pendingEnd() {
        return pendingEnd;
    }

    int size() {
        return byNonce.size();
    }

    int pendingCount() {
        return (int) (pendingEnd - stateNonce);
    }

    boolean isEmpty() {
        return byNonce.isEmpty();
    }

    /** Whether the sender's pooled transactions are blob transactions; false when there are none. */
    boolean holdsBlobs() {
        return !byNonce.isEmpty() && byNonce.firstEntry().getValue().isBlob();
    }

    /** Blobs carried by the sender's pooled transactions. */
    int blobCount() {
        int n = 0;
        for (PooledTx p : byNonce.values()) {
            n += p.blobCount();
        }
        return n;
    }

    PooledTx get(long nonce) {
        return byNonce.get(nonce);
    }

    boolean isPending(long nonce) {
        return Long.compareUnsigned(nonce, pendingEnd) < 0;
    }

    /** Sum of the costs of every pooled transaction but the one at {@code exceptNonce}. */
    BigInteger totalCostExcept(long exceptNonce) {
        BigInteger sum = BigInteger.ZERO;
        for (PooledTx p : byNonce.values()) {
            if (p.nonce() != exceptNonce) {
                sum = sum.add(p.cost());
            }
        }
        return sum;
    }

    /** Inserts or replaces; returns the transaction it replaced, or null. Promotes across a filled gap. */
    PooledTx put(PooledTx p) {
        PooledTx old = byNonce.put(p.nonce(), p);
        extendPending();
        return old;
    }

    /** The highest-nonce transaction: the only one whose removal leaves no gap behind. */
    PooledTx last() {
        return byNonce.isEmpty() ? null : byNonce.lastEntry().getValue();
    }

    PooledTx removeLast() {
        PooledTx p = byNonce.pollLastEntry().getValue();
        if (isPending(p.nonce())) {
            pendingEnd = p.nonce(); // it ended the run, since nothing follows it
        }
        return p;
    }

    /**
     * Moves to a new head: drops what the new nonce says is mined, what the new balance cannot pay
     * (geth's legacypool drops those too; their successors fall behind a gap and queue), and what
     * {@code valid} refuses (the rules of a new fork; null when the fork did not change). Blob
     * transactions behind such a gap are dropped too, since blob transactions are never queued.
     * Returns every dropped transaction.
     */
    List<PooledTx> reset(long newStateNonce, BigInteger newBalance, Predicate<PooledTx> valid) {
        List<PooledTx> dropped = new ArrayList<>();
        while (!byNonce.isEmpty() && Long.compareUnsigned(byNonce.firstKey(), newStateNonce) < 0) {
            dropped.add(byNonce.pollFirstEntry().getValue());
        }
        var it = byNonce.values().iterator();
        while (it.hasNext()) {
            PooledTx p = it.next();
            if (p.cost().compareTo(newBalance) > 0 || (valid != null && !valid.test(p))) {
                dropped.add(p);
                it.remove();
            }
        }
        stateNonce = newStateNonce;
        balance = newBalance;
        pendingEnd = newStateNonce;
        extendPending();
        if (holdsBlobs() || (!dropped.isEmpty() && dropped.getFirst().isBlob())) {
            while (!byNonce.isEmpty() && Long.compareUnsigned(byNonce.lastKey(), pendingEnd) >= 0) {
                dropped.add(byNonce.pollLastEntry().getValue());
            }
        }
        return dropped;
    }

    /** Whether every pooled nonce is below {@code newStateNonce}: a head that mined them all. */
    boolean allBelow(long newStateNonce) {
        return byNonce.isEmpty() || Long.compareUnsigned(byNonce.lastKey(), newStateNonce) < 0;
    }

    /** Every pooled transaction in nonce order; a live view. */
    Collection<PooledTx> all() {
        return byNonce.values();
    }

    /**
     * Copies the pending run, in nonce order, into {@code into} from {@code at}; returns the index
     * after it. The run is the lowest nonces (every nonce is at least {@code stateNonce}), so it is
     * the first {@link #pendingCount} values.
     */
    int copyPending(PooledTx[] into, int at) {
        int n = pendingCount();
        var it = byNonce.values().iterator();
        for (int i = 0; i < n; i++) {
            into[at++] = it.next();
        }
        return at;
    }

    /** The pending run in nonce order. */
    List<PooledTx> pending() {
        return new ArrayList<>(byNonce.headMap(pendingEnd, false).values());
    }

    /** The queued transactions in nonce order. */
    List<PooledTx> queued() {
        return new ArrayList<>(byNonce.tailMap(pendingEnd, true).values());
    }

    private void extendPending() {
        while (byNonce.containsKey(pendingEnd)) {
            pendingEnd++;
        }
    }
}
