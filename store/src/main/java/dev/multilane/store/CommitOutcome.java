package dev.multilane.store;

/**
 * What {@link ChainStore#commit} (or {@link ChainStore#initialize}, {@link ChainStore#rollback}) did:
 * the new head, or why nothing was written.
 */
public sealed interface CommitOutcome {

    /** The block and everything with it is durable; {@code head} is the new head. */
    record Committed(ChainHead head) implements CommitOutcome {}

    /** Nothing was written; the database is as it was. */
    record Refused(Reason reason, String detail) implements CommitOutcome {
        @Override
        public String toString() {
            return reason + ": " + detail;
        }
    }

    enum Reason {
        /** No genesis yet: {@link ChainStore#initialize} comes first. */
        NOT_INITIALIZED,
        /** The database already holds a chain with another genesis (or chain id). */
        GENESIS_MISMATCH,
        /** The block's number or parent hash does not follow the head: the store keeps one chain. */
        NOT_CHILD_OF_HEAD,
        /** The state root given, the header's and (for a world state) the computed one differ. */
        STATE_ROOT_MISMATCH,
        /** Not one receipt per transaction. */
        RECEIPT_COUNT,
        /** A rollback target that is not a block at or below the head. */
        NOT_BELOW_HEAD
    }

    static CommitOutcome refused(Reason reason, String detail) {
        return new Refused(reason, detail);
    }
}
