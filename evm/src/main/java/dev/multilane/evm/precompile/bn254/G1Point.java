package dev.multilane.evm.precompile.bn254;

import java.math.BigInteger;

/**
 * A point of G1 = E(F_p), E: y² = x³ + 3, in affine coordinates; immutable. The group has prime
 * order r (cofactor 1), so a point on the curve is in G1. EIP-196 encodes a point as x ‖ y
 * (32-byte big-endian each) and the point at infinity as (0, 0).
 */
public final class G1Point {
    static final Fp B = Fp.of(3);
    public static final G1Point INFINITY = new G1Point(Fp.ZERO, Fp.ZERO);
    /** The generator (1, 2) of EIP-196. */
    public static final G1Point GENERATOR = new G1Point(Fp.ONE, Fp.of(2));

    final Fp x;
    final Fp y;

    private G1Point(Fp x, Fp y) {
        this.x = x;
        this.y = y;
    }

    /**
     * Decodes 64 bytes at {@code offset}; null when a coordinate is not below p or the point is
     * not on the curve (EIP-196 makes both a failure of the call).
     */
    public static G1Point decode(byte[] in, int offset) {
        Fp x = Fp.fromBytes(in, offset);
        Fp y = Fp.fromBytes(in, offset + 32);
        if (x == null || y == null) {
            return null;
        }
        if (x.isZero() && y.isZero()) {
            return INFINITY;
        }
        return y.square().equals(x.square().mul(x).add(B)) ? new G1Point(x, y) : null;
    }

    public byte[] encode() {
        byte[] out = new byte[64];
        x.toBytes(out, 0);
        y.toBytes(out, 32);
        return out;
    }

    public boolean isInfinity() {
        return this == INFINITY || (x.isZero() && y.isZero());
    }

    public G1Point negate() {
        return isInfinity() ? this : new G1Point(x, y.neg());
    }

    /** Affine addition with one inversion, the cheapest form for a single sum (ECADD). */
    public G1Point add(G1Point o) {
        if (isInfinity()) {
            return o;
        }
        if (o.isInfinity()) {
            return this;
        }
        Fp lambda;
        if (x.equals(o.x)) {
            if (!y.equals(o.y)) {
                return INFINITY; // P + (−P)
            }
            // Tangent slope 3x²/2y; y ≠ 0 because G1 has no point of order 2.
            Fp xx = x.square();
            lambda = xx.dbl().add(xx).mul(y.dbl().inverse());
        } else {
            lambda = o.y.sub(y).mul(o.x.sub(x).inverse());
        }
        Fp x3 = lambda.square().sub(x).sub(o.x);
        Fp y3 = lambda.mul(x.sub(x3)).sub(y);
        return new G1Point(x3, y3);
    }

    /** k·P for any non-negative k (reduced mod r first, which changes nothing in a group of order r). */
    public G1Point mul(BigInteger k) {
        BigInteger e = k.mod(Bn254.ORDER);
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

    @Override
    public boolean equals(Object o) {
        return o instanceof G1Point p && x.equals(p.x) && y.equals(p.y);
    }

    @Override
    public int hashCode() {
        return x.hashCode() * 31 + y.hashCode();
    }

    @Override
    public String toString() {
        return isInfinity() ? "G1(∞)" : "G1(" + x + ", " + y + ")";
    }

    /** (X, Y, Z) with x = X/Z², y = Y/Z³; Z = 0 is infinity. Formulas from the EFD for a = 0. */
    private record Jacobian(Fp x, Fp y, Fp z) {
        static final Jacobian INFINITY = new Jacobian(Fp.ONE, Fp.ONE, Fp.ZERO);

        boolean isInfinity() {
            return z.isZero();
        }

        /** dbl-2009-l. */
        Jacobian dbl() {
            if (isInfinity()) {
                return this;
            }
            Fp a = x.square();
            Fp b = y.square();
            Fp c = b.square();
            Fp d = x.add(b).square().sub(a).sub(c).dbl();
            Fp e = a.dbl().add(a);
            Fp f = e.square();
            Fp x3 = f.sub(d.dbl());
            Fp y3 = e.mul(d.sub(x3)).sub(c.dbl().dbl().dbl());
            Fp z3 = y.mul(z).dbl();
            return new Jacobian(x3, y3, z3);
        }

        /** madd-2007-bl: this + q with q affine and not infinity. */
        Jacobian addAffine(G1Point q) {
            if (isInfinity()) {
                return new Jacobian(q.x, q.y, Fp.ONE);
            }
            Fp z1z1 = z.square();
            Fp u2 = q.x.mul(z1z1);
            Fp s2 = q.y.mul(z).mul(z1z1);
            Fp h = u2.sub(x);
            Fp r = s2.sub(y).dbl();
            if (h.isZero()) {
                return r.isZero() ? dbl() : INFINITY;
            }
            Fp hh = h.square();
            Fp i = hh.dbl().dbl();
            Fp j = h.mul(i);
            Fp v = x.mul(i);
            Fp x3 = r.square().sub(j).sub(v.dbl());
            Fp y3 = r.mul(v.sub(x3)).sub(y.mul(j).dbl());
            Fp z3 = z.add(h).square().sub(z1z1).sub(hh);
            return new Jacobian(x3, y3, z3);
        }

        G1Point toAffine() {
            if (isInfinity()) {
                return G1Point.INFINITY;
            }
            Fp zInv = z.inverse();
            Fp zInv2 = zInv.square();
            return new G1Point(x.mul(zInv2), y.mul(zInv2).mul(zInv));
        }
    }
}
