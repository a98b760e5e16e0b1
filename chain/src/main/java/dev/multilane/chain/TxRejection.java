package dev.multilane.chain;

import dev.multilane.evm.InvalidReason;

/**
 * Why a transaction is rejected before execution: either a chain-level {@link TxError} or one of
 * the EVM's {@link InvalidReason}s, so that a caller can switch over both in one place.
 */
public sealed interface TxRejection permits TxError, TxRejection.Evm {

    /** A reason the EVM's transaction rules already define. */
    record Evm(InvalidReason reason) implements TxRejection {
        @Override
        public String toString() {
            return reason.name();
        }
    }

    static TxRejection of(InvalidReason reason) {
        return new Evm(reason);
    }
}
