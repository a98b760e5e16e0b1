package dev.multilane.primitives;

/**
 * The division family behind {@link Words}: DIV, MOD, SDIV, SMOD, ADDMOD, MULMOD.
 *
 * <p>Operands that fit in 64 bits (most real ones) take fast paths through {@link
 * Long#divideUnsigned}; a divisor of one limb takes a short division on locals. Everything else
 * goes through Knuth's Algorithm D (TAOCP vol. 2, 4.3.1) on 64-bit limbs, with the 128-by-64-bit
 * quotient digit computed by {@link #divlu}, the two-step schoolbook division of Hacker's Delight
 * (2nd ed., 9-4, "divlu"). Wide dividends (the 512-bit product of MULMOD, the 257-bit sum of
 * ADDMOD) and the absolute values of signed operands live in a caller-provided scratch array,
 * so nothing here allocates.
 */
final class WordDivision {
    // Scratch layout, in longs.
    private static final int U = 0; // dividend, up to 8 limbs + 1 for normalisation; then remainder
    private static final int V = 9; // divisor, up to 4 limbs
    private static final int Q = 13; // quotient, up to 8 limbs
    private static final int ABS_A = 21; // |a| for signed ops
    private static final int ABS_B = 25; // |b| for signed ops
    static final int SCRATCH_LONGS = 29;

    private static final long LOW32 = 0xffff_ffffL;

    private WordDivision() {}

    // ---------------------------------------------------------------- DIV, MOD, SDIV, SMOD

    /**
     * Writes a / b (or a % b when {@code remainder}) to {@code out[r..r+3]}, negated when {@code
     * negate}; 0 when b is 0. Reads both operands before writing, so out/r may alias either.
     */
    static void divRem(long[] xs, int a, long[] ys, int b, long[] out, int r, boolean remainder,
            boolean negate, long[] scratch) {
        long a0 = xs[a], a1 = xs[a + 1], a2 = xs[a + 2], a3 = xs[a + 3];
        long b0 = ys[b], b1 = ys[b + 1], b2 = ys[b + 2], b3 = ys[b + 3];

        if ((b1 | b2 | b3) == 0) {
            if (b0 == 0) {
                Words.set(out, r, 0, 0, 0, 0);
                return;
            }
            if ((a1 | a2 | a3) == 0) {
                long v = remainder ? Long.remainderUnsigned(a0, b0) : Long.divideUnsigned(a0, b0);
                write(out, r, v, 0, 0, 0, negate);
                return;
            }
            // Short division by one normalised limb: 4 quotient digits, each from divlu.
            int sh = Long.numberOfLeadingZeros(b0);
            long d = b0 << sh;
            long rem = spill(a3, sh);
            long n3 = (a3 << sh) | spill(a2, sh);
            long n2 = (a2 << sh) | spill(a1, sh);
            long n1 = (a1 << sh) | spill(a0, sh);
            long n0 = a0 << sh;
            long q3 = divlu(rem, n3, d);
            rem = n3 - q3 * d;
            long q2 = divlu(rem, n2, d);
            rem = n2 - q2 * d;
            long q1 = divlu(rem, n1, d);
            rem = n1 - q1 * d;
            long q0 = divlu(rem, n0, d);
            rem = n0 - q0 * d;
            if (remainder) {
                write(out, r, rem >>> sh, 0, 0, 0, negate);
            } else {
                write(out, r, q0, q1, q2, q3, negate);
            }
            return;
        }
        if (lessThan(a0, a1, a2, a3, b0, b1, b2, b3)) {
            if (remainder) {
                write(out, r, a0, a1, a2, a3, negate);
            } else {
                Words.set(out, r, 0, 0, 0, 0);
            }
            return;
        }
        // General case: a >= b >= 2^64, so 2 <= n <= m <= 4.
        int m = limbs(a0, a1, a2, a3);
        int n = limbs(b0, b1, b2, b3);
        Words.set(scratch, U, a0, a1, a2, a3);
        Words.set(scratch, V, b0, b1, b2, b3);
        divide(scratch, m, n);
        if (remainder) {
            writeRemainder(scratch, n, out, r, negate);
        } else {
            write(out, r, scratch[Q], m - n >= 1 ? scratch[Q + 1] : 0,
                    m - n >= 2 ? scratch[Q + 2] : 0, 0, negate);
        }
    }

