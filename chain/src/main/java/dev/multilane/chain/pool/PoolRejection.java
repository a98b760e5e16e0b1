package dev.multilane.chain.pool;

/** Why {@link TransactionPool#add} turned a transaction away. */
public enum PoolRejection {
    /** A transaction with the same hash is already in the pool. */
    ALREADY_KNOWN,
    /** The nonce is below the sender's nonce in the head state: it can never be included. */
    NONCE_TOO_LOW,
    /**
     * The nonce is more than {@link PoolConfig#maxNonceGap()} past the sender's next pool nonce; for
     * a blob transaction, any gap at all (geth's blobpool admits no gapped blob transaction).
     */
    NONCE_TOO_FAR_AHEAD,
    /** The balance does not cover value + gasLimit · maxFee of this and the sender's other pooled txs. */
    INSUFFICIENT_FUNDS,
    /**
     * Same sender and nonce as a pooled tx, without the required bump of both fee cap and tip (and
     * blob fee cap, by {@link PoolConfig.BlobLimits#priceBumpPercent()}, for blob transactions).
     */
    REPLACEMENT_UNDERPRICED,
    /**
     * The pool is full and the transaction pays no more than the cheapest one that could make room;
     * for a blob transaction, the pool holds {@link PoolConfig.BlobLimits#maxBlobs()} blobs already.
     */
    POOL_FULL,
    /** The sender already has {@link PoolConfig#maxPerSender()} transactions pooled. */
    SENDER_LIMIT,
    /** maxFeePerGas (gasPrice for types 0 and 1) below {@link PoolConfig#minFeeCap()}. */
    FEE_CAP_TOO_LOW,
    /** gasLimit below the intrinsic gas of the transaction. */
    INTRINSIC_GAS,
    /** gasLimit above the block gas limit: no block could hold it. */
    GAS_LIMIT_ABOVE_BLOCK,
    /** Not enabled at the next block's fork, or a type the pool does not take (4: EIP-7702 is not supported). */
    TYPE_NOT_SUPPORTED,
    WRONG_CHAIN_ID,
    /** The signature is out of range (EIP-2) or recovers no key. */
    INVALID_SIGNATURE,
    /**
     * The sender has pooled transactions of the other kind: blob transactions and others exclude
     * each other per sender, as in geth, whose two pools reserve an account for one of them.
     */
    SENDER_RESERVED,
    /**
     * A blob transaction without its blobs, or with blobs, commitments or proofs that do not match
     * its versioned hashes or do not verify (EIP-4844).
     */
    INVALID_BLOBS,
    /** Any other stateless rule of {@link dev.multilane.chain.TransactionValidator}; see the cause. */
    INVALID
}
