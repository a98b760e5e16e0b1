package dev.multilane.evm.precompile.bn254;

import java.math.BigInteger;

/**
 * A point of G2, the order-r subgroup of the sextic twist E'(F_p²): y² = x³ + 3/ξ, in affine
 * coordinates; immutable. Unlike G1, the twist has a large cofactor, so EIP-197 requires a
 * subgroup check on every input point. The encoding is x ‖ y, 64 bytes each (imaginary part
 * first), and the point at infinity is all zeros.
 */
public final class G2Point {
    /** b' = 3/ξ: the D-type twist, untwisted by (x, y) ↦ (x·w², y·w³). */
    static final Fp2 B = new Fp2(Fp.of(3), Fp.ZERO).mul(Fp2.XI.inverse());
    public static final G2Point INFINITY = new G2Point(Fp2.ZERO, Fp2.ZERO);
    /** The generator of EIP-197. */
    public static final G2Point GENERATOR = new G2Point(
            new Fp2(
                    Fp.of(new BigInteger("10857046999023057135944570762232829481370756359578518086990519993285655852781")),
                    Fp.of(new BigInteger("11559732032986387107991004021392285783925812861821192530917403151452391805634"))),
            new Fp2(
                    Fp.of(new BigInteger("8495653923123431417604973247489272438418190587263600148770280649306958101930")),
                    Fp.of(new BigInteger("4082367875863433681332203403145435568316851327593401208105741076214120093531"))));

    private static final BigInteger U = BigInteger.valueOf(Bn254.U);

    final Fp2 x;
    final Fp2 y;

    private G2Point(Fp2 x, Fp2 y) {
        this.x = x;
        this.y = y;
    }

    /** A point from coordinates already known to be on the twist; tests use it for non-members. */
    static G2Point unchecked(Fp2 x, Fp2 y) {
        return new G2Point(x, y);
    }

    /**
     * Decodes 128 bytes at {@code offset}; null when a coordinate is not below p, the point is not
     * on the twist, or it is not in the order-r subgroup.
     */
    public static G2Point decode(byte[] in, int offset) {
        Fp2 x = Fp2.fromBytes(in, offset);
        Fp2 y = Fp2.fromBytes(in, offset + 64);
        if (x == null || y == null) {
            return null;
        }
        if (x.isZero() && y.isZero()) {
            return INFINITY;
        }
        if (!y.square().equals(x.square().mul(x).add(B))) {
            return null;
        }
        G2Point p = new G2Point(x, y);
        return p.isInSubgroup() ? p : null;
    }

    /**
     * Membership in G2 with one 63-bit multiplication instead of one by r: Q ∈ G2 iff
     * [u+1]Q + ψ([u]Q) + ψ²([u]Q) = ψ³([2u]Q), for ψ the untwist-Frobenius-twist endomorphism
     * (Dai, Lin, Zhao, Zhou, "Fast subgroup membership testings for G1, G2 and GT on
     * pairing-friendly curves", ePrint 2022/348; it holds for BN254 because u ≢ 4 mod 13 and
     * u ≢ 92 mod 97). Cross-checked against [r]Q = ∞ in G2PointTest. Q must be on the twist.
     */
    boolean isInSubgroup() {
        if (isInfinity()) {
            return true;
        }
        G2Point uq = mulUnreduced(U);
        if (uq.isInfinity()) {
            return false; // points of G2 other than ∞ have order r, which does not divide u
        }
        G2Point lhs = Jacobian.of(uq).plus(this).plus(uq.frobenius(1)).plus(uq.frobenius(2)).toAffine();
        G2Point rhs = Jacobian.of(uq).dbl().toAffine().frobenius(3);
        return lhs.equals(rhs);
    }

    /** The definition, [r]Q = ∞: the reference the fast test is checked against. */
    boolean timesOrderIsInfinity() {
        return mulUnreduced(Bn254.ORDER).isInfinity();
    }

    public byte[] encode() {
        byte[] out = new byte[128];
        x.toBytes(out, 0);
        y.toBytes(out, 64);
        return out;
    }

    public boolean isInfinity() {
        return x.isZero() && y.isZero();
    }

    public G2Point negate() {
        return isInfinity() ? this : new G2Point(x, y.neg());
    }

