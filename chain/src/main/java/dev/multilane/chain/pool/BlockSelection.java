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
 *
 * <p>Blob transactions (EIP-4844) also need a blob fee cap of at least the block's blob base fee,
 * and blob gas left under the block's limit (six blobs at Cancun); zero blob gas leaves them all
 * out, as before Cancun.
 */
final class BlockSelection {
    /** The least gas any transaction needs (the intrinsic cost of a plain transfer). */
    static final long TX_GAS = 21_000;

    private BlockSelection() {}

    /** The block's fee levels and limits. */
    record Limits(U256 baseFee, U256 blobBaseFee, long gasLimit, long maxBlobGas, int maxCount) {}

    private record Cursor(List<PooledTx> run, int index, U256 tip) {
        PooledTx head() {
            return run.get(index);
        }
    }

    static List<Transaction> select(List<List<PooledTx>> runs, Limits limits) {
        PriorityQueue<Cursor> heap = new PriorityQueue<>((a, b) -> {
            int byTip = b.tip.compareTo(a.tip);
            return byTip != 0 ? byTip : Long.compare(a.head().arrival(), b.head().arrival());
        });
        for (List<PooledTx> run : runs) {
            offer(heap, run, 0, limits);
        }
        List<Transaction> out = new ArrayList<>();
        long gasLeft = limits.gasLimit();
        long blobGasLeft = limits.maxBlobGas();
        while (!heap.isEmpty() && out.size() < limits.maxCount() && gasLeft >= TX_GAS) {
            Cursor c = heap.poll();
            PooledTx p = c.head();
            // geth's miner drops the whole sender when its next tx does not fit (gas or blob gas):
            // the later ones cannot go in without it.
            long blobGas = PooledTx.blobGas(p.tx());
            if (Long.compareUnsigned(p.tx().gasLimit(), gasLeft) > 0 || blobGas > blobGasLeft) {
                continue;
            }
            out.add(p.tx());
            gasLeft -= p.tx().gasLimit();
            blobGasLeft -= blobGas;
            offer(heap, c.run, c.index + 1, limits);
        }
        return out;
    }

    /**
     * Pushes the sender's next transaction, unless it cannot pay the base fee or the blob base fee:
     * then the rest of the run waits too.
     */
    private static void offer(PriorityQueue<Cursor> heap, List<PooledTx> run, int index, Limits limits) {
        if (index >= run.size()) {
            return;
        }
        PooledTx p = run.get(index);
        U256 tip = p.effectiveTip(limits.baseFee());
        if (tip != null && p.paysBlobFee(limits.blobBaseFee())) {
            heap.add(new Cursor(run, index, tip));
        }
    }
}
