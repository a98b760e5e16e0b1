package dev.multilane.primitives;

/**
 * 256-bit arithmetic kernels that work in place on words stored in a {@code long[]}: the EVM
 * interpreter's stack. The word at offset {@code o} is {@code s[o..o+3]}, {@code s[o]} the least
 * significant limb. Every kernel reads its operands before writing, so the result offset may equal
 * any operand offset. Nothing here allocates or throws; results follow the EVM's rules (yellow
 * paper appendix H, EIP-145 for the shifts), e.g. division by zero gives 0.
 *
 * <p>The division family needs working space beyond the stack: the caller allocates one {@code
 * long[SCRATCH_LONGS]} per interpreter and passes it to every call. Benchmark before refactoring.
 */
public final class Words {
    /** Length of the scratch array that div, sdiv, mod, smod, addMod and mulMod take. */
    public static final int SCRATCH_LONGS = WordDivision.SCRATCH_LONGS;

    private Words() {}

    // ---------------------------------------------------------------- moving words

    public static void set(long[] s, int r, long u0, long u1, long u2, long u3) {
        s[r] = u0;
        s[r + 1] = u1;
        s[r + 2] = u2;
        s[r + 3] = u3;
    }

    public static void copy(long[] s, int from, int to) {
        set(s, to, s[from], s[from + 1], s[from + 2], s[from + 3]);
    }

    /** Big-endian {@code src[off..off+len)}, {@code len <= 32}, left-padded with zeros. */
    public static void fromBytes(long[] s, int r, byte[] src, int off, int len) {
        // Fill limbs from the least significant end: whole 8-byte groups, then a partial one.
        int end = off + len;
        for (int i = 0; i < 4; i++) {
            long limb;
            if (end - off >= 8) {
                end -= 8;
                limb = Bytes.getLong(src, end);
            } else {
                limb = 0;
                for (int p = off; p < end; p++) {
                    limb = (limb << 8) | (src[p] & 0xffL);
                }
                end = off;
            }
            s[r + i] = limb;
        }
    }

    /** The 32 big-endian bytes of the word, written to {@code dst[off..off+32)}. */
    public static void toBytes(long[] s, int a, byte[] dst, int off) {
        Bytes.putLong(dst, off, s[a + 3]);
        Bytes.putLong(dst, off + 8, s[a + 2]);
        Bytes.putLong(dst, off + 16, s[a + 1]);
        Bytes.putLong(dst, off + 24, s[a]);
    }

    /** The word as a long, or {@link Long#MAX_VALUE} when it is 2^63 or more: for gas and sizes. */
    public static long clampedLong(long[] s, int a) {
        return (s[a + 1] | s[a + 2] | s[a + 3]) == 0 && s[a] >= 0 ? s[a] : Long.MAX_VALUE;
    }

    // ---------------------------------------------------------------- ADD, SUB, MUL, EXP

    public static void add(long[] s, int a, int b, int r) {
        long a0 = s[a], a1 = s[a + 1], a2 = s[a + 2], a3 = s[a + 3];
        long b0 = s[b], b1 = s[b + 1], b2 = s[b + 2], b3 = s[b + 3];
        long r0 = a0 + b0;
        long c = carry(a0, b0, r0);
        long r1 = a1 + b1 + c;
        c = carry(a1, b1, r1);
        long r2 = a2 + b2 + c;
        c = carry(a2, b2, r2);
        set(s, r, r0, r1, r2, a3 + b3 + c);
    }

    public static void sub(long[] s, int a, int b, int r) {
        long a0 = s[a], a1 = s[a + 1], a2 = s[a + 2], a3 = s[a + 3];
        long b0 = s[b], b1 = s[b + 1], b2 = s[b + 2], b3 = s[b + 3];
        long r0 = a0 - b0;
        long c = borrow(a0, b0, r0);
        long r1 = a1 - b1 - c;
        c = borrow(a1, b1, r1);
        long r2 = a2 - b2 - c;
        c = borrow(a2, b2, r2);
        set(s, r, r0, r1, r2, a3 - b3 - c);
    }

    public static void mul(long[] s, int a, int b, int r) {
        mul(s[a], s[a + 1], s[a + 2], s[a + 3], s[b], s[b + 1], s[b + 2], s[b + 3], s, r);
    }