    /** k·Q for a point of G2 (k reduced mod r). */
    public G2Point mul(BigInteger k) {
        return mulUnreduced(k.mod(Bn254.ORDER));
    }

    private G2Point mulUnreduced(BigInteger e) {
        if (isInfinity() || e.signum() == 0) {
            return INFINITY;
        }
        Jacobian acc = Jacobian.INFINITY;
        for (int i = e.bitLength() - 1; i >= 0; i--) {
            acc = acc.dbl();
            if (e.testBit(i)) {
                acc = acc.addAffine(this);
            }
        }
        return acc.toAffine();
    }

    /**
     * The twisted image of the p^j-power Frobenius: untwist, raise the coordinates to p^j, twist
     * back. Multiplies x by ξ^((p^j−1)/3) and y by ξ^((p^j−1)/2) after conjugating for odd j.
     */
    G2Point frobenius(int j) {
        boolean odd = (j & 1) == 1;
        Fp2 fx = odd ? x.conjugate() : x;
        Fp2 fy = odd ? y.conjugate() : y;
        return new G2Point(fx.mul(Fp12.frobeniusCoefficient(j, 2)), fy.mul(Fp12.frobeniusCoefficient(j, 3)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof G2Point p && x.equals(p.x) && y.equals(p.y);
    }

    @Override
    public int hashCode() {
        return x.hashCode() * 31 + y.hashCode();
    }

    @Override
    public String toString() {
        return isInfinity() ? "G2(∞)" : "G2(" + x + ", " + y + ")";
    }

    /** (X, Y, Z) with x = X/Z², y = Y/Z³ over F_p²; Z = 0 is infinity. Same EFD formulas as G1. */
    private record Jacobian(Fp2 x, Fp2 y, Fp2 z) {
        static final Jacobian INFINITY = new Jacobian(Fp2.ONE, Fp2.ONE, Fp2.ZERO);

        static Jacobian of(G2Point p) {
            return p.isInfinity() ? INFINITY : new Jacobian(p.x, p.y, Fp2.ONE);
        }

        /** this + q for any affine q, infinity included. */
        Jacobian plus(G2Point q) {
            return q.isInfinity() ? this : addAffine(q);
        }

        boolean isInfinity() {
            return z.isZero();
        }

        /** dbl-2009-l. */
        Jacobian dbl() {
            if (isInfinity()) {
                return this;
            }
            Fp2 a = x.square();
            Fp2 b = y.square();
            Fp2 c = b.square();
            Fp2 d = x.add(b).square().sub(a).sub(c).dbl();
            Fp2 e = a.dbl().add(a);
            Fp2 f = e.square();
            Fp2 x3 = f.sub(d.dbl());
            Fp2 y3 = e.mul(d.sub(x3)).sub(c.dbl().dbl().dbl());
            Fp2 z3 = y.mul(z).dbl();
            return new Jacobian(x3, y3, z3);
        }

        /** madd-2007-bl: this + q with q affine and not infinity. */
        Jacobian addAffine(G2Point q) {
            if (isInfinity()) {
                return new Jacobian(q.x, q.y, Fp2.ONE);
            }
            Fp2 z1z1 = z.square();
            Fp2 u2 = q.x.mul(z1z1);
            Fp2 s2 = q.y.mul(z).mul(z1z1);
            Fp2 h = u2.sub(x);
            Fp2 r = s2.sub(y).dbl();
            if (h.isZero()) {
                return r.isZero() ? dbl() : INFINITY;
            }
            Fp2 hh = h.square();
            Fp2 i = hh.dbl().dbl();
            Fp2 j = h.mul(i);
            Fp2 v = x.mul(i);
            Fp2 x3 = r.square().sub(j).sub(v.dbl());
            Fp2 y3 = r.mul(v.sub(x3)).sub(y.mul(j).dbl());
            Fp2 z3 = z.add(h).square().sub(z1z1).sub(hh);
            return new Jacobian(x3, y3, z3);
        }

        G2Point toAffine() {
            if (isInfinity()) {
                return G2Point.INFINITY;
            }
            Fp2 zInv = z.inverse();
            Fp2 zInv2 = zInv.square();
            return new G2Point(x.mul(zInv2), y.mul(zInv2).mul(zInv));
        }
    }
}
