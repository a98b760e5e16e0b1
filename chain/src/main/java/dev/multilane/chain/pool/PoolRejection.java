package dev.multilane.chain.pool;

/** Why {@link TransactionPool#add} turned a transaction away. */
public enum PoolRejection {
    /** A transaction with the same hash is already in the pool. */
    ALREADY_KNOWN,
    /** The nonce is below the sender's nonce in the head state: it can never be included. */
    NONCE_TOO_LOW,
    /** The nonce is more than {@link PoolConfig#maxNonceGap()} past the sender's next pool nonce. */
    NONCE_TOO_FAR_AHEAD,
    /** The balance does not cover value + gasLimit · maxFee of this and the sender's other pooled txs. */
    INSUFFICIENT_FUNDS,
    /** Same sender and nonce as a pooled tx, without the required bump of both fee cap and tip. */
    REPLACEMENT_UNDERPRICED,
    /** The pool is full and the transaction pays no more than the cheapest one that could make room. */
    POOL_FULL,
    /** The sender already has {@link PoolConfig#maxPerSender()} transactions pooled. */
    SENDER_LIMIT,
    /** maxFeePerGas (gasPrice for types 0 and 1) below {@link PoolConfig#minFeeCap()}. */
    FEE_CAP_TOO_LOW,
    /** gasLimit below the intrinsic gas of the transaction. */
    INTRINSIC_GAS,
    /** gasLimit above the block gas limit: no block could hold it. */
    GAS_LIMIT_ABOVE_BLOCK,
    /** Not enabled at the fork, or a type the pool does not take yet (3: blobs need a blob pool). */
    TYPE_NOT_SUPPORTED,
    WRONG_CHAIN_ID,
    /** The signature is out of range (EIP-2) or recovers no key. */
    INVALID_SIGNATURE,
    /** Any other stateless rule of {@link dev.multilane.chain.TransactionValidator}; see the cause. */
    INVALID
}
