package dev.multilane.chain.validation;

/**
 * How far a block's gas limit may move from its parent's (Yellow Paper §4.3.4, geth's {@code
 * misc.VerifyGaslimit}): by less than 1/1024 of the parent's limit, and never under 5,000 or over
 * 2^63 - 1.
 */
public final class GasLimit {
    /** GasLimitBoundDivisor: the per-block drift is under parent / 1024. */
    public static final long BOUND_DIVISOR = 1024;
    /** MinGasLimit. */
    public static final long MIN = 5000;
    /** MaxGasLimit: geth keeps gas in a signed 64-bit range. */
    public static final long MAX = Long.MAX_VALUE;

    private GasLimit() {}

    /** Whether {@code limit} may follow a parent limit of {@code parentLimit} (both at most {@link #MAX}). */
    public static boolean allowed(long parentLimit, long limit) {
        if (limit < MIN || parentLimit < 0) {
            return false;
        }
        long diff = Math.abs(limit - parentLimit);
        return diff < parentLimit / BOUND_DIVISOR;
    }

    /** The allowed range after {@code parentLimit}, for messages: "29970705..30029295". */
    public static String range(long parentLimit) {
        long step = parentLimit / BOUND_DIVISOR - 1;
        if (step < 0) {
            return "none (the parent's gas limit " + parentLimit + " allows no drift)";
        }
        long low = Math.max(MIN, parentLimit - step);
        long high = parentLimit > MAX - step ? MAX : parentLimit + step;
        return low > high ? "none (at least " + MIN + ")" : low + ".." + high;
    }
}
