package dev.multilane.node.statetest;

import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import java.math.BigInteger;

/**
 * Numbers as ethereum/tests writes them: {@code 0x}-hex (where {@code "0x"} alone is zero),
 * decimal, or retesteth's {@code "0x:bigint 0x..."} for a value wider than its field allows (used
 * to test that such a transaction cannot even be encoded).
 */
final class FixtureNumbers {
    private static final String BIGINT_MARKER = "0x:bigint ";

    private FixtureNumbers() {}

    /** Any non-negative integer, however wide. */
    static BigInteger big(String s) {
        String t = s.strip();
        if (t.startsWith(BIGINT_MARKER)) {
            t = t.substring(BIGINT_MARKER.length()).strip();
        }
        if (t.startsWith("0x") || t.startsWith("0X")) {
            String digits = t.substring(2);
            return digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits, 16);
        }
        return t.isEmpty() ? BigInteger.ZERO : new BigInteger(t);
    }

    /** A value that must fit 256 bits (balances, storage, env words). */
    static U256 u256(String s) {
        BigInteger v = big(s);
        if (!fitsBits(v, 256)) {
            throw new IllegalArgumentException("not an unsigned 256-bit value: " + s);
        }
        return U256.fromBigInteger(v);
    }

    /** A value that must fit 64 unsigned bits, returned in a long (nonces, block numbers). */
    static long u64(String s) {
        BigInteger v = big(s);
        if (!fitsBits(v, 64)) {
            throw new IllegalArgumentException("not an unsigned 64-bit value: " + s);
        }
        return v.longValue();
    }

    /**
     * A gas amount, clamped to {@link Long#MAX_VALUE} when wider: that is above any block gas limit,
     * so the transaction is rejected as invalid rather than crashing the runner.
     */
    static long clampedGas(BigInteger v) {
        return fitsBits(v, 63) ? v.longValue() : Long.MAX_VALUE;
    }

    static boolean fitsBits(BigInteger v, int bits) {
        return v.signum() >= 0 && v.bitLength() <= bits;
    }

    static byte[] bytes(String s) {
        return Hex.decode(s.strip());
    }
}
