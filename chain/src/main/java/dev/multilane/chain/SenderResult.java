package dev.multilane.chain;

import dev.multilane.primitives.Address;

/** The outcome of recovering a transaction's sender from its signature. */
public sealed interface SenderResult {

    record Recovered(Address sender) implements SenderResult {}

    /** {@code error} is {@link TxError#INVALID_SIGNATURE} or {@link TxError#RECOVERY_FAILED}. */
    record Unrecoverable(TxError error, String message) implements SenderResult {}
}