    /** a * b mod 2^256: the schoolbook product, keeping only the partial products below 2^256. */
    private static void mul(long a0, long a1, long a2, long a3, long b0, long b1, long b2, long b3,
            long[] s, int r) {
        if ((a1 | a2 | a3 | b1 | b2 | b3) == 0) {
            set(s, r, a0 * b0, Math.unsignedMultiplyHigh(a0, b0), 0, 0);
            return;
        }
        // Row a0 * b.
        long r0 = a0 * b0;
        long c = Math.unsignedMultiplyHigh(a0, b0);
        long t = a0 * b1;
        long r1 = t + c;
        c = Math.unsignedMultiplyHigh(a0, b1) + ltu(r1, t);
        t = a0 * b2;
        long r2 = t + c;
        c = Math.unsignedMultiplyHigh(a0, b2) + ltu(r2, t);
        long r3 = a0 * b3 + c;
        // Row a1 * b, shifted one limb.
        t = a1 * b0;
        r1 += t;
        c = Math.unsignedMultiplyHigh(a1, b0) + ltu(r1, t);
        t = a1 * b1 + c;
        c = Math.unsignedMultiplyHigh(a1, b1) + ltu(t, c);
        r2 += t;
        c += ltu(r2, t);
        r3 += a1 * b2 + c;
        // Row a2 * b, shifted two limbs.
        t = a2 * b0;
        r2 += t;
        c = Math.unsignedMultiplyHigh(a2, b0) + ltu(r2, t);
        r3 += a2 * b1 + c;
        // Row a3 * b, shifted three limbs.
        r3 += a3 * b0;
        set(s, r, r0, r1, r2, r3);
    }

    /** base ^ exponent mod 2^256, by left-to-right square-and-multiply. */
    public static void exp(long[] s, int base, int exponent, int r) {
        long b0 = s[base], b1 = s[base + 1], b2 = s[base + 2], b3 = s[base + 3];
        long e0 = s[exponent], e1 = s[exponent + 1], e2 = s[exponent + 2], e3 = s[exponent + 3];
        int bits = bitLength(e0, e1, e2, e3);
        if (bits == 0) {
            set(s, r, 1, 0, 0, 0);
            return;
        }
        if ((b1 | b2 | b3) == 0 && (b0 == 0 || b0 == 1)) {
            set(s, r, b0, 0, 0, 0);
            return;
        }
        set(s, r, b0, b1, b2, b3); // the exponent's top bit
        for (int i = bits - 2; i >= 0; i--) {
            mul(s, r, r, r);
            long limb = i < 64 ? e0 : i < 128 ? e1 : i < 192 ? e2 : e3;
            if (((limb >>> i) & 1) != 0) {
                mul(s[r], s[r + 1], s[r + 2], s[r + 3], b0, b1, b2, b3, s, r);
            }
            if ((s[r] | s[r + 1] | s[r + 2] | s[r + 3]) == 0) {
                return; // an even base reaches 0 after at most 256 squarings, and stays there
            }
        }
    }

    // ---------------------------------------------------------------- division family

    /** a / b, unsigned; 0 when b is 0. */
    public static void div(long[] s, int a, int b, int r, long[] scratch) {
        WordDivision.divRem(s, a, s, b, s, r, false, false, scratch);
    }

    /** a % b, unsigned; 0 when b is 0. */
    public static void mod(long[] s, int a, int b, int r, long[] scratch) {
        WordDivision.divRem(s, a, s, b, s, r, true, false, scratch);
    }

    /** a / b in two's complement, truncated toward zero; x / 0 = 0 and -2^255 / -1 = -2^255. */
    public static void sdiv(long[] s, int a, int b, int r, long[] scratch) {
        WordDivision.signedDivRem(s, a, b, r, false, scratch);
    }

    /** a % b in two's complement, the result taking the sign of a; 0 when b is 0. */
    public static void smod(long[] s, int a, int b, int r, long[] scratch) {
        WordDivision.signedDivRem(s, a, b, r, true, scratch);
    }

    /** (a + b) mod n without wrapping the sum at 2^256; 0 when n is 0. */
    public static void addMod(long[] s, int a, int b, int n, int r, long[] scratch) {
        WordDivision.addMod(s, a, b, n, r, scratch);
    }

    /** (a * b) mod n over the full 512-bit product; 0 when n is 0. */
    public static void mulMod(long[] s, int a, int b, int n, int r, long[] scratch) {
        WordDivision.mulMod(s, a, b, n, r, scratch);
    }

    // ---------------------------------------------------------------- bitwise

    public static void and(long[] s, int a, int b, int r) {
        set(s, r, s[a] & s[b], s[a + 1] & s[b + 1], s[a + 2] & s[b + 2], s[a + 3] & s[b + 3]);
    }

