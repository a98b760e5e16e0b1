package dev.multilane.evm.precompile.bn254;

import java.math.BigInteger;

/** Parameters of the BN254 (alt_bn128) curve of EIP-196/197, a Barreto–Naehrig curve. */
public final class Bn254 {
    /** The BN parameter u: p and r are the polynomials in u of the BN family. */
    static final long U = 4965661367192848881L;

    /** r = 36u⁴ + 36u³ + 18u² + 6u + 1, the prime order of G1, G2 and the target group. */
    public static final BigInteger ORDER =
            new BigInteger("21888242871839275222246405745257275088548364400416034343698204186575808495617");

    private Bn254() {}
}
