package dev.multilane.rpc.metrics;

/**
 * Where the time to produce one block went, in nanoseconds. A block retried without a rejected
 * transaction counts every attempt.
 *
 * @param senderRecoveryNanos recovering the transactions' senders from their signatures
 * @param executionNanos running the block (system calls, transactions, receipts), state root excluded
 * @param stateRootNanos hashing the changed state into the trie
 * @param commitNanos writing block, receipts and state to the store
 */
public record BlockTimings(long senderRecoveryNanos, long executionNanos, long stateRootNanos, long commitNanos) {

    public long totalNanos() {
        return senderRecoveryNanos + executionNanos + stateRootNanos + commitNanos;
    }
}