    /** SDIV and SMOD: divide the magnitudes, then fix the sign (EVM yellow paper, appendix H). */
    static void signedDivRem(long[] s, int a, int b, int r, boolean remainder, long[] scratch) {
        boolean negA = s[a + 3] < 0;
        boolean negB = s[b + 3] < 0;
        long[] xs = s;
        long[] ys = s;
        int x = a;
        int y = b;
        if (negA) {
            negateInto(s, a, scratch, ABS_A);
            xs = scratch;
            x = ABS_A;
        }
        if (negB) {
            negateInto(s, b, scratch, ABS_B);
            ys = scratch;
            y = ABS_B;
        }
        // The quotient is negative when the signs differ; the remainder takes the sign of a.
        // -2^255 / -1 needs no special case: |-2^255| is 2^255 unsigned, and so is the quotient.
        boolean negate = remainder ? negA : negA != negB;
        divRem(xs, x, ys, y, s, r, remainder, negate, scratch);
    }

    // ---------------------------------------------------------------- ADDMOD, MULMOD

    /** (a + b) mod n over the full 257-bit sum; 0 when n is 0. */
    static void addMod(long[] s, int a, int b, int nn, int r, long[] scratch) {
        long n0 = s[nn], n1 = s[nn + 1], n2 = s[nn + 2], n3 = s[nn + 3];
        if ((n1 | n2 | n3) == 0) {
            if (n0 == 0) {
                Words.set(s, r, 0, 0, 0, 0);
                return;
            }
            long x = remSmall(s[a + 3], s[a + 2], s[a + 1], s[a], n0);
            long y = remSmall(s[b + 3], s[b + 2], s[b + 1], s[b], n0);
            long sum = x + y; // x, y < n, so one subtraction of n reduces even an overflowed sum
            if (Long.compareUnsigned(sum, x) < 0 || Long.compareUnsigned(sum, n0) >= 0) {
                sum -= n0;
            }
            Words.set(s, r, sum, 0, 0, 0);
            return;
        }
        long a0 = s[a], a1 = s[a + 1], a2 = s[a + 2], a3 = s[a + 3];
        long b0 = s[b], b1 = s[b + 1], b2 = s[b + 2], b3 = s[b + 3];
        long c0 = a0 + b0;
        long k = Words.carry(a0, b0, c0);
        long c1 = a1 + b1 + k;
        k = Words.carry(a1, b1, c1);
        long c2 = a2 + b2 + k;
        k = Words.carry(a2, b2, c2);
        long c3 = a3 + b3 + k;
        k = Words.carry(a3, b3, c3);
        Words.set(scratch, U, c0, c1, c2, c3);
        scratch[U + 4] = k;
        Words.set(scratch, V, n0, n1, n2, n3);
        reduce(scratch, k != 0 ? 5 : limbs(c0, c1, c2, c3), limbs(n0, n1, n2, n3), s, r);
    }

    /** (a * b) mod n over the full 512-bit product; 0 when n is 0. */
    static void mulMod(long[] s, int a, int b, int nn, int r, long[] scratch) {
        long n0 = s[nn], n1 = s[nn + 1], n2 = s[nn + 2], n3 = s[nn + 3];
        if ((n1 | n2 | n3) == 0) {
            if (n0 == 0) {
                Words.set(s, r, 0, 0, 0, 0);
                return;
            }
            long x = remSmall(s[a + 3], s[a + 2], s[a + 1], s[a], n0);
            long y = remSmall(s[b + 3], s[b + 2], s[b + 1], s[b], n0);
            Words.set(s, r, remSmall(0, 0, Math.unsignedMultiplyHigh(x, y), x * y, n0), 0, 0, 0);
            return;
        }
        // 4x4-limb schoolbook product into U[0..7].
        for (int i = 0; i < 8; i++) {
            scratch[U + i] = 0;
        }
        for (int i = 0; i < 4; i++) {
            long ai = s[a + i];
            long k = 0;
            for (int j = 0; j < 4; j++) {
                long bj = s[b + j];
                long lo = ai * bj;
                long hi = Math.unsignedMultiplyHigh(ai, bj);
                lo += k;
                hi += Long.compareUnsigned(lo, k) < 0 ? 1 : 0;
                long t = scratch[U + i + j] + lo;
                hi += Long.compareUnsigned(t, lo) < 0 ? 1 : 0;
                scratch[U + i + j] = t;
                k = hi;
            }
            scratch[U + i + 4] = k;
        }
        int m = 8;
        while (m > 0 && scratch[U + m - 1] == 0) {
            m--;
        }
        Words.set(scratch, V, n0, n1, n2, n3);
        reduce(scratch, m, limbs(n0, n1, n2, n3), s, r);
    }

