package dev.multilane.chain.pool;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.U256;

/**
 * Limits and rules of a {@link TransactionPool}.
 *
 * @param fork the rules stateless validation applies until the first {@link PoolHead} says otherwise
 * @param chainId the chain's id, or null to accept any (EIP-155)
 * @param blockGasLimit a transaction with a larger gasLimit can never be included
 * @param minFeeCap the lowest maxFeePerGas (gasPrice for types 0 and 1) the pool accepts
 * @param priceBumpPercent the bump a replacement needs on both fee cap and tip (geth and reth: 10)
 * @param maxNonceGap how far past the sender's next pool nonce a queued nonce may lie
 * @param maxPerSender transactions one sender may have pooled, pending and queued together
 * @param maxTotal transactions without blobs the whole pool holds before it evicts the cheapest
 * @param blobs the limits of blob transactions, which geth keeps in a pool of their own
 */
public record PoolConfig(
        Fork fork,
        Long chainId,
        long blockGasLimit,
        U256 minFeeCap,
        int priceBumpPercent,
        long maxNonceGap,
        int maxPerSender,
        int maxTotal,
        BlobLimits blobs) {

    /**
     * How blob transactions (EIP-4844) are bounded: their blobs are 128 KiB each and kept in memory.
     *
     * @param priceBumpPercent the bump a replacement needs on fee cap, tip and blob fee cap (geth's blobpool: 100)
     * @param maxPerSender blob transactions one sender may have pooled (geth's blobpool: 16)
     * @param maxBlobs blobs the whole pool holds; a blob transaction that would exceed it is refused
     */
    public record BlobLimits(int priceBumpPercent, int maxPerSender, int maxBlobs) {
        public BlobLimits {
            if (priceBumpPercent < 0 || maxPerSender <= 0 || maxBlobs <= 0) {
                throw new IllegalArgumentException("blob limits must be positive");
            }
        }

        /** geth's blobpool bump and per-account cap; 192 blobs (24 MiB) in all, enough for 32 full blocks. */
        public static BlobLimits defaults() {
            return new BlobLimits(100, 16, 192);
        }
    }

    public PoolConfig {
        if (blockGasLimit <= 0 || priceBumpPercent < 0 || maxNonceGap < 0 || maxPerSender <= 0 || maxTotal <= 0
                || blobs == null) {
            throw new IllegalArgumentException("pool limits must be positive");
        }
    }

    /**
     * Geth-like defaults: 10% price bump, a 64-nonce gap, 64 transactions per sender, 5,120 in all
     * (geth's 4,096 pending + 1,024 queued slots), a fee cap of at least 1 wei; blob limits of
     * {@link BlobLimits#defaults}.
     */
    public static PoolConfig defaults(Fork fork, Long chainId, long blockGasLimit) {
        return new PoolConfig(fork, chainId, blockGasLimit, U256.ONE, 10, 64, 64, 5_120, BlobLimits.defaults());
    }

    public PoolConfig withLimits(int maxPerSender, int maxTotal) {
        return new PoolConfig(fork, chainId, blockGasLimit, minFeeCap, priceBumpPercent, maxNonceGap, maxPerSender,
                maxTotal, blobs);
    }

    public PoolConfig withMinFeeCap(U256 min) {
        return new PoolConfig(fork, chainId, blockGasLimit, min, priceBumpPercent, maxNonceGap, maxPerSender,
                maxTotal, blobs);
    }

    public PoolConfig withBlobLimits(BlobLimits limits) {
        return new PoolConfig(fork, chainId, blockGasLimit, minFeeCap, priceBumpPercent, maxNonceGap, maxPerSender,
                maxTotal, limits);
    }
}
