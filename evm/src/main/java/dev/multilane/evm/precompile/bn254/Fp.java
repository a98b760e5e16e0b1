package dev.multilane.evm.precompile.bn254;

import dev.multilane.primitives.Bytes;
import java.math.BigInteger;

/**
 * An element of the BN254 (alt_bn128) base field F_p, immutable. Kept in Montgomery form
 * (a·2^256 mod p) as four 64-bit limbs, least significant first, so that a product costs one
 * CIOS pass of sixteen 64×64→128 multiplies and no allocation beyond the result object.
 * Property-tested against BigInteger in FpTest.
 */
public final class Fp {
    /** p = 36u⁴ + 36u³ + 24u² + 6u + 1 with u = 4965661367192848881 (EIP-196). */
    public static final BigInteger MODULUS =
            new BigInteger("21888242871839275222246405745257275088696311157297823662689037894645226208583");

    private static final long P0 = MODULUS.longValue();
    private static final long P1 = MODULUS.shiftRight(64).longValue();
    private static final long P2 = MODULUS.shiftRight(128).longValue();
    private static final long P3 = MODULUS.shiftRight(192).longValue();
    /** -p⁻¹ mod 2^64, the Montgomery reduction factor. */
    private static final long INV =
            MODULUS.modInverse(BigInteger.ONE.shiftLeft(64)).negate().longValue();

    /** R² mod p in plain limbs: multiplying by it moves a plain value into Montgomery form. */
    private static final Fp R_SQUARED = plain(BigInteger.ONE.shiftLeft(512).mod(MODULUS));
    /** The plain value 1: multiplying by it moves a value out of Montgomery form. */
    private static final Fp PLAIN_ONE = new Fp(1, 0, 0, 0);

    public static final Fp ZERO = new Fp(0, 0, 0, 0);
    public static final Fp ONE = of(BigInteger.ONE);

    final long l0;
    final long l1;
    final long l2;
    final long l3;

    private Fp(long l0, long l1, long l2, long l3) {
        this.l0 = l0;
        this.l1 = l1;
        this.l2 = l2;
        this.l3 = l3;
    }

    private static Fp plain(BigInteger v) {
        return new Fp(
                v.longValue(), v.shiftRight(64).longValue(), v.shiftRight(128).longValue(), v.shiftRight(192).longValue());
    }

    /** The element {@code v mod p}. */
    public static Fp of(BigInteger v) {
        return plain(v.mod(MODULUS)).mul(R_SQUARED);
    }

    public static Fp of(long v) {
        return of(BigInteger.valueOf(v));
    }

    /**
     * Reads a 32-byte big-endian integer at {@code offset}; null when it is not below p, since
     * EIP-196 rejects non-canonical coordinates rather than reducing them.
     */
    public static Fp fromBytes(byte[] in, int offset) {
        long w3 = Bytes.getLong(in, offset);
        long w2 = Bytes.getLong(in, offset + 8);
        long w1 = Bytes.getLong(in, offset + 16);
        long w0 = Bytes.getLong(in, offset + 24);
        if (!lessThanP(w0, w1, w2, w3)) {
            return null;
        }
        return new Fp(w0, w1, w2, w3).mul(R_SQUARED);
    }

    /** Writes the canonical 32-byte big-endian value at {@code offset}. */
    public void toBytes(byte[] out, int offset) {
        Fp v = mul(PLAIN_ONE);
        Bytes.putLong(out, offset, v.l3);
        Bytes.putLong(out, offset + 8, v.l2);
        Bytes.putLong(out, offset + 16, v.l1);
        Bytes.putLong(out, offset + 24, v.l0);
    }

    public BigInteger toBigInteger() {
        byte[] b = new byte[32];
        toBytes(b, 0);
        return new BigInteger(1, b);
    }

    public boolean isZero() {
        return (l0 | l1 | l2 | l3) == 0;
    }

    private static boolean lessThanP(long w0, long w1, long w2, long w3) {
        if (w3 != P3) {
            return Long.compareUnsigned(w3, P3) < 0;
        }
        if (w2 != P2) {
            return Long.compareUnsigned(w2, P2) < 0;
        }
        if (w1 != P1) {
            return Long.compareUnsigned(w1, P1) < 0;
        }
        return Long.compareUnsigned(w0, P0) < 0;
    }

    // Carries and borrows use the branch-free bit formulas of Hacker's Delight §2-16.

    public Fp add(Fp o) {
        // Both are below p < 2^254, so the sum fits in 256 bits with no carry out.
        long s0 = l0 + o.l0;
        long c = ((l0 & o.l0) | ((l0 | o.l0) & ~s0)) >>> 63;
        long s1 = l1 + o.l1 + c;
        c = ((l1 & o.l1) | ((l1 | o.l1) & ~s1)) >>> 63;
        long s2 = l2 + o.l2 + c;
        c = ((l2 & o.l2) | ((l2 | o.l2) & ~s2)) >>> 63;
        long s3 = l3 + o.l3 + c;
        return reduceOnce(s0, s1, s2, s3);
    }

    public Fp dbl() {
        return add(this);
    }