    /** Writes U[0..m) mod V[0..n) to s[r..r+3], for n >= 2. */
    private static void reduce(long[] x, int m, int n, long[] s, int r) {
        if (m < n) {
            Words.set(s, r, x[U], x[U + 1], x[U + 2], x[U + 3]);
            return;
        }
        divide(x, m, n);
        writeRemainder(x, n, s, r, false);
    }

    /** The 256-bit value x3..x0 modulo a nonzero 64-bit n. */
    private static long remSmall(long x3, long x2, long x1, long x0, long n) {
        if ((x3 | x2 | x1) == 0) {
            return Long.remainderUnsigned(x0, n);
        }
        // (x * 2^sh) mod (n * 2^sh) = (x mod n) * 2^sh.
        int sh = Long.numberOfLeadingZeros(n);
        long d = n << sh;
        long rem = spill(x3, sh);
        long t = (x3 << sh) | spill(x2, sh);
        rem = t - divlu(rem, t, d) * d;
        t = (x2 << sh) | spill(x1, sh);
        rem = t - divlu(rem, t, d) * d;
        t = (x1 << sh) | spill(x0, sh);
        rem = t - divlu(rem, t, d) * d;
        t = x0 << sh;
        rem = t - divlu(rem, t, d) * d;
        return rem >>> sh;
    }

    // ---------------------------------------------------------------- Knuth's Algorithm D

    /**
     * Algorithm D on 64-bit limbs. Divides x[U..U+m) by x[V..V+n), where m >= n >= 2 and both top
     * limbs are nonzero (one-limb divisors take the short divisions on locals instead). Leaves the quotient in x[Q..Q+m-n] and the remainder in x[U..U+n);
     * x[V..] and the rest of x[U..] are clobbered.
     */
    private static void divide(long[] x, int m, int n) {
        // D1: normalise so the divisor's top bit is set; the dividend grows by one limb.
        int sh = Long.numberOfLeadingZeros(x[V + n - 1]);
        for (int i = n - 1; i > 0; i--) {
            x[V + i] = (x[V + i] << sh) | spill(x[V + i - 1], sh);
        }
        x[V] <<= sh;
        x[U + m] = spill(x[U + m - 1], sh);
        for (int i = m - 1; i > 0; i--) {
            x[U + i] = (x[U + i] << sh) | spill(x[U + i - 1], sh);
        }
        x[U] <<= sh;
        long vTop = x[V + n - 1];
        long vNext = x[V + n - 2];
        for (int j = m - n; j >= 0; j--) {
            // D3: estimate the quotient digit from the top two limbs, then refine it with the
            // third; the estimate is then exact or one too large. uTop <= vTop always holds.
            long uTop = x[U + j + n];
            long uMid = x[U + j + n - 1];
            long uLow = x[U + j + n - 2];
            long qhat;
            long rhat;
            boolean refine;
            if (uTop == vTop) {
                qhat = -1L; // b - 1
                rhat = uMid + vTop; // (uTop*b + uMid) - (b-1)*vTop
                refine = Long.compareUnsigned(rhat, vTop) >= 0; // no refinement once rhat >= b
            } else {
                qhat = divlu(uTop, uMid, vTop);
                rhat = uMid - qhat * vTop;
                refine = true;
            }
            while (refine) {
                long pHi = Math.unsignedMultiplyHigh(qhat, vNext);
                long pLo = qhat * vNext;
                int c = Long.compareUnsigned(pHi, rhat);
                if (c < 0 || (c == 0 && Long.compareUnsigned(pLo, uLow) <= 0)) {
                    break;
                }
                qhat--;
                rhat += vTop;
                refine = Long.compareUnsigned(rhat, vTop) >= 0;
            }

            // D4: subtract qhat * v from the window x[U+j .. U+j+n].
            long k = 0;
            for (int i = 0; i < n; i++) {
                long v = x[V + i];
                long pLo = qhat * v;
                long pHi = Math.unsignedMultiplyHigh(qhat, v);
                pLo += k;
                pHi += Long.compareUnsigned(pLo, k) < 0 ? 1 : 0;
                long u = x[U + i + j];
                x[U + i + j] = u - pLo;
                pHi += Long.compareUnsigned(u, pLo) < 0 ? 1 : 0;
                k = pHi;
            }
            long top = x[U + j + n];
            x[U + j + n] = top - k;

            // D6: the estimate was one too large (rare: about 2 in 2^64); add v back once.
            if (Long.compareUnsigned(top, k) < 0) {
                qhat--;
                long c = 0;
                for (int i = 0; i < n; i++) {
                    long u = x[U + i + j];
                    long v = x[V + i];
                    long sum = u + v + c;
                    c = Words.carry(u, v, sum);
                    x[U + i + j] = sum;
                }
                x[U + j + n] += c;
            }
            x[Q + j] = qhat;
        }

        // D8: the remainder is x[U..U+n) shifted back.
        for (int i = 0; i < n - 1; i++) {
            x[U + i] = (x[U + i] >>> sh) | unspill(x[U + i + 1], sh);
        }
        x[U + n - 1] >>>= sh;
    }

