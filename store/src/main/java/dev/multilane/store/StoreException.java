package dev.multilane.store;

/**
 * The database failed or holds something this code did not write: a RocksDB error (disk full, I/O
 * error, a lock held by another process) or a record that does not decode. Not an outcome a caller
 * can act on block by block, so it is unchecked; what a caller can act on (a block that does not
 * extend the head, a wrong state root) is a {@link CommitOutcome} value instead.
 */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