    public static void or(long[] s, int a, int b, int r) {
        set(s, r, s[a] | s[b], s[a + 1] | s[b + 1], s[a + 2] | s[b + 2], s[a + 3] | s[b + 3]);
    }

    public static void xor(long[] s, int a, int b, int r) {
        set(s, r, s[a] ^ s[b], s[a + 1] ^ s[b + 1], s[a + 2] ^ s[b + 2], s[a + 3] ^ s[b + 3]);
    }

    public static void not(long[] s, int a, int r) {
        set(s, r, ~s[a], ~s[a + 1], ~s[a + 2], ~s[a + 3]);
    }

    /** EVM BYTE: byte {@code index} of the value counting from the most significant (0..31). */
    public static void byteOf(long[] s, int index, int value, int r) {
        long i = s[index];
        if ((s[index + 1] | s[index + 2] | s[index + 3]) != 0 || Long.compareUnsigned(i, 32) >= 0) {
            set(s, r, 0, 0, 0, 0);
            return;
        }
        int k = 31 - (int) i; // position from the least significant byte
        set(s, r, (s[value + (k >>> 3)] >>> ((k & 7) * 8)) & 0xff, 0, 0, 0);
    }

    /** EVM SIGNEXTEND: extends the sign of byte {@code byteIndex} (from the right) of the value. */
    public static void signExtend(long[] s, int byteIndex, int value, int r) {
        long b = s[byteIndex];
        long x0 = s[value], x1 = s[value + 1], x2 = s[value + 2], x3 = s[value + 3];
        if ((s[byteIndex + 1] | s[byteIndex + 2] | s[byteIndex + 3]) != 0
                || Long.compareUnsigned(b, 31) >= 0) {
            set(s, r, x0, x1, x2, x3); // byte 31 is already the sign byte
            return;
        }
        int bit = (int) b * 8 + 7;
        int limb = bit >>> 6;
        int off = bit & 63;
        long keep = -1L >>> (63 - off); // bits 0..off of the sign's limb
        long x = limb == 0 ? x0 : limb == 1 ? x1 : limb == 2 ? x2 : x3;
        long sign = (x << (63 - off)) >> 63;
        long ext = (x & keep) | (sign & ~keep);
        switch (limb) {
            case 0 -> set(s, r, ext, sign, sign, sign);
            case 1 -> set(s, r, x0, ext, sign, sign);
            case 2 -> set(s, r, x0, x1, ext, sign);
            default -> set(s, r, x0, x1, x2, ext);
        }
    }

    /** EVM SHL (EIP-145): value << shift; 0 when shift >= 256. */
    public static void shl(long[] s, int shift, int value, int r) {
        int n = shiftAmount(s, shift);
        long v0 = s[value], v1 = s[value + 1], v2 = s[value + 2], v3 = s[value + 3];
        long r0, r1, r2, r3;
        switch (n >>> 6) {
            case 0 -> { r0 = v0; r1 = v1; r2 = v2; r3 = v3; }
            case 1 -> { r0 = 0; r1 = v0; r2 = v1; r3 = v2; }
            case 2 -> { r0 = 0; r1 = 0; r2 = v0; r3 = v1; }
            case 3 -> { r0 = 0; r1 = 0; r2 = 0; r3 = v0; }
            default -> { r0 = 0; r1 = 0; r2 = 0; r3 = 0; }
        }
        int k = n & 63;
        if (k != 0) {
            r3 = (r3 << k) | (r2 >>> -k); // x >>> -k is x >>> (64 - k)
            r2 = (r2 << k) | (r1 >>> -k);
            r1 = (r1 << k) | (r0 >>> -k);
            r0 <<= k;
        }
        set(s, r, r0, r1, r2, r3);
    }

    /** EVM SHR (EIP-145): value >>> shift; 0 when shift >= 256. */
    public static void shr(long[] s, int shift, int value, int r) {
        shiftRight(s, shift, value, r, 0);
    }

    /** EVM SAR (EIP-145): value >> shift with the sign filled in; all sign bits when >= 256. */
    public static void sar(long[] s, int shift, int value, int r) {
        shiftRight(s, shift, value, r, s[value + 3] >> 63);
    }

