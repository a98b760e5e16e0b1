package dev.multilane.chain.pool;

import dev.multilane.chain.Transaction;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks a block's transactions from a snapshot of the pending runs, as geth's miner does with its
 * price-and-nonce heap: a heap holds each sender's lowest-nonce transaction, ordered by effective
 * tip at the block's base fee (EIP-1559), then by arrival. Taking a sender's head exposes its next
 * nonce, so each sender's transactions come out strictly in nonce order while senders interleave
 * by price. Arrivals are unique, so the order is total and any correct heap yields the same block.
 *
 * <p>Blob transactions (EIP-4844) also need a blob fee cap of at least the block's blob base fee,
 * and blob gas left under the block's limit (six blobs at Cancun); zero blob gas leaves them all
 * out, as before Cancun.
 *
 * <p>Why it is hand-rolled: a block of 10,000 senders runs this once per block, so it never gets
 * hot in the JIT, and a {@code PriorityQueue} of cursor objects with U256 arithmetic per step
 * cost 20–190 ms. Here the runs lie end to end in one array ({@link Runs}), the heap is an {@code
 * int[]} of run numbers built bottom-up in O(senders), and taking a head that has a successor
 * replaces the root and sifts once instead of a poll and an offer.
 */
final class BlockSelection {
    /** The least gas any transaction needs (the intrinsic cost of a plain transfer). */
    static final long TX_GAS = 21_000;

    /** The block's fee levels and limits. */
    record Limits(U256 baseFee, U256 blobBaseFee, long gasLimit, long maxBlobGas, int maxCount) {}

    /**
     * Pending runs laid end to end: run {@code r} is {@code txs[start[r] .. start[r + 1])}, one
     * sender's executable transactions in nonce order; {@code count} runs, so {@code start} has at
     * least {@code count + 1} entries.
     */
    record Runs(PooledTx[] txs, int[] start, int count) {}

    private final PooledTx[] txs;
    private final int[] start;
    private final Limits limits;
    /** Per run: the index in {@code txs} of its head, the head's effective tip and arrival. */
    private final int[] head;
    private final U256[] tip;
    private final long[] arrival;
    /** A binary max-heap of run numbers by (tip desc, arrival asc); {@code size} in use. */
    private final int[] heap;
    private int size;
    /** The block so far, and the gas and blob gas it leaves. */
    private List<Transaction> out;
    private long gasLeft;
    private long blobGasLeft;
    /** The lowest effective tip taken so far (null before the first). */
    private U256 minTip;

    /**
     * A selection: the transactions, whether they are every transaction of the runs (nothing left
     * out for its fee, the gas or the count), the lowest effective tip among them (null when none),
     * and the gas and blob gas they leave of the limits.
     */
    record Result(List<Transaction> txs, boolean complete, U256 minTip, long gasLeft, long blobGasLeft) {}

    private BlockSelection(Runs runs, Limits limits) {
        this.txs = runs.txs();
        this.start = runs.start();
        this.limits = limits;
        int n = runs.count();
        this.head = new int[n];
        this.tip = new U256[n];
        this.arrival = new long[n];
        this.heap = new int[n];
        for (int r = 0; r < n; r++) {
            addIfExposed(r);
        }
        for (int i = size / 2 - 1; i >= 0; i--) {
            siftDown(i);
        }
    }

    static Result select(Runs runs, Limits limits) {
        BlockSelection selection = new BlockSelection(runs, limits);
        List<Transaction> txs = selection.take();
        return new Result(txs, txs.size() == runs.start()[runs.count()] - runs.start()[0], selection.minTip,
                selection.gasLeft, selection.blobGasLeft);
    }

    private List<Transaction> take() {
        out = new ArrayList<>(Math.min(limits.maxCount(), txs.length));
        gasLeft = limits.gasLimit();
        blobGasLeft = limits.maxBlobGas();
        // The loop body is a method of its own so that the JIT compiles it within the first block
        // (after a few hundred calls); a loop body inline would stay interpreted until on-stack
        // replacement, several blocks of 10,000 later, since this runs once per block.
        while (size > 0 && out.size() < limits.maxCount() && gasLeft >= TX_GAS) {
            takeRoot();
        }
        return out;
    }

    /** Takes the best head into the block if it fits, and exposes the sender's next transaction. */
    private void takeRoot() {
        int r = heap[0];
        Transaction tx = txs[head[r]].tx();
        // geth's miner drops the whole sender when its next tx does not fit (gas or blob gas):
        // the later ones cannot go in without it.
        long blobGas = PooledTx.blobGas(tx);
        if (Long.compareUnsigned(tx.gasLimit(), gasLeft) > 0 || blobGas > blobGasLeft) {
            removeRoot();
            return;
        }
        out.add(tx);
        if (minTip == null || tip[r].compareTo(minTip) < 0) {
            minTip = tip[r];
        }
        gasLeft -= tx.gasLimit();
        blobGasLeft -= blobGas;
        if (expose(r, head[r] + 1)) {
            siftDown(0);
        } else {
            removeRoot();
        }
    }

    private void addIfExposed(int r) {
        if (expose(r, start[r])) {
            heap[size++] = r;
        }
    }

    /**
     * Makes {@code txs[index]} run {@code r}'s head, unless the run has ended or that transaction
     * cannot pay the base fee or the blob base fee (then the rest of the run waits too).
     */
    private boolean expose(int r, int index) {
        if (index >= start[r + 1]) {
            return false;
        }
        PooledTx p = txs[index];
        U256 t = p.effectiveTip(limits.baseFee());
        if (t == null || !p.paysBlobFee(limits.blobBaseFee())) {
            return false;
        }
        head[r] = index;
        tip[r] = t;
        arrival[r] = p.arrival();
        return true;
    }

    /** Whether run {@code a}'s head goes before run {@code b}'s: higher tip, then earlier arrival. */
    private boolean before(int a, int b) {
        int byTip = tip[a].compareTo(tip[b]);
        return byTip != 0 ? byTip > 0 : arrival[a] < arrival[b];
    }

    private void removeRoot() {
        heap[0] = heap[--size];
        if (size > 0) {
            siftDown(0);
        }
    }

    private void siftDown(int i) {
        int r = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], r)) {
                break;
            }
            heap[i] = heap[child];
            i = child;
        }
        heap[i] = r;
    }
}
