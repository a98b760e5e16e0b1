package dev.multilane.chain.pool;

import dev.multilane.evm.Fork;
import dev.multilane.evm.state.StateView;
import dev.multilane.primitives.U256;

/**
 * What the pool checks and ranks transactions against: the state after the head block, and the
 * rules and fee levels of the block that will be built on it. geth's pools move all of these on
 * every new head (legacypool and blobpool Reset); so does {@link TransactionPool#onNewHead}.
 *
 * @param state the state after the head block: nonces and balances are read from it
 * @param fork the next block's fork: the stateless rules (EIP-3860 from Shanghai, type 3 from Cancun)
 * @param baseFee the next block's base fee (EIP-1559)
 * @param blobBaseFee the next block's blob base fee (EIP-4844); a blob transaction whose
 *     maxFeePerBlobGas is below it stays pooled but is not selected
 */
public record PoolHead(StateView state, Fork fork, U256 baseFee, U256 blobBaseFee) {
    public PoolHead {
        if (state == null || fork == null || baseFee == null || blobBaseFee == null) {
            throw new IllegalArgumentException("a pool head needs a state, a fork and both fees");
        }
    }
}