    public Fp sub(Fp o) {
        long d0 = l0 - o.l0;
        long b = ((~l0 & o.l0) | (~(l0 ^ o.l0) & d0)) >>> 63;
        long d1 = l1 - o.l1 - b;
        b = ((~l1 & o.l1) | (~(l1 ^ o.l1) & d1)) >>> 63;
        long d2 = l2 - o.l2 - b;
        b = ((~l2 & o.l2) | (~(l2 ^ o.l2) & d2)) >>> 63;
        long d3 = l3 - o.l3 - b;
        b = ((~l3 & o.l3) | (~(l3 ^ o.l3) & d3)) >>> 63;
        if (b == 0) {
            return new Fp(d0, d1, d2, d3);
        }
        return addP(d0, d1, d2, d3);
    }

    public Fp neg() {
        return isZero() ? this : ZERO.sub(this);
    }

    /** Subtracts p when the 256-bit value is at least p (the value is below 2p). */
    private static Fp reduceOnce(long s0, long s1, long s2, long s3) {
        if (lessThanP(s0, s1, s2, s3)) {
            return new Fp(s0, s1, s2, s3);
        }
        long d0 = s0 - P0;
        long b = ((~s0 & P0) | (~(s0 ^ P0) & d0)) >>> 63;
        long d1 = s1 - P1 - b;
        b = ((~s1 & P1) | (~(s1 ^ P1) & d1)) >>> 63;
        long d2 = s2 - P2 - b;
        b = ((~s2 & P2) | (~(s2 ^ P2) & d2)) >>> 63;
        long d3 = s3 - P3 - b;
        return new Fp(d0, d1, d2, d3);
    }

    /** Adds p to a wrapped-around difference; the carry out of 256 bits cancels the wrap. */
    private static Fp addP(long d0, long d1, long d2, long d3) {
        long s0 = d0 + P0;
        long c = ((d0 & P0) | ((d0 | P0) & ~s0)) >>> 63;
        long s1 = d1 + P1 + c;
        c = ((d1 & P1) | ((d1 | P1) & ~s1)) >>> 63;
        long s2 = d2 + P2 + c;
        c = ((d2 & P2) | ((d2 | P2) & ~s2)) >>> 63;
        long s3 = d3 + P3 + c;
        return new Fp(s0, s1, s2, s3);
    }

    public Fp square() {
        return mul(this);
    }

