package dev.multilane.chain;

/** The outcome of decoding a transaction: the transaction, or why the bytes are not one. */
public sealed interface DecodeResult {

    record Decoded(Transaction transaction) implements DecodeResult {}

    /** The bytes are not a valid transaction encoding; {@code message} says which field and why. */
    record Malformed(TxError error, String message) implements DecodeResult {}
}
