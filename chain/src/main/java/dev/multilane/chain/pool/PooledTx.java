package dev.multilane.chain.pool;

import dev.multilane.chain.Transaction;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.math.BigInteger;

/**
 * A pooled transaction with what the pool orders and checks it by, computed once on entry.
 *
 * @param maxFee maxFeePerGas, or gasPrice for types 0 and 1
 * @param tip maxPriorityFeePerGas, or gasPrice for types 0 and 1 (EIP-1559: a legacy price is both)
 * @param cost value + gasLimit · maxFee, the most the sender can be charged; may exceed 2^256
 * @param arrival order of arrival in the pool, the tie-break between equal tips (earlier first)
 */
record PooledTx(Transaction tx, Address sender, U256 maxFee, U256 tip, BigInteger cost, long arrival) {

    static PooledTx of(Transaction tx, Address sender, long arrival) {
        U256 maxFee = tx.type() >= Transaction.DYNAMIC_FEE ? tx.maxFeePerGas() : tx.gasPrice();
        U256 tip = tx.type() >= Transaction.DYNAMIC_FEE ? tx.maxPriorityFeePerGas() : tx.gasPrice();
        BigInteger gas = new BigInteger(Long.toUnsignedString(tx.gasLimit()));
        BigInteger cost = tx.value().toBigInteger().add(gas.multiply(maxFee.toBigInteger()));
        return new PooledTx(tx, sender, maxFee, tip, cost, arrival);
    }

    long nonce() {
        return tx.nonce();
    }

    /**
     * EIP-1559: what the block producer earns per gas, min(tip, maxFee − baseFee); null when
     * maxFee is below the base fee and the transaction cannot be included at all.
     */
    U256 effectiveTip(U256 baseFee) {
        if (maxFee.compareTo(baseFee) < 0) {
            return null;
        }
        return U256.min(tip, maxFee.sub(baseFee));
    }

    /**
     * Orders by what the transaction pays at {@code baseFee}: a lower effective tip first, one
     * that cannot pay the base fee lowest of all. Negative when {@code a} is the cheaper.
     */
    static int compareByTip(PooledTx a, PooledTx b, U256 baseFee) {
        U256 ta = a.effectiveTip(baseFee);
        U256 tb = b.effectiveTip(baseFee);
        if (ta == null || tb == null) {
            return ta == null ? (tb == null ? a.maxFee.compareTo(b.maxFee) : -1) : 1;
        }
        return ta.compareTo(tb);
    }
}
