package dev.multilane.chain.block;

/**
 * Why a block cannot be executed: the block is invalid (or this client cannot run it). A value,
 * not an exception, so that a replay can report it and go on.
 *
 * @param txIndex the offending transaction's index in the block, or -1 when the error is not about
 *     one transaction
 * @param detail what was wrong, for people
 */
public record BlockError(Kind kind, int txIndex, String detail) {

    public enum Kind {
        /** The chain config puts the block before the first fork Multilane runs. */
        UNSUPPORTED_FORK,
        /** A header field the block's fork requires is missing (e.g. Cancun's parentBeaconBlockRoot). */
        MISSING_HEADER_FIELD,
        /** The body does not match the fork: withdrawals before Shanghai or none after. */
        INVALID_BODY,
        /** The sender list given does not have one sender per transaction. */
        SENDER_COUNT,
        /** A signature that recovers no sender. */
        INVALID_SIGNATURE,
        /** Signed for another chain (EIP-155). */
        WRONG_CHAIN_ID,
        /** The EVM refused the transaction (nonce, balance, fees, intrinsic gas...). */
        INVALID_TRANSACTION,
        /** The transaction's gas limit exceeds the gas the block has left. */
        BLOCK_GAS_EXCEEDED,
        /** The block's blobs exceed MAX_BLOB_GAS_PER_BLOCK (EIP-4844). */
        BLOB_GAS_EXCEEDED
    }

    public static BlockError of(Kind kind, String detail) {
        return new BlockError(kind, -1, detail);
    }

    public static BlockError atTx(Kind kind, int txIndex, String detail) {
        return new BlockError(kind, txIndex, detail);
    }

    /** The same error with its transaction index moved by {@code offset} (a part's index to the block's). */
    public BlockError shifted(int offset) {
        return txIndex < 0 ? this : new BlockError(kind, txIndex + offset, detail);
    }

    @Override
    public String toString() {
        return kind + (txIndex >= 0 ? " at tx " + txIndex : "") + ": " + detail;
    }
}
