package dev.multilane.chain.pool;

import dev.multilane.chain.TxRejection;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;

/** The outcome of offering one transaction to the {@link TransactionPool}. */
public sealed interface AddResult {

    /** True when the pool now holds the transaction. */
    default boolean accepted() {
        return !(this instanceof Rejected);
    }

    /** Added, and executable now: its nonce continues the sender's contiguous run from the state nonce. */
    record Pending(Hash hash, Address sender) implements AddResult {}

    /** Added behind a nonce gap; it becomes pending when the gap fills. */
    record Queued(Hash hash, Address sender) implements AddResult {}

    /** Took the place of {@code previous} (same sender and nonce) after a sufficient fee bump. */
    record Replaced(Hash hash, Address sender, Hash previous, boolean pending) implements AddResult {}

    /**
     * @param cause the validator's own reason when {@code reason} came from it, else null
     */
    record Rejected(PoolRejection reason, String detail, TxRejection cause) implements AddResult {
        Rejected(PoolRejection reason, String detail) {
            this(reason, detail, null);
        }
    }
}
