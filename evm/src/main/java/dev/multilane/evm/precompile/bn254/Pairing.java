package dev.multilane.evm.precompile.bn254;

import java.math.BigInteger;
import java.util.List;

/**
 * The optimal ate pairing on BN254 (Vercauteren, "Optimal pairings", 2010): a Miller loop over
 * 6u + 2 plus two Frobenius lines, then the final exponentiation to the power (p¹² − 1)/r.
 *
 * <p>The twist points move in homogeneous projective coordinates (x = X/Z, y = Y/Z) and each step
 * yields its line already evaluated at P, as l0 + l1·w + l3·w³ (Costello, Lange, Naehrig 2010;
 * Aranha et al., "Faster explicit formulas for computing pairings over ordinary curves", 2011). Lines are computed up to factors in F_p², which the final exponentiation sends to 1.
 */
public final class Pairing {
    /** 6u + 2 in non-adjacent form, least significant digit first: fewer additions than binary. */
    private static final byte[] LOOP_NAF = naf(BigInteger.valueOf(Bn254.U).multiply(BigInteger.valueOf(6)).add(BigInteger.TWO));

    private Pairing() {}

    /** True when the product of e(P_i, Q_i) is 1 (EIP-197's check); empty lists give true. */
    public static boolean isProductOne(List<G1Point> ps, List<G2Point> qs) {
        return finalExponentiation(millerLoop(ps, qs)).isOne();
    }

    /** e(P, Q) itself, for tests of bilinearity. */
    static Fp12 pair(G1Point p, G2Point q) {
        return finalExponentiation(millerLoop(List.of(p), List.of(q)));
    }

    /** The product of the Miller functions of all pairs, sharing the squarings of f. */
    static Fp12 millerLoop(List<G1Point> ps, List<G2Point> qs) {
        int n = 0;
        G1Point[] p = new G1Point[ps.size()];
        G2Point[] q = new G2Point[ps.size()];
        for (int i = 0; i < ps.size(); i++) {
            // A pair with infinity on either side contributes e = 1.
            if (!ps.get(i).isInfinity() && !qs.get(i).isInfinity()) {
                p[n] = ps.get(i);
                q[n] = qs.get(i);
                n++;
            }
        }
        Fp12 f = Fp12.ONE;
        if (n == 0) {
            return f;
        }
        TwistAccumulator[] t = new TwistAccumulator[n];
        G2Point[] negQ = new G2Point[n];
        for (int k = 0; k < n; k++) {
            t[k] = new TwistAccumulator(q[k]);
            negQ[k] = q[k].negate();
        }
        for (int i = LOOP_NAF.length - 2; i >= 0; i--) {
            f = f.square();
            for (int k = 0; k < n; k++) {
                f = t[k].doubleStep(f, p[k]);
            }
            if (LOOP_NAF[i] == 1) {
                for (int k = 0; k < n; k++) {
                    f = t[k].addStep(f, q[k], p[k]);
                }
            } else if (LOOP_NAF[i] == -1) {
                for (int k = 0; k < n; k++) {
                    f = t[k].addStep(f, negQ[k], p[k]);
                }
            }
        }
        // The optimal ate correction: lines through T = [6u+2]Q, π(Q) and then −π²(Q).
        for (int k = 0; k < n; k++) {
            f = t[k].addStep(f, q[k].frobenius(1), p[k]);
            f = t[k].addStep(f, q[k].frobenius(2).negate(), p[k]);
        }
        return f;
    }