    /**
     * The 64-bit quotient of the 128-bit (u1, u0) by v, where v has its top bit set and u1 < v
     * (so the quotient fits). Hacker's Delight 9-4: two 64-by-32 steps on half-limbs, each digit
     * estimate corrected at most twice. The caller recovers the remainder as u0 - q * v.
     */
    static long divlu(long u1, long u0, long v) {
        long vn1 = v >>> 32;
        long vn0 = v & LOW32;
        long un1 = u0 >>> 32;
        long un0 = u0 & LOW32;

        long q1 = Long.divideUnsigned(u1, vn1);
        long rhat = u1 - q1 * vn1;
        while ((q1 >>> 32) != 0 || Long.compareUnsigned(q1 * vn0, (rhat << 32) | un1) > 0) {
            q1--;
            rhat += vn1;
            if ((rhat >>> 32) != 0) {
                break;
            }
        }
        long un21 = (u1 << 32) + un1 - q1 * v; // exact mod 2^64: the true value is below v

        long q0 = Long.divideUnsigned(un21, vn1);
        rhat = un21 - q0 * vn1;
        while ((q0 >>> 32) != 0 || Long.compareUnsigned(q0 * vn0, (rhat << 32) | un0) > 0) {
            q0--;
            rhat += vn1;
            if ((rhat >>> 32) != 0) {
                break;
            }
        }
        return (q1 << 32) | q0;
    }

    // ---------------------------------------------------------------- helpers

    /** x >>> (64 - sh), and 0 when sh is 0 (where Java's shift-by-64 would keep x whole). */
    private static long spill(long x, int sh) {
        return (x >>> 1) >>> (63 - sh);
    }

    /** x << (64 - sh), and 0 when sh is 0. */
    private static long unspill(long x, int sh) {
        return (x << 1) << (63 - sh);
    }

    private static int limbs(long x0, long x1, long x2, long x3) {
        return x3 != 0 ? 4 : x2 != 0 ? 3 : x1 != 0 ? 2 : x0 != 0 ? 1 : 0;
    }

    private static boolean lessThan(long a0, long a1, long a2, long a3, long b0, long b1, long b2,
            long b3) {
        if (a3 != b3) return Long.compareUnsigned(a3, b3) < 0;
        if (a2 != b2) return Long.compareUnsigned(a2, b2) < 0;
        if (a1 != b1) return Long.compareUnsigned(a1, b1) < 0;
        return Long.compareUnsigned(a0, b0) < 0;
    }

    private static void writeRemainder(long[] x, int n, long[] out, int r, boolean negate) {
        write(out, r, x[U], n > 1 ? x[U + 1] : 0, n > 2 ? x[U + 2] : 0, n > 3 ? x[U + 3] : 0,
                negate);
    }

    /** Writes the word, or its two's-complement negation. */
    private static void write(long[] out, int r, long x0, long x1, long x2, long x3,
            boolean negate) {
        if (!negate) {
            Words.set(out, r, x0, x1, x2, x3);
            return;
        }
        // 0 - x, limb by limb: the borrow out of each limb is 1 unless all limbs so far are 0.
        long r0 = -x0;
        long borrow = x0 != 0 ? 1 : 0;
        long r1 = -x1 - borrow;
        borrow = (x1 | borrow) != 0 ? 1 : 0;
        long r2 = -x2 - borrow;
        borrow = (x2 | borrow) != 0 ? 1 : 0;
        long r3 = -x3 - borrow;
        Words.set(out, r, r0, r1, r2, r3);
    }

    private static void negateInto(long[] s, int a, long[] out, int r) {
        write(out, r, s[a], s[a + 1], s[a + 2], s[a + 3], true);
    }
}
