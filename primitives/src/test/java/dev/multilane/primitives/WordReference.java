package dev.multilane.primitives;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The independent reference for 256-bit words: EVM semantics written with BigInteger, plus a
 * generator of operands that favours the values where limb arithmetic goes wrong.
 */
final class WordReference {
    static final BigInteger MOD = BigInteger.ONE.shiftLeft(256);
    static final BigInteger MAX = MOD.subtract(BigInteger.ONE);

    /** Hand-picked edges: limb boundaries, sign boundaries, the extremes. */
    static final List<BigInteger> EDGES = List.of(
            BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3),
            pow2(63).subtract(BigInteger.ONE), pow2(63), pow2(63).add(BigInteger.ONE),
            pow2(64).subtract(BigInteger.ONE), pow2(64), pow2(64).add(BigInteger.ONE),
            pow2(128).subtract(BigInteger.ONE), pow2(128), pow2(192).subtract(BigInteger.ONE),
            pow2(192), pow2(255).subtract(BigInteger.ONE), pow2(255),
            pow2(255).add(BigInteger.ONE), MAX, MAX.subtract(BigInteger.ONE));

    private static final long[] LIMB_EDGES = {0, 1, 2, -1L, -2L, Long.MIN_VALUE, Long.MAX_VALUE};

    private WordReference() {}

    static BigInteger pow2(int k) {
        return BigInteger.ONE.shiftLeft(k);
    }

    static BigInteger wrap(BigInteger x) {
        return x.mod(MOD);
    }

    /** The word read as two's complement. */
    static BigInteger signed(BigInteger x) {
        return x.testBit(255) ? x.subtract(MOD) : x;
    }

    static long[] limbs(BigInteger x) {
        BigInteger w = wrap(x);
        return new long[] {w.longValue(), w.shiftRight(64).longValue(),
                w.shiftRight(128).longValue(), w.shiftRight(192).longValue()};
    }

    static BigInteger value(long[] s, int o) {
        BigInteger r = BigInteger.ZERO;
        for (int i = 3; i >= 0; i--) {
            r = r.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(s[o + i])));
        }
        return r;
    }

    static String hex(BigInteger x) {
        return "0x" + x.toString(16);
    }

    // ---------------------------------------------------------------- generators

    /** One operand: fully random, small, of random bit length, an edge, limb-structured, ... */
    static BigInteger word(Random rnd) {
        return switch (rnd.nextInt(8)) {
            case 0, 1 -> new BigInteger(256, rnd);
            case 2 -> BigInteger.valueOf(rnd.nextInt(1000));
            case 3 -> new BigInteger(rnd.nextInt(257), rnd);
            case 4 -> EDGES.get(rnd.nextInt(EDGES.size()));
            case 5 -> {
                long[] l = new long[4];
                for (int i = 0; i < 4; i++) {
                    l[i] = rnd.nextInt(3) == 0 ? rnd.nextLong() : LIMB_EDGES[rnd.nextInt(LIMB_EDGES.length)];
                }
                yield value(l, 0);
            }
            case 6 -> wrap(BigInteger.valueOf(-1 - rnd.nextInt(1000))); // small negative
            default -> wrap(pow2(rnd.nextInt(256)).add(BigInteger.valueOf(rnd.nextInt(7) - 3)));
        };
    }

    /** A second operand, sometimes derived from the first so the two have similar magnitude. */
    static BigInteger related(Random rnd, BigInteger a) {
        return switch (rnd.nextInt(6)) {
            case 0 -> wrap(a.shiftRight(rnd.nextInt(200)).add(BigInteger.valueOf(rnd.nextInt(5) - 2)));
            case 1 -> wrap(a.subtract(BigInteger.valueOf(rnd.nextInt(3))));
            default -> word(rnd);
        };
    }

    /** A shift amount or byte index: mostly near the interesting range, sometimes any word. */
    static BigInteger index(Random rnd) {
        return switch (rnd.nextInt(4)) {
            case 0, 1 -> BigInteger.valueOf(rnd.nextInt(300));
            case 2 -> BigInteger.valueOf(rnd.nextInt(40));
            default -> word(rnd);
        };
    }

    /** Every 2^k, 2^k - 1 and 2^k + 1 below 2^256. */
    static List<BigInteger> powersOfTwo() {
        List<BigInteger> out = new ArrayList<>();
        for (int k = 0; k < 256; k++) {
            out.add(pow2(k));
            out.add(pow2(k).subtract(BigInteger.ONE));
            out.add(wrap(pow2(k).add(BigInteger.ONE)));
        }
        return out;
    }

    // ---------------------------------------------------------------- EVM semantics

    static BigInteger add(BigInteger a, BigInteger b) {
        return wrap(a.add(b));
    }

    static BigInteger sub(BigInteger a, BigInteger b) {
        return wrap(a.subtract(b));
    }

    static BigInteger mul(BigInteger a, BigInteger b) {
        return wrap(a.multiply(b));
    }

    static BigInteger div(BigInteger a, BigInteger b) {
        return b.signum() == 0 ? BigInteger.ZERO : a.divide(b);
    }

    static BigInteger mod(BigInteger a, BigInteger b) {
        return b.signum() == 0 ? BigInteger.ZERO : a.mod(b);
    }

    /** Truncating division of the signed values; -2^255 / -1 wraps back to -2^255. */
    static BigInteger sdiv(BigInteger a, BigInteger b) {
        return b.signum() == 0 ? BigInteger.ZERO : wrap(signed(a).divide(signed(b)));
    }

    /** BigInteger.remainder takes the dividend's sign, as SMOD does. */
    static BigInteger smod(BigInteger a, BigInteger b) {
        return b.signum() == 0 ? BigInteger.ZERO : wrap(signed(a).remainder(signed(b)));
    }

    static BigInteger exp(BigInteger base, BigInteger exponent) {
        return base.modPow(exponent, MOD);
    }

    static BigInteger addMod(BigInteger a, BigInteger b, BigInteger n) {
        return n.signum() == 0 ? BigInteger.ZERO : a.add(b).mod(n);
    }

    static BigInteger mulMod(BigInteger a, BigInteger b, BigInteger n) {
        return n.signum() == 0 ? BigInteger.ZERO : a.multiply(b).mod(n);
    }

    static BigInteger not(BigInteger a) {
        return a.xor(MAX);
    }

    static BigInteger byteOf(BigInteger i, BigInteger x) {
        if (i.compareTo(BigInteger.valueOf(32)) >= 0) {
            return BigInteger.ZERO;
        }
        return x.shiftRight(8 * (31 - i.intValue())).and(BigInteger.valueOf(0xff));
    }

    static BigInteger signExtend(BigInteger b, BigInteger x) {
        if (b.compareTo(BigInteger.valueOf(31)) >= 0) {
            return x;
        }
        int bit = 8 * b.intValue() + 7;
        BigInteger low = pow2(bit + 1).subtract(BigInteger.ONE);
        return x.testBit(bit) ? x.or(MAX.xor(low)) : x.and(low);
    }

    static BigInteger shl(BigInteger shift, BigInteger x) {
        return shift.compareTo(BigInteger.valueOf(256)) >= 0 ? BigInteger.ZERO
                : wrap(x.shiftLeft(shift.intValue()));
    }

    static BigInteger shr(BigInteger shift, BigInteger x) {
        return shift.compareTo(BigInteger.valueOf(256)) >= 0 ? BigInteger.ZERO
                : x.shiftRight(shift.intValue());
    }

    /** BigInteger.shiftRight is arithmetic (rounds toward minus infinity), as SAR is. */
    static BigInteger sar(BigInteger shift, BigInteger x) {
        int n = shift.min(BigInteger.valueOf(256)).intValue();
        return wrap(signed(x).shiftRight(n));
    }
}
