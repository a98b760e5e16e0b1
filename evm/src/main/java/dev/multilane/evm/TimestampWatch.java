package dev.multilane.evm;

/**
 * Notes whether any transaction of a block executed TIMESTAMP. A block producer that executes
 * transactions before it knows the block's final timestamp (a pending block built as transactions
 * arrive) may give the block another timestamp afterwards only if nothing observed the one it ran
 * with; this says whether anything did. Aborted and re-executed attempts count too, so the answer
 * errs on the side of "read". Thread-safe: the parallel executor's workers mark it concurrently.
 */
public final class TimestampWatch {
    private volatile boolean read;

    /** Called by the interpreter on TIMESTAMP. */
    void markRead() {
        // Read before writing, so that a hot loop over TIMESTAMP does not keep dirtying the line.
        if (!read) {
            read = true;
        }
    }

    /** Whether TIMESTAMP ran since this watch was made. */
    public boolean read() {
        return read;
    }
}
