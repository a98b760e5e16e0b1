package dev.multilane.primitives;

import java.math.BigInteger;

/**
 * An unsigned 256-bit integer as four longs, {@code u0} the least significant. Immutable; the
 * interpreter does not use this class on its hot path (it works on {@link Words} in a long[] stack),
 * but everything else does.
 */
public record U256(long u0, long u1, long u2, long u3) implements Comparable<U256> {
    public static final U256 ZERO = new U256(0, 0, 0, 0);
    public static final U256 ONE = new U256(1, 0, 0, 0);
    public static final U256 MAX = new U256(-1L, -1L, -1L, -1L);

    private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);

    public static U256 of(long unsigned) {
        return unsigned == 0 ? ZERO : new U256(unsigned, 0, 0, 0);
    }

    /** Big-endian bytes of any length up to 32 (shorter input is left-padded with zeros). */
    public static U256 fromBytes(byte[] b) {
        return fromBytes(b, 0, b.length);
    }

    public static U256 fromBytes(byte[] b, int offset, int length) {
        if (length > 32) {
            throw new IllegalArgumentException("more than 32 bytes: " + length);
        }
        long[] w = new long[4];
        for (int i = 0; i < length; i++) {
            int bit = (length - 1 - i) * 8;
            w[bit >>> 6] |= (b[offset + i] & 0xffL) << (bit & 63);
        }
        return new U256(w[0], w[1], w[2], w[3]);
    }

    /** Parses decimal, or hex with a {@code 0x} prefix. */
    public static U256 parse(String s) {
        String t = s.trim();
        BigInteger v = t.startsWith("0x") || t.startsWith("0X")
                ? (t.length() == 2 ? BigInteger.ZERO : new BigInteger(t.substring(2), 16))
                : new BigInteger(t);
        return fromBigInteger(v);
    }

    /** The value modulo 2^256 (negative values wrap, as two's complement). */
    public static U256 fromBigInteger(BigInteger v) {
        BigInteger m = v.mod(TWO_256);
        return new U256(m.longValue(), m.shiftRight(64).longValue(), m.shiftRight(128).longValue(),
                m.shiftRight(192).longValue());
    }

    public BigInteger toBigInteger() {
        if ((u1 | u2 | u3) == 0 && u0 >= 0) {
            return BigInteger.valueOf(u0);
        }
        return new BigInteger(1, toBytes());
    }

    /** The 32 big-endian bytes. */
    public byte[] toBytes() {
        byte[] b = new byte[32];
        Bytes.putLong(b, 0, u3);
        Bytes.putLong(b, 8, u2);
        Bytes.putLong(b, 16, u1);
        Bytes.putLong(b, 24, u0);
        return b;
    }

    /** Big-endian bytes without leading zeros: the RLP form of an integer. */
    public byte[] toMinimalBytes() {
        return Bytes.trimLeadingZeros(toBytes());
    }

    public Hash toHash() {
        return Hash.wrap(toBytes());
    }

    public Address toAddress() {
        return Address.fromWord(u0, u1, u2);
    }

    public boolean isZero() {
        return (u0 | u1 | u2 | u3) == 0;
    }

    /** True when the value is below 2^63, so {@link #u0()} is its exact, non-negative value. */
    public boolean fitsLong() {
        return (u1 | u2 | u3) == 0 && u0 >= 0;
    }

    /** The value as a long, or {@link Long#MAX_VALUE} when it does not fit: for gas and sizes. */
    public long clampedLong() {
        return fitsLong() ? u0 : Long.MAX_VALUE;
    }

    // ---------------------------------------------------------------- arithmetic, via Words
    // Each operation copies the operands into a small stack array and runs the same kernel as
    // the interpreter, so there is one implementation of every rule to test.

    // add, sub and the one-limb mul work on the limbs directly: fees and balances go through them
    // several times per transaction, and the general path allocates a scratch array for each.

    public U256 add(U256 o) {
        long r0 = u0 + o.u0;
        long c = Long.compareUnsigned(r0, u0) < 0 ? 1 : 0;
        long t = u1 + c;
        long r1 = t + o.u1;
        c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(r1, t) < 0 ? 1 : 0);
        t = u2 + c;
        long r2 = t + o.u2;
        c = (Long.compareUnsigned(t, c) < 0 ? 1 : 0) | (Long.compareUnsigned(r2, t) < 0 ? 1 : 0);
        return new U256(r0, r1, r2, u3 + o.u3 + c);
    }

    public U256 sub(U256 o) {
        long r0 = u0 - o.u0;
        long b = Long.compareUnsigned(u0, o.u0) < 0 ? 1 : 0;
        long t = u1 - b;
        long r1 = t - o.u1;
        b = (Long.compareUnsigned(u1, b) < 0 ? 1 : 0) | (Long.compareUnsigned(t, o.u1) < 0 ? 1 : 0);
        t = u2 - b;
        long r2 = t - o.u2;
        b = (Long.compareUnsigned(u2, b) < 0 ? 1 : 0) | (Long.compareUnsigned(t, o.u2) < 0 ? 1 : 0);
        return new U256(r0, r1, r2, u3 - o.u3 - b);
    }

    public U256 mul(U256 o) {
        if ((u1 | u2 | u3 | o.u1 | o.u2 | o.u3) == 0) {
            return new U256(u0 * o.u0, Math.unsignedMultiplyHigh(u0, o.u0), 0, 0);
        }
        return binary(o, Words::mul);
    }

    /** Unsigned division; 0 when {@code o} is 0, as in the EVM. */
    public U256 div(U256 o) {
        return binary(o, (s, a, b, r) -> Words.div(s, a, b, r, scratch()));
    }

    /** Unsigned remainder; 0 when {@code o} is 0. */
    public U256 mod(U256 o) {
        return binary(o, (s, a, b, r) -> Words.mod(s, a, b, r, scratch()));
    }

    /** Two's-complement division truncated toward zero (EVM SDIV). */
    public U256 sdiv(U256 o) {
        return binary(o, (s, a, b, r) -> Words.sdiv(s, a, b, r, scratch()));
    }

    /** Two's-complement remainder taking the sign of this value (EVM SMOD). */
    public U256 smod(U256 o) {
        return binary(o, (s, a, b, r) -> Words.smod(s, a, b, r, scratch()));
    }

    /** this ^ exponent mod 2^256. */
    public U256 exp(U256 exponent) {
        return binary(exponent, Words::exp);
    }

    /** (this + o) mod n without wrapping at 2^256; 0 when n is 0. */
    public U256 addMod(U256 o, U256 n) {
        long[] s = words(this, o, n);
        Words.addMod(s, 0, 4, 8, 0, scratch());
        return at(s, 0);
    }

    /** (this * o) mod n over the full 512-bit product; 0 when n is 0. */
    public U256 mulMod(U256 o, U256 n) {
        long[] s = words(this, o, n);
        Words.mulMod(s, 0, 4, 8, 0, scratch());
        return at(s, 0);
    }

    public U256 and(U256 o) {
        return binary(o, Words::and);
    }

    public U256 or(U256 o) {
        return binary(o, Words::or);
    }

    public U256 xor(U256 o) {
        return binary(o, Words::xor);
    }

    public U256 not() {
        return new U256(~u0, ~u1, ~u2, ~u3);
    }

    /** Two's-complement negation: 2^256 - this (and 0 for 0). */
    public U256 negate() {
        return ZERO.sub(this);
    }

    /** True when bit 255 is set: the value is negative read as two's complement. */
    public boolean isNegative() {
        return u3 < 0;
    }

    /** this << bits, dropping what passes bit 255; 0 for 256 or more. */
    public U256 shl(int bits) {
        return shift(bits, Words::shl);
    }

    /** this >>> bits; 0 for 256 or more. */
    public U256 shr(int bits) {
        return shift(bits, Words::shr);
    }

    public static U256 min(U256 a, U256 b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    public static U256 max(U256 a, U256 b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** A kernel of {@link Words} with the shape (stack, operand, operand, result). */
    @FunctionalInterface
    private interface WordOp {
        void apply(long[] s, int a, int b, int r);
    }

    private U256 binary(U256 o, WordOp op) {
        long[] s = words(this, o);
        op.apply(s, 0, 4, 0);
        return at(s, 0);
    }

    private U256 shift(int bits, WordOp op) {
        if (bits < 0) {
            throw new IllegalArgumentException("negative shift: " + bits);
        }
        long[] s = words(of(bits), this);
        op.apply(s, 0, 4, 0);
        return at(s, 0);
    }

    private static long[] words(U256... values) {
        long[] s = new long[4 * values.length];
        for (int i = 0; i < values.length; i++) {
            Words.set(s, 4 * i, values[i].u0, values[i].u1, values[i].u2, values[i].u3);
        }
        return s;
    }

    private static U256 at(long[] s, int o) {
        return new U256(s[o], s[o + 1], s[o + 2], s[o + 3]);
    }

    private static long[] scratch() {
        return new long[Words.SCRATCH_LONGS];
    }

    public int bitLength() {
        if (u3 != 0) return 256 - Long.numberOfLeadingZeros(u3);
        if (u2 != 0) return 192 - Long.numberOfLeadingZeros(u2);
        if (u1 != 0) return 128 - Long.numberOfLeadingZeros(u1);
        return 64 - Long.numberOfLeadingZeros(u0);
    }

    @Override
    public int compareTo(U256 o) {
        if (u3 != o.u3) return Long.compareUnsigned(u3, o.u3);
        if (u2 != o.u2) return Long.compareUnsigned(u2, o.u2);
        if (u1 != o.u1) return Long.compareUnsigned(u1, o.u1);
        return Long.compareUnsigned(u0, o.u0);
    }

    public String toHexString() {
        return "0x" + toBigInteger().toString(16);
    }

    @Override
    public String toString() {
        return toBigInteger().toString();
    }
}
