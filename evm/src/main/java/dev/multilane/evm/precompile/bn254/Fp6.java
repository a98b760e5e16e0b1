package dev.multilane.evm.precompile.bn254;

/**
 * F_p⁶ = F_p²[v]/(v³ − ξ): {@code c0 + c1·v + c2·v²}. Immutable. The middle layer of the tower
 * F_p² ⊂ F_p⁶ ⊂ F_p¹², chosen because every layer then has a cheap non-residue multiply.
 */
final class Fp6 {
    static final Fp6 ZERO = new Fp6(Fp2.ZERO, Fp2.ZERO, Fp2.ZERO);
    static final Fp6 ONE = new Fp6(Fp2.ONE, Fp2.ZERO, Fp2.ZERO);

    final Fp2 c0;
    final Fp2 c1;
    final Fp2 c2;

    Fp6(Fp2 c0, Fp2 c1, Fp2 c2) {
        this.c0 = c0;
        this.c1 = c1;
        this.c2 = c2;
    }

    boolean isZero() {
        return c0.isZero() && c1.isZero() && c2.isZero();
    }

    Fp6 add(Fp6 o) {
        return new Fp6(c0.add(o.c0), c1.add(o.c1), c2.add(o.c2));
    }

    Fp6 sub(Fp6 o) {
        return new Fp6(c0.sub(o.c0), c1.sub(o.c1), c2.sub(o.c2));
    }

    Fp6 neg() {
        return new Fp6(c0.neg(), c1.neg(), c2.neg());
    }

    /** Multiplies by v: (c0 + c1v + c2v²)·v = ξc2 + c0v + c1v². */
    Fp6 mulByV() {
        return new Fp6(c2.mulByXi(), c0, c1);
    }

    Fp6 mul(Fp2 s) {
        return new Fp6(c0.mul(s), c1.mul(s), c2.mul(s));
    }

    /**
     * Karatsuba-style product with six F_p² multiplications (Devegili, Ó hÉigeartaigh, Scott,
     * Dahab, "Multiplication and Squaring on Pairing-Friendly Fields", 2006).
     */
    Fp6 mul(Fp6 o) {
        Fp2 v0 = c0.mul(o.c0);
        Fp2 v1 = c1.mul(o.c1);
        Fp2 v2 = c2.mul(o.c2);
        Fp2 r0 = c1.add(c2).mul(o.c1.add(o.c2)).sub(v1).sub(v2).mulByXi().add(v0);
        Fp2 r1 = c0.add(c1).mul(o.c0.add(o.c1)).sub(v0).sub(v1).add(v2.mulByXi());
        Fp2 r2 = c0.add(c2).mul(o.c0.add(o.c2)).sub(v0).sub(v2).add(v1);
        return new Fp6(r0, r1, r2);
    }

    /** The product with a sparse {@code b0 + b1·v}, the shape the Miller loop's lines produce. */
    Fp6 mulBy01(Fp2 b0, Fp2 b1) {
        Fp2 v0 = c0.mul(b0);
        Fp2 v1 = c1.mul(b1);
        Fp2 r0 = c2.mul(b1).mulByXi().add(v0);
        Fp2 r1 = c0.add(c1).mul(b0.add(b1)).sub(v0).sub(v1);
        Fp2 r2 = c2.mul(b0).add(v1);
        return new Fp6(r0, r1, r2);
    }

    Fp6 square() {
        return mul(this);
    }

    /**
     * The inverse through the adjugate: with t0 = c0² − ξc1c2, t1 = ξc2² − c0c1, t2 = c1² − c0c2,
     * a·(t0 + t1v + t2v²) = c0t0 + ξ(c2t1 + c1t2), an element of F_p².
     */
    Fp6 inverse() {
        Fp2 t0 = c0.square().sub(c1.mul(c2).mulByXi());
        Fp2 t1 = c2.square().mulByXi().sub(c0.mul(c1));
        Fp2 t2 = c1.square().sub(c0.mul(c2));
        Fp2 norm = c0.mul(t0).add(c2.mul(t1).add(c1.mul(t2)).mulByXi());
        Fp2 inv = norm.inverse();
        return new Fp6(t0.mul(inv), t1.mul(inv), t2.mul(inv));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fp6 f && c0.equals(f.c0) && c1.equals(f.c1) && c2.equals(f.c2);
    }

    @Override
    public int hashCode() {
        return (c0.hashCode() * 31 + c1.hashCode()) * 31 + c2.hashCode();
    }
}
