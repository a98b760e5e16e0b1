package dev.multilane.chain.validation;

import dev.multilane.primitives.U256;
import java.math.BigInteger;

/**
 * EIP-1559's base fee: each block's follows from its parent's, moving toward keeping blocks at the
 * gas target (half the gas limit) by at most 1/8 per block.
 */
public final class BaseFee {
    /** INITIAL_BASE_FEE: the London fork block's base fee, its parent having none. */
    public static final U256 INITIAL = U256.of(1_000_000_000L);
    /** ELASTICITY_MULTIPLIER: the gas target is the limit over two, so London doubled the limit. */
    public static final long ELASTICITY_MULTIPLIER = 2;
    /** BASE_FEE_MAX_CHANGE_DENOMINATOR: at most 1/8 up or down per block. */
    public static final long MAX_CHANGE_DENOMINATOR = 8;

    private BaseFee() {}

    /**
     * The base fee of the block after a London parent with {@code parentBaseFee}, {@code
     * parentGasLimit} and {@code parentGasUsed}. A block above target raises it by at least 1 wei; one
     * below lowers it, not under zero.
     */
    public static U256 next(U256 parentBaseFee, long parentGasLimit, long parentGasUsed) {
        long target = parentGasLimit / ELASTICITY_MULTIPLIER;
        // A zero target only comes from a gas limit under 2, which no validated header has; dividing
        // by it would throw, so the fee is carried over.
        if (parentGasUsed == target || target == 0) {
            return parentBaseFee;
        }
        BigInteger base = parentBaseFee.toBigInteger();
        BigInteger t = BigInteger.valueOf(target);
        BigInteger d = BigInteger.valueOf(MAX_CHANGE_DENOMINATOR);
        if (Long.compareUnsigned(parentGasUsed, target) > 0) {
            BigInteger over = new BigInteger(Long.toUnsignedString(parentGasUsed - target));
            BigInteger delta = base.multiply(over).divide(t).divide(d).max(BigInteger.ONE);
            BigInteger raised = base.add(delta);
            // U256 wraps; a fee that would pass 2^256 stays at the maximum rather than dropping to ~0.
            return raised.bitLength() > 256 ? U256.MAX : U256.fromBigInteger(raised);
        }
        BigInteger delta = base.multiply(BigInteger.valueOf(target - parentGasUsed)).divide(t).divide(d);
        return U256.fromBigInteger(base.subtract(delta).max(BigInteger.ZERO));
    }

    /**
     * The gas limit a London block's drift is measured from: the parent's, or twice the parent's when
     * the parent predates London, so that the fork block's gas target equals the old limit.
     */
    public static long parentGasLimit(long parentGasLimit, boolean parentIsLondon) {
        if (parentIsLondon) {
            return parentGasLimit;
        }
        return parentGasLimit > Long.MAX_VALUE / ELASTICITY_MULTIPLIER
                ? Long.MAX_VALUE
                : parentGasLimit * ELASTICITY_MULTIPLIER;
    }
}
