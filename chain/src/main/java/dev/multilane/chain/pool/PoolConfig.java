package dev.multilane.chain.pool;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.U256;

/**
 * Limits and rules of a {@link TransactionPool}.
 *
 * @param fork the rules stateless validation applies
 * @param chainId the chain's id, or null to accept any (EIP-155)
 * @param blockGasLimit a transaction with a larger gasLimit can never be included
 * @param minFeeCap the lowest maxFeePerGas (gasPrice for types 0 and 1) the pool accepts
 * @param priceBumpPercent the bump a replacement needs on both fee cap and tip (geth and reth: 10)
 * @param maxNonceGap how far past the sender's next pool nonce a queued nonce may lie
 * @param maxPerSender transactions one sender may have pooled, pending and queued together
 * @param maxTotal transactions the whole pool holds before it evicts the cheapest
 */
public record PoolConfig(
        Fork fork,
        Long chainId,
        long blockGasLimit,
        U256 minFeeCap,
        int priceBumpPercent,
        long maxNonceGap,
        int maxPerSender,
        int maxTotal) {

    public PoolConfig {
        if (blockGasLimit <= 0 || priceBumpPercent < 0 || maxNonceGap < 0 || maxPerSender <= 0 || maxTotal <= 0) {
            throw new IllegalArgumentException("pool limits must be positive");
        }
    }

    /**
     * Geth-like defaults: 10% price bump, a 64-nonce gap, 64 transactions per sender, 5,120 in all
     * (geth's 4,096 pending + 1,024 queued slots), a fee cap of at least 1 wei.
     */
    public static PoolConfig defaults(Fork fork, Long chainId, long blockGasLimit) {
        return new PoolConfig(fork, chainId, blockGasLimit, U256.ONE, 10, 64, 64, 5_120);
    }

    public PoolConfig withLimits(int maxPerSender, int maxTotal) {
        return new PoolConfig(fork, chainId, blockGasLimit, minFeeCap, priceBumpPercent, maxNonceGap, maxPerSender,
                maxTotal);
    }

    public PoolConfig withMinFeeCap(U256 min) {
        return new PoolConfig(fork, chainId, blockGasLimit, min, priceBumpPercent, maxNonceGap, maxPerSender,
                maxTotal);
    }
}
