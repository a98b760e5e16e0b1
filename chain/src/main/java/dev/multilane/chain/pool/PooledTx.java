package dev.multilane.chain.pool;

import dev.multilane.chain.Transaction;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.math.BigInteger;

/**
 * A pooled transaction with what the pool orders and checks it by, computed once on entry.
 *
 * @param maxFee maxFeePerGas, or gasPrice for types 0 and 1
 * @param tip maxPriorityFeePerGas, or gasPrice for types 0 and 1 (EIP-1559: a legacy price is both)
 * @param cost value + gasLimit · maxFee (+ blobGas · maxFeePerBlobGas), the most the sender can be
 *     charged; may exceed 2^256
 * @param arrival order of arrival in the pool, the tie-break between equal tips (earlier first)
 * @param sidecar the blobs of a blob transaction (type 3), else null
 */
record PooledTx(Transaction tx, Address sender, U256 maxFee, U256 tip, BigInteger cost, long arrival,
        BlobSidecar sidecar) {

    static PooledTx of(Transaction tx, Address sender, long arrival, BlobSidecar sidecar) {
        U256 maxFee = tx.type() >= Transaction.DYNAMIC_FEE ? tx.maxFeePerGas() : tx.gasPrice();
        U256 tip = tx.type() >= Transaction.DYNAMIC_FEE ? tx.maxPriorityFeePerGas() : tx.gasPrice();
        BigInteger gas = new BigInteger(Long.toUnsignedString(tx.gasLimit()));
        BigInteger cost = tx.value().toBigInteger().add(gas.multiply(maxFee.toBigInteger()));
        if (tx.type() == Transaction.BLOB) {
            // EIP-4844: the sender must also afford the blob gas at its blob fee cap.
            cost = cost.add(BigInteger.valueOf(blobGas(tx)).multiply(tx.maxFeePerBlobGas().toBigInteger()));
        }
        return new PooledTx(tx, sender, maxFee, tip, cost, arrival, sidecar);
    }

    /** EIP-4844: GAS_PER_BLOB per versioned hash; zero for other types. */
    static long blobGas(Transaction tx) {
        return tx.type() == Transaction.BLOB ? TransactionProcessor.GAS_PER_BLOB * tx.blobVersionedHashes().size() : 0;
    }

    long nonce() {
        return tx.nonce();
    }

    boolean isBlob() {
        return tx.type() == Transaction.BLOB;
    }

    int blobCount() {
        return isBlob() ? tx.blobVersionedHashes().size() : 0;
    }

    /** Whether the blob fee cap covers {@code blobBaseFee}; always true for a transaction without blobs. */
    boolean paysBlobFee(U256 blobBaseFee) {
        return !isBlob() || tx.maxFeePerBlobGas().compareTo(blobBaseFee) >= 0;
    }

    /**
     * geth's rule (legacypool list.Add, blobpool add) for replacing {@code old}: this must raise
     * the fee cap, the tip and, for blobs, the blob fee cap, each by at least {@code bumpPercent};
     * a legacy price counts as fee cap and tip.
     */
    boolean outbids(PooledTx old, int bumpPercent) {
        if (!raised(old.maxFee, maxFee, bumpPercent) || !raised(old.tip, tip, bumpPercent)) {
            return false;
        }
        return !old.isBlob() || !isBlob()
                || raised(old.tx.maxFeePerBlobGas(), tx.maxFeePerBlobGas(), bumpPercent);
    }

    /** Strictly above {@code old}, and at least {@code old · (100 + percent) / 100}. */
    private static boolean raised(U256 old, U256 now, int percent) {
        if (now.compareTo(old) <= 0) {
            return false;
        }
        BigInteger min = old.toBigInteger().multiply(BigInteger.valueOf(100L + percent)).divide(BigInteger.valueOf(100));
        return now.toBigInteger().compareTo(min) >= 0;
    }

    /**
     * EIP-1559: what the block producer earns per gas, min(tip, maxFee − baseFee); null when
     * maxFee is below the base fee and the transaction cannot be included at all.
     */
    U256 effectiveTip(U256 baseFee) {
        if (maxFee.compareTo(baseFee) < 0) {
            return null;
        }
        if (maxFee.fitsLong()) {
            // Real fees fit in 63 bits; this spares the general 256-bit subtraction and its array.
            long headroom = maxFee.u0() - baseFee.u0();
            return tip.fitsLong() && tip.u0() <= headroom ? tip : U256.of(headroom);
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
