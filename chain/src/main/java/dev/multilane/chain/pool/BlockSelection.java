package dev.multilane.chain.pool;

import dev.multilane.chain.Transaction;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Picks a block's transactions from a snapshot of the pending runs, as geth's miner does with its
 * price-and-nonce heap: a heap holds each sender's lowest-nonce transaction, ordered by effective
 * tip at the block's base fee (EIP-1559), then by arrival. Taking a sender's head exposes its next
 * nonce, so each sender's transactions come out strictly in nonce order while senders interleave
 * by price.
 */
final class BlockSelection {
    /** The least gas any transaction needs (the intrinsic cost of a plain transfer). */
    static final long TX_GAS = 21_000;

    private BlockSelection() {}

    private record Cursor(List<PooledTx> run, int index, U256 tip) {
        PooledTx head() {
            return run.get(index);
        }
    }

    static List<Transaction> select(List<List<PooledTx>> runs, U256 baseFee, long gasLimit, int maxCount) {
        PriorityQueue<Cursor> heap = new PriorityQueue<>((a, b) -> {
            int byTip = b.tip.compareTo(a.tip);
            return byTip != 0 ? byTip : Long.compare(a.head().arrival(), b.head().arrival());
        });
        for (List<PooledTx> run : runs) {
            offer(heap, run, 0, baseFee);
        }
        List<Transaction> out = new ArrayList<>();
        long gasLeft = gasLimit;
        while (!heap.isEmpty() && out.size() < maxCount && gasLeft >= TX_GAS) {
            Cursor c = heap.poll();
            PooledTx p = c.head();
            // geth's miner drops the whole sender when its next tx does not fit: the later ones
            // cannot go in without it.
            if (Long.compareUnsigned(p.tx().gasLimit(), gasLeft) > 0) {
                continue;
            }
            out.add(p.tx());
            gasLeft -= p.tx().gasLimit();
            offer(heap, c.run, c.index + 1, baseFee);
        }
        return out;
    }

    /** Pushes the sender's next transaction, unless it cannot pay the base fee: then the rest of the run waits too. */
    private static void offer(PriorityQueue<Cursor> heap, List<PooledTx> run, int index, U256 baseFee) {
        if (index >= run.size()) {
            return;
        }
        U256 tip = run.get(index).effectiveTip(baseFee);
        if (tip != null) {
            heap.add(new Cursor(run, index, tip));
        }
    }
}