    /**
     * Montgomery product a·b·2^-256 mod p by CIOS (Koç, Acar, Kaliski 1996, "Analyzing and
     * comparing Montgomery multiplication algorithms"), unrolled over the four words of b. Because
     * p's top word is below 2^63 − 1, the running sum never needs a fifth word: the "no-carry"
     * variant that gnark-crypto describes, which merges the multiply and reduce passes.
     */
    public Fp mul(Fp o) {
        final long a0 = l0, a1 = l1, a2 = l2, a3 = l3;
        final long b0 = o.l0, b1 = o.l1, b2 = o.l2, b3 = o.l3;
        // cm carries the a·b pass, cr the m·p reduction pass.
        long t0 = 0, t1 = 0, t2 = 0, t3 = 0, cm, cr, m, lo, hi;
        // round 0: t = (t + a·b0 + m·p) / 2^64
        lo = a0 * b0; hi = Math.unsignedMultiplyHigh(a0, b0);
        lo += t0; cm = hi + (Long.compareUnsigned(lo, t0) < 0 ? 1 : 0); t0 = lo;
        m = t0 * INV;
        lo = m * P0; hi = Math.unsignedMultiplyHigh(m, P0);
        lo += t0; cr = hi + (Long.compareUnsigned(lo, t0) < 0 ? 1 : 0);
        lo = a1 * b0; hi = Math.unsignedMultiplyHigh(a1, b0);
        lo += t1; hi += Long.compareUnsigned(lo, t1) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t1 = lo;
        lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1);
        lo += t1; hi += Long.compareUnsigned(lo, t1) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t0 = lo;
        lo = a2 * b0; hi = Math.unsignedMultiplyHigh(a2, b0);
        lo += t2; hi += Long.compareUnsigned(lo, t2) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t2 = lo;
        lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2);
        lo += t2; hi += Long.compareUnsigned(lo, t2) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t1 = lo;
        lo = a3 * b0; hi = Math.unsignedMultiplyHigh(a3, b0);
        lo += t3; hi += Long.compareUnsigned(lo, t3) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t3 = lo;
        lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3);
        lo += t3; hi += Long.compareUnsigned(lo, t3) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t2 = lo;
        t3 = cr + cm;
        // round 1: t = (t + a·b1 + m·p) / 2^64
        lo = a0 * b1; hi = Math.unsignedMultiplyHigh(a0, b1);
        lo += t0; cm = hi + (Long.compareUnsigned(lo, t0) < 0 ? 1 : 0); t0 = lo;
        m = t0 * INV;
        lo = m * P0; hi = Math.unsignedMultiplyHigh(m, P0);
        lo += t0; cr = hi + (Long.compareUnsigned(lo, t0) < 0 ? 1 : 0);
        lo = a1 * b1; hi = Math.unsignedMultiplyHigh(a1, b1);
        lo += t1; hi += Long.compareUnsigned(lo, t1) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t1 = lo;
        lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1);
        lo += t1; hi += Long.compareUnsigned(lo, t1) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t0 = lo;
        lo = a2 * b1; hi = Math.unsignedMultiplyHigh(a2, b1);
        lo += t2; hi += Long.compareUnsigned(lo, t2) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t2 = lo;
        lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2);
        lo += t2; hi += Long.compareUnsigned(lo, t2) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t1 = lo;
        lo = a3 * b1; hi = Math.unsignedMultiplyHigh(a3, b1);
        lo += t3; hi += Long.compareUnsigned(lo, t3) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t3 = lo;
        lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3);
        lo += t3; hi += Long.compareUnsigned(lo, t3) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t2 = lo;
        t3 = cr + cm;
        // round 2: t = (t + a·b2 + m·p) / 2^64
        lo = a0 * b2; hi = Math.unsignedMultiplyHigh(a0, b2);
        lo += t0; cm = hi + (Long.compareUnsigned(lo, t0) < 0 ? 1 : 0); t0 = lo;
        m = t0 * INV;
        lo = m * P0; hi = Math.unsignedMultiplyHigh(m, P0);
        lo += t0; cr = hi + (Long.compareUnsigned(lo, t0) < 0 ? 1 : 0);
        lo = a1 * b2; hi = Math.unsignedMultiplyHigh(a1, b2);
        lo += t1; hi += Long.compareUnsigned(lo, t1) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t1 = lo;
        lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1);
        lo += t1; hi += Long.compareUnsigned(lo, t1) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t0 = lo;
        lo = a2 * b2; hi = Math.unsignedMultiplyHigh(a2, b2);
        lo += t2; hi += Long.compareUnsigned(lo, t2) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t2 = lo;
        lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2);
        lo += t2; hi += Long.compareUnsigned(lo, t2) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t1 = lo;
        lo = a3 * b2; hi = Math.unsignedMultiplyHigh(a3, b2);
        lo += t3; hi += Long.compareUnsigned(lo, t3) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t3 = lo;
        lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3);
        lo += t3; hi += Long.compareUnsigned(lo, t3) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t2 = lo;
        t3 = cr + cm;
        // round 3: t = (t + a·b3 + m·p) / 2^64
        lo = a0 * b3; hi = Math.unsignedMultiplyHigh(a0, b3);
        lo += t0; cm = hi + (Long.compareUnsigned(lo, t0) < 0 ? 1 : 0); t0 = lo;
        m = t0 * INV;
        lo = m * P0; hi = Math.unsignedMultiplyHigh(m, P0);
        lo += t0; cr = hi + (Long.compareUnsigned(lo, t0) < 0 ? 1 : 0);
        lo = a1 * b3; hi = Math.unsignedMultiplyHigh(a1, b3);
        lo += t1; hi += Long.compareUnsigned(lo, t1) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t1 = lo;
        lo = m * P1; hi = Math.unsignedMultiplyHigh(m, P1);
        lo += t1; hi += Long.compareUnsigned(lo, t1) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t0 = lo;
        lo = a2 * b3; hi = Math.unsignedMultiplyHigh(a2, b3);
        lo += t2; hi += Long.compareUnsigned(lo, t2) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t2 = lo;
        lo = m * P2; hi = Math.unsignedMultiplyHigh(m, P2);
        lo += t2; hi += Long.compareUnsigned(lo, t2) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t1 = lo;
        lo = a3 * b3; hi = Math.unsignedMultiplyHigh(a3, b3);
        lo += t3; hi += Long.compareUnsigned(lo, t3) < 0 ? 1 : 0;
        lo += cm; cm = hi + (Long.compareUnsigned(lo, cm) < 0 ? 1 : 0); t3 = lo;
        lo = m * P3; hi = Math.unsignedMultiplyHigh(m, P3);
        lo += t3; hi += Long.compareUnsigned(lo, t3) < 0 ? 1 : 0;
        lo += cr; cr = hi + (Long.compareUnsigned(lo, cr) < 0 ? 1 : 0); t2 = lo;
        t3 = cr + cm;
        return reduceOnce(t0, t1, t2, t3);
    }

    /**
     * The multiplicative inverse; only called on non-zero values (affine conversions and the
     * one inversion of the final exponentiation), where BigInteger's extended Euclid is cheaper
     * than a 254-bit Fermat exponentiation.
     */
    public Fp inverse() {
        if (isZero()) {
            throw new ArithmeticException("inverse of zero in F_p");
        }
        return of(toBigInteger().modInverse(MODULUS));
    }

    /** this^e for a non-negative exponent, by square-and-multiply. */
    public Fp pow(BigInteger e) {
        Fp result = ONE;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            result = result.square();
            if (e.testBit(i)) {
                result = result.mul(this);
            }
        }
        return result;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fp f && l0 == f.l0 && l1 == f.l1 && l2 == f.l2 && l3 == f.l3;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(l0 ^ l1 ^ l2 ^ l3);
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
