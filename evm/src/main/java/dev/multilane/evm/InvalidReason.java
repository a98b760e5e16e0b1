package dev.multilane.evm;

/** Why a transaction cannot be included in a block at all. */
public enum InvalidReason {
    TYPE_NOT_SUPPORTED,
    NONCE_TOO_LOW,
    NONCE_TOO_HIGH,
    /** EIP-2681: the sender's nonce is already 2^64-1. */
    NONCE_MAX,
    INTRINSIC_GAS_TOO_LOW,
    GAS_LIMIT_ABOVE_BLOCK,
    INSUFFICIENT_FUNDS,
    /** EIP-1559: maxFeePerGas below the block's base fee. */
    FEE_CAP_BELOW_BASE_FEE,
    /** EIP-1559: maxPriorityFeePerGas above maxFeePerGas. */
    PRIORITY_FEE_ABOVE_FEE_CAP,
    /** A fee field above 2^256-1 when multiplied out, or otherwise out of range. */
    FEE_OVERFLOW,
    /** EIP-3607: the sender has code. */
    SENDER_NOT_EOA,
    /** EIP-3860: init code longer than 49,152 bytes. */
    INIT_CODE_TOO_LARGE,
    /** EIP-4844: a blob transaction must call an address, not create. */
    BLOB_CREATE,
    BLOB_LIST_EMPTY,
    BLOB_TOO_MANY,
    BLOB_VERSION_INVALID,
    BLOB_FEE_CAP_BELOW_BLOB_BASE_FEE
}
