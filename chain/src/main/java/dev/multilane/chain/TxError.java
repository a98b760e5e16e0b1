package dev.multilane.chain;

/**
 * Chain-level reasons a transaction is rejected: it does not decode, its signature does not
 * recover, or it is signed for another chain. Reasons the EVM already names (fork rules, gas,
 * fees) stay {@link dev.multilane.evm.InvalidReason}; {@link TxRejection} joins the two.
 */
public enum TxError implements TxRejection {
    /** Not well-formed strict RLP, trailing bytes, or a list where a string belongs (or back). */
    MALFORMED_RLP,
    /** The transaction list has more or fewer fields than its type defines. */
    WRONG_FIELD_COUNT,
    /** An integer with leading zero bytes (zero must be the empty string). */
    NON_CANONICAL_INTEGER,
    /** A typed envelope whose first byte is not a type this client knows (EIP-2718). */
    UNKNOWN_TYPE,
    /** nonce or gasLimit at or above 2^64, value or a fee above 2^256 - 1, chain id too large. */
    FIELD_OUT_OF_RANGE,
    /** {@code to} neither empty nor 20 bytes, or an access-list address not 20 bytes. */
    INVALID_ADDRESS,
    /** An access-list storage key or a blob versioned hash that is not 32 bytes. */
    INVALID_HASH_LENGTH,
    /** Legacy v neither 27/28 nor 35 + 2·chainId (+1) (EIP-155), or yParity not 0 or 1. */
    INVALID_V,
    /** r or s zero or at least the curve order n, or s above n/2 (EIP-2). */
    INVALID_SIGNATURE,
    /** The signature is in range but recovers no public key. */
    RECOVERY_FAILED,
    /** Signed for a chain other than the one configured (EIP-155, EIP-2930). */
    WRONG_CHAIN_ID
}