    private static void shiftRight(long[] s, int shift, int value, int r, long fill) {
        int n = shiftAmount(s, shift);
        long v0 = s[value], v1 = s[value + 1], v2 = s[value + 2], v3 = s[value + 3];
        long r0, r1, r2, r3;
        switch (n >>> 6) {
            case 0 -> { r0 = v0; r1 = v1; r2 = v2; r3 = v3; }
            case 1 -> { r0 = v1; r1 = v2; r2 = v3; r3 = fill; }
            case 2 -> { r0 = v2; r1 = v3; r2 = fill; r3 = fill; }
            case 3 -> { r0 = v3; r1 = fill; r2 = fill; r3 = fill; }
            default -> { r0 = fill; r1 = fill; r2 = fill; r3 = fill; }
        }
        int k = n & 63;
        if (k != 0) {
            r0 = (r0 >>> k) | (r1 << -k); // x << -k is x << (64 - k)
            r1 = (r1 >>> k) | (r2 << -k);
            r2 = (r2 >>> k) | (r3 << -k);
            r3 = (r3 >>> k) | (fill << -k);
        }
        set(s, r, r0, r1, r2, r3);
    }

    /** The shift as an int, capped at 256 (every larger shift has the same result). */
    private static int shiftAmount(long[] s, int shift) {
        long n = s[shift];
        if ((s[shift + 1] | s[shift + 2] | s[shift + 3]) != 0 || Long.compareUnsigned(n, 256) >= 0) {
            return 256;
        }
        return (int) n;
    }

    // ---------------------------------------------------------------- comparisons

    /** a < b, unsigned. */
    public static boolean lt(long[] s, int a, int b) {
        return compareUnsigned(s, a, b) < 0;
    }

    /** a > b, unsigned. */
    public static boolean gt(long[] s, int a, int b) {
        return compareUnsigned(s, a, b) > 0;
    }

    /** a < b, two's complement. */
    public static boolean slt(long[] s, int a, int b) {
        return compareSigned(s, a, b) < 0;
    }

    /** a > b, two's complement. */
    public static boolean sgt(long[] s, int a, int b) {
        return compareSigned(s, a, b) > 0;
    }

    public static boolean eq(long[] s, int a, int b) {
        return ((s[a] ^ s[b]) | (s[a + 1] ^ s[b + 1]) | (s[a + 2] ^ s[b + 2])
                | (s[a + 3] ^ s[b + 3])) == 0;
    }

    public static boolean isZero(long[] s, int a) {
        return (s[a] | s[a + 1] | s[a + 2] | s[a + 3]) == 0;
    }

    private static int compareUnsigned(long[] s, int a, int b) {
        if (s[a + 3] != s[b + 3]) return Long.compareUnsigned(s[a + 3], s[b + 3]);
        if (s[a + 2] != s[b + 2]) return Long.compareUnsigned(s[a + 2], s[b + 2]);
        if (s[a + 1] != s[b + 1]) return Long.compareUnsigned(s[a + 1], s[b + 1]);
        return Long.compareUnsigned(s[a], s[b]);
    }

    private static int compareSigned(long[] s, int a, int b) {
        // Only the top limb carries the sign; below it the limbs compare as unsigned.
        if (s[a + 3] != s[b + 3]) return Long.compare(s[a + 3], s[b + 3]);
        return compareUnsigned(s, a, b);
    }

    // ---------------------------------------------------------------- sizes

    /** The number of significant bits (0 for zero). */
    public static int bitLength(long[] s, int a) {
        return bitLength(s[a], s[a + 1], s[a + 2], s[a + 3]);
    }

    /** The number of significant bytes (0 for zero): the byte count in EXP's gas (EIP-160). */
    public static int byteLength(long[] s, int a) {
        return (bitLength(s, a) + 7) >>> 3;
    }

    private static int bitLength(long x0, long x1, long x2, long x3) {
        if (x3 != 0) return 256 - Long.numberOfLeadingZeros(x3);
        if (x2 != 0) return 192 - Long.numberOfLeadingZeros(x2);
        if (x1 != 0) return 128 - Long.numberOfLeadingZeros(x1);
        return 64 - Long.numberOfLeadingZeros(x0);
    }

    // ---------------------------------------------------------------- carries

    /** The carry out of sum = x + y + carryIn (Hacker's Delight 2-13: majority of top bits). */
    static long carry(long x, long y, long sum) {
        return ((x & y) | ((x | y) & ~sum)) >>> 63;
    }

    /** The borrow out of diff = x - y - borrowIn (Hacker's Delight 2-13). */
    static long borrow(long x, long y, long diff) {
        return ((~x & y) | ((~x | y) & diff)) >>> 63;
    }

    /** 1 when x < y unsigned, else 0. */
    private static long ltu(long x, long y) {
        return Long.compareUnsigned(x, y) < 0 ? 1 : 0;
    }
}
