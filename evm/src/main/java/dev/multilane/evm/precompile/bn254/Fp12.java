package dev.multilane.evm.precompile.bn254;

import java.math.BigInteger;

/**
 * F_p¹² = F_p⁶[w]/(w² − v): {@code c0 + c1·w}, the target group's field. Immutable.
 *
 * <p>Read over F_p², an element is Σ a_k·w^k for k = 0..5 with c0 = (a0, a2, a4) and
 * c1 = (a1, a3, a5), since v = w². That view makes the Frobenius map simple: (a_k w^k)^(p^j) =
 * φʲ(a_k)·w^k·ξ^(k(p^j−1)/6), because w⁶ = ξ. The constants ξ^(k(p^j−1)/6) are computed once here
 * rather than copied as literals.
 */
final class Fp12 {
    static final Fp12 ONE = new Fp12(Fp6.ONE, Fp6.ZERO);

    /** FROBENIUS[j-1][k] = ξ^(k(p^j − 1)/6) for j = 1..3, k = 0..5. */
    private static final Fp2[][] FROBENIUS = new Fp2[3][6];

    static {
        BigInteger p = Fp.MODULUS;
        for (int j = 1; j <= 3; j++) {
            BigInteger pj = p.pow(j).subtract(BigInteger.ONE);
            for (int k = 0; k < 6; k++) {
                FROBENIUS[j - 1][k] = Fp2.XI.pow(pj.multiply(BigInteger.valueOf(k)).divide(BigInteger.valueOf(6)));
            }
        }
    }

    /** ξ^(k(p^j − 1)/6); the G2 Frobenius (twist untwist-Frobenius-twist) uses k = 2 and 3. */
    static Fp2 frobeniusCoefficient(int j, int k) {
        return FROBENIUS[j - 1][k];
    }

    final Fp6 c0;
    final Fp6 c1;

    Fp12(Fp6 c0, Fp6 c1) {
        this.c0 = c0;
        this.c1 = c1;
    }

    boolean isOne() {
        return c0.equals(Fp6.ONE) && c1.isZero();
    }

    /** Karatsuba over F_p⁶: (a0 + a1w)(b0 + b1w) = a0b0 + v·a1b1 + ((a0+a1)(b0+b1) − a0b0 − a1b1)w. */
    Fp12 mul(Fp12 o) {
        Fp6 v0 = c0.mul(o.c0);
        Fp6 v1 = c1.mul(o.c1);
        Fp6 r1 = c0.add(c1).mul(o.c0.add(o.c1)).sub(v0).sub(v1);
        return new Fp12(v0.add(v1.mulByV()), r1);
    }

    /** (a0 + a1w)² = (a0 + a1)(a0 + v·a1) − a0a1 − v·a0a1 + 2a0a1·w. */
    Fp12 square() {
        Fp6 ab = c0.mul(c1);
        Fp6 r0 = c0.add(c1).mul(c0.add(c1.mulByV())).sub(ab).sub(ab.mulByV());
        return new Fp12(r0, ab.add(ab));
    }

    /**
     * The product with a Miller-loop line l0 + l1·w + l3·w³, whose other three F_p² coefficients are
     * zero: in the tower that is c0 = (l0, 0, 0) and c1 = (l1, l3, 0).
     */
    Fp12 mulByLine(Fp2 l0, Fp2 l1, Fp2 l3) {
        Fp6 a = c0.mul(l0);
        Fp6 b = c1.mulBy01(l1, l3);
        Fp6 r1 = c0.add(c1).mulBy01(l0.add(l1), l3).sub(a).sub(b);
        return new Fp12(a.add(b.mulByV()), r1);
    }

    /** x^(p⁶), which negates w because ξ^((p⁶−1)/6) = −1; the inverse on the cyclotomic subgroup. */
    Fp12 conjugate() {
        return new Fp12(c0, c1.neg());
    }

    /** 1/(a0 + a1w) = (a0 − a1w)/(a0² − v·a1²). */
    Fp12 inverse() {
        Fp6 t = c0.square().sub(c1.square().mulByV()).inverse();
        return new Fp12(c0.mul(t), c1.mul(t).neg());
    }

