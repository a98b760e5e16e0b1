package dev.multilane.evm.precompile.bn254;

import java.math.BigInteger;

/**
 * F_p² = F_p[i]/(i² + 1), the field of the G2 coordinates: {@code a + b·i}. Immutable. EIP-197
 * encodes an element as the 32-byte imaginary part followed by the 32-byte real part.
 */
public final class Fp2 {
    public static final Fp2 ZERO = new Fp2(Fp.ZERO, Fp.ZERO);
    public static final Fp2 ONE = new Fp2(Fp.ONE, Fp.ZERO);
    /** ξ = 9 + i, the non-residue that builds F_p⁶ (v³ = ξ) and defines the sextic twist. */
    public static final Fp2 XI = new Fp2(Fp.of(9), Fp.ONE);

    /** Real part. */
    final Fp a;
    /** Imaginary part. */
    final Fp b;

    public Fp2(Fp a, Fp b) {
        this.a = a;
        this.b = b;
    }

    /** Reads imaginary ‖ real (64 bytes) at {@code offset}; null when a part is not below p. */
    public static Fp2 fromBytes(byte[] in, int offset) {
        Fp imaginary = Fp.fromBytes(in, offset);
        Fp real = Fp.fromBytes(in, offset + 32);
        return imaginary == null || real == null ? null : new Fp2(real, imaginary);
    }

    public void toBytes(byte[] out, int offset) {
        b.toBytes(out, offset);
        a.toBytes(out, offset + 32);
    }

    public Fp real() {
        return a;
    }

    public Fp imaginary() {
        return b;
    }

    public boolean isZero() {
        return a.isZero() && b.isZero();
    }

    public Fp2 add(Fp2 o) {
        return new Fp2(a.add(o.a), b.add(o.b));
    }

    public Fp2 sub(Fp2 o) {
        return new Fp2(a.sub(o.a), b.sub(o.b));
    }

    public Fp2 dbl() {
        return new Fp2(a.dbl(), b.dbl());
    }

    public Fp2 neg() {
        return new Fp2(a.neg(), b.neg());
    }

    /** The Frobenius map x ↦ x^p, which on F_p² is complex conjugation. */
    public Fp2 conjugate() {
        return new Fp2(a, b.neg());
    }

    /** Karatsuba: three base-field products instead of four. */
    public Fp2 mul(Fp2 o) {
        Fp v0 = a.mul(o.a);
        Fp v1 = b.mul(o.b);
        Fp cross = a.add(b).mul(o.a.add(o.b));
        return new Fp2(v0.sub(v1), cross.sub(v0).sub(v1));
    }

    public Fp2 mul(Fp s) {
        return new Fp2(a.mul(s), b.mul(s));
    }

    /** (a + bi)² = (a + b)(a − b) + 2ab·i. */
    public Fp2 square() {
        Fp ab = a.mul(b);
        return new Fp2(a.add(b).mul(a.sub(b)), ab.dbl());
    }

    /** Multiplies by ξ = 9 + i: (9a − b) + (a + 9b)i, with additions only. */
    public Fp2 mulByXi() {
        Fp a9 = a.dbl().dbl().dbl().add(a);
        Fp b9 = b.dbl().dbl().dbl().add(b);
        return new Fp2(a9.sub(b), a.add(b9));
    }

    /** 1/(a + bi) = (a − bi)/(a² + b²); only called on non-zero values. */
    public Fp2 inverse() {
        Fp norm = a.square().add(b.square());
        Fp t = norm.inverse();
        return new Fp2(a.mul(t), b.neg().mul(t));
    }

    public Fp2 pow(BigInteger e) {
        Fp2 result = ONE;
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
        return o instanceof Fp2 f && a.equals(f.a) && b.equals(f.b);
    }

    @Override
    public int hashCode() {
        return a.hashCode() * 31 + b.hashCode();
    }

    @Override
    public String toString() {
        return "(" + a + " + " + b + "·i)";
    }
}