    /**
     * f^((p¹² − 1)/r). The easy part (p⁶ − 1)(p² + 1) takes a conjugate, an inverse and a
     * Frobenius; the hard part (p⁴ − p² + 1)/r uses the addition chain in u of Scott et al., "On
     * the final exponentiation for calculating pairings on ordinary elliptic curves" (2009).
     * PairingTest checks the result against the plain exponent (p¹² − 1)/r.
     */
    static Fp12 finalExponentiation(Fp12 f) {
        Fp12 t = f.conjugate().mul(f.inverse());
        t = t.frobenius(2).mul(t);

        Fp12 fp = t.frobenius(1);
        Fp12 fp2 = t.frobenius(2);
        Fp12 fp3 = fp2.frobenius(1);
        Fp12 fu = t.cyclotomicPow(Bn254.U);
        Fp12 fu2 = fu.cyclotomicPow(Bn254.U);
        Fp12 fu3 = fu2.cyclotomicPow(Bn254.U);

        // In the cyclotomic subgroup reached after the easy part, conjugation is inversion.
        Fp12 y0 = fp.mul(fp2).mul(fp3);
        Fp12 y1 = t.conjugate();
        Fp12 y2 = fu2.frobenius(2);
        Fp12 y3 = fu.frobenius(1).conjugate();
        Fp12 y4 = fu.mul(fu2.frobenius(1)).conjugate();
        Fp12 y5 = fu2.conjugate();
        Fp12 y6 = fu3.mul(fu3.frobenius(1)).conjugate();

        Fp12 t0 = y6.square().mul(y4).mul(y5);
        Fp12 t1 = y3.mul(y5).mul(t0);
        t0 = t0.mul(y2);
        t1 = t1.square().mul(t0).square();
        t0 = t1.mul(y1);
        t1 = t1.mul(y0);
        return t0.square().mul(t1);
    }

    private static byte[] naf(BigInteger k) {
        byte[] digits = new byte[k.bitLength() + 1];
        int len = 0;
        while (k.signum() > 0) {
            int d = 0;
            if (k.testBit(0)) {
                d = 2 - k.mod(BigInteger.valueOf(4)).intValue(); // +1 or −1
                k = k.subtract(BigInteger.valueOf(d));
            }
            digits[len++] = (byte) d;
            k = k.shiftRight(1);
        }
        return java.util.Arrays.copyOf(digits, len);
    }

    /** The running point T of one pair's Miller loop, mutated in place by each step. */
    private static final class TwistAccumulator {
        /** 3b' for the doubling formula. */
        private static final Fp2 B3 = G2Point.B.dbl().add(G2Point.B);

        private Fp2 x;
        private Fp2 y;
        private Fp2 z;

        TwistAccumulator(G2Point q) {
            x = q.x;
            y = q.y;
            z = Fp2.ONE;
        }

        /**
         * T ← 2T and f ← f·l_{T,T}(P). The textbook formulas halve A and G; all three coordinates
         * are scaled by 4 here instead, which names the same projective point.
         */
        Fp12 doubleStep(Fp12 f, G1Point p) {
            Fp2 a = x.mul(y);
            Fp2 b = y.square();
            Fp2 c = z.square();
            Fp2 e = B3.mul(c);
            Fp2 ff = e.dbl().add(e);
            Fp2 h = y.add(z).square().sub(b).sub(c); // 2YZ
            Fp2 i = e.sub(b);
            Fp2 j = x.square();
            Fp2 ee = e.square();

            Fp2 l0 = h.mul(p.y).neg();
            Fp2 l1 = j.dbl().add(j).mul(p.x);

            x = a.mul(b.sub(ff)).dbl();
            y = b.add(ff).square().sub(ee.dbl().add(ee).dbl().dbl());
            z = b.mul(h).dbl().dbl();
            return f.mulByLine(l0, l1, i);
        }

        /** T ← T + Q and f ← f·l_{T,Q}(P), for Q affine. */
        Fp12 addStep(Fp12 f, G2Point q, G1Point p) {
            Fp2 theta = y.sub(q.y.mul(z));
            Fp2 lambda = x.sub(q.x.mul(z));
            Fp2 c = theta.square();
            Fp2 d = lambda.square();
            Fp2 e = lambda.mul(d);
            Fp2 ff = z.mul(c);
            Fp2 g = x.mul(d);
            Fp2 h = e.add(ff).sub(g.dbl());

            Fp2 l0 = lambda.mul(p.y);
            Fp2 l1 = theta.mul(p.x).neg();
            Fp2 l3 = theta.mul(q.x).sub(lambda.mul(q.y));

            x = lambda.mul(h);
            y = theta.mul(g.sub(h)).sub(y.mul(e));
            z = z.mul(e);
            return f.mulByLine(l0, l1, l3);
        }
    }
}
