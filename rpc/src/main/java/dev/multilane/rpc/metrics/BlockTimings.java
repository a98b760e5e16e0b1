package dev.multilane.rpc.metrics;

/**
 * Where the time to produce one block went, in nanoseconds. A block retried without a rejected
 * transaction counts every attempt.
 *
 * @param senderRecoveryNanos recovering the transactions' senders from their signatures
 * @param executionNanos running the block (system calls, transactions, receipts), state root excluded
 * @param stateRootNanos hashing the changed state into the trie
 * @param commitNanos writing block, receipts and state to the store
 * @param poolSelectionNanos picking the block's transactions from the pool
 * @param poolUpdateNanos moving the pool to the new head after the commit, as far as the producer
 *     waits for it (the dev node defers the pass over the pool's senders to a background thread)
 */
public record BlockTimings(long senderRecoveryNanos, long executionNanos, long stateRootNanos, long commitNanos,
        long poolSelectionNanos, long poolUpdateNanos) {

    /** Without the pool's share (a block not built from a pool). */
    public BlockTimings(long senderRecoveryNanos, long executionNanos, long stateRootNanos, long commitNanos) {
        this(senderRecoveryNanos, executionNanos, stateRootNanos, commitNanos, 0, 0);
    }

    public long totalNanos() {
        return senderRecoveryNanos + executionNanos + stateRootNanos + commitNanos + poolSelectionNanos
                + poolUpdateNanos;
    }
}