    /** x^(p^j) for j = 1, 2, 3. */
    Fp12 frobenius(int j) {
        Fp2[] g = FROBENIUS[j - 1];
        boolean odd = (j & 1) == 1;
        return new Fp12(
                new Fp6(map(c0.c0, odd), map(c0.c1, odd).mul(g[2]), map(c0.c2, odd).mul(g[4])),
                new Fp6(map(c1.c0, odd).mul(g[1]), map(c1.c1, odd).mul(g[3]), map(c1.c2, odd).mul(g[5])));
    }

    private static Fp2 map(Fp2 x, boolean conjugate) {
        return conjugate ? x.conjugate() : x;
    }

    /**
     * The square of an element of the cyclotomic subgroup (x^(p⁶+1) = 1, as after the easy part of
     * the final exponentiation), by Granger and Scott, "Faster squaring in the cyclotomic subgroup of
     * sixth degree extensions" (PKC 2010): read x as A + B·w + C·w² over F_p⁴ = F_p²(s),
     * s = w³, with A = a0 + a3·s, B = a1 + a4·s, C = a2 + a5·s; then
     * x² = (3A² − 2Ā) + (3s·C² + 2B̄)·w + (3B² − 2C̄)·w², three F_p⁴ squarings in all.
     * Wrong outside the subgroup; PairingTest compares it with square() inside it.
     */
    Fp12 cyclotomicSquare() {
        Fp2 a0 = c0.c0, a3 = c1.c1; // A
        Fp2 a1 = c1.c0, a4 = c0.c2; // B
        Fp2 a2 = c0.c1, a5 = c1.c2; // C
        // (x + y·s)² = (x² + ξy²) + 2xy·s
        Fp2 aa0 = a0.square(), aa3 = a3.square();
        Fp2 sqA0 = aa3.mulByXi().add(aa0);
        Fp2 sqA1 = a0.add(a3).square().sub(aa0).sub(aa3);
        Fp2 bb1 = a1.square(), bb4 = a4.square();
        Fp2 sqB0 = bb4.mulByXi().add(bb1);
        Fp2 sqB1 = a1.add(a4).square().sub(bb1).sub(bb4);
        Fp2 cc2 = a2.square(), cc5 = a5.square();
        Fp2 sqC0 = cc5.mulByXi().add(cc2);
        Fp2 sqC1 = a2.add(a5).square().sub(cc2).sub(cc5);

        Fp2 r0 = triple(sqA0).sub(a0.dbl()); // 3A² − 2Ā
        Fp2 r3 = triple(sqA1).add(a3.dbl());
        Fp2 r1 = triple(sqC1.mulByXi()).add(a1.dbl()); // 3s·C² + 2B̄, where s·(c + d·s) = ξd + c·s
        Fp2 r4 = triple(sqC0).sub(a4.dbl());
        Fp2 r2 = triple(sqB0).sub(a2.dbl()); // 3B² − 2C̄
        Fp2 r5 = triple(sqB1).add(a5.dbl());
        return new Fp12(new Fp6(r0, r2, r4), new Fp6(r1, r3, r5));
    }

    private static Fp2 triple(Fp2 x) {
        return x.dbl().add(x);
    }

    /** this^e for a cyclotomic-subgroup element and a non-negative exponent. */
    Fp12 cyclotomicPow(long e) {
        Fp12 result = ONE;
        for (int i = 63 - Long.numberOfLeadingZeros(e); i >= 0; i--) {
            result = result.cyclotomicSquare();
            if ((e >>> i & 1) == 1) {
                result = result.mul(this);
            }
        }
        return result;
    }

    /** this^e for a non-negative 64-bit exponent. */
    Fp12 pow(long e) {
        Fp12 result = ONE;
        for (int i = 63 - Long.numberOfLeadingZeros(e); i >= 0; i--) {
            result = result.square();
            if ((e >>> i & 1) == 1) {
                result = result.mul(this);
            }
        }
        return result;
    }

    Fp12 pow(BigInteger e) {
        Fp12 result = ONE;
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
        return o instanceof Fp12 f && c0.equals(f.c0) && c1.equals(f.c1);
    }

    @Override
    public int hashCode() {
        return c0.hashCode() * 31 + c1.hashCode();
    }
}
