package dev.multilane.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.multilane.evm.Fork;
import dev.multilane.evm.precompile.bn254.Bn254;
import dev.multilane.evm.precompile.bn254.Fp;
import dev.multilane.evm.precompile.bn254.G1Point;
import dev.multilane.evm.precompile.bn254.G2Point;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hex;
import java.math.BigInteger;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** ECADD, ECMUL and the pairing check: encodings, padding and every rejection EIP-196/197 define. */
class Bn254PrecompilesTest {
    private static final Bn254Add ADD = new Bn254Add();
    private static final Bn254Mul MUL = new Bn254Mul();
    private static final Bn254Pairing PAIRING = new Bn254Pairing();
    private static final byte[] G1 = G1Point.GENERATOR.encode();
    private static final byte[] G2 = G2Point.GENERATOR.encode();
    private static final byte[] ONE = Hex.decode("%064x".formatted(1));
    private static final byte[] ZERO = new byte[32];

    /** On the twist y² = x³ + 3/ξ with x = 2 + i, but outside the order-r subgroup (found offline). */
    private static final String G2_OUTSIDE_SUBGROUP =
            "0000000000000000000000000000000000000000000000000000000000000001"
                    + "0000000000000000000000000000000000000000000000000000000000000002"
                    + "2b76c179599bb92a963dac85546a005a777f7c13f6a7b75d5918b6b5808f5fde"
                    + "101f7278419308b95099eca02dcee0c5381f4d26d1d62313f057167f064101ce";

    private static byte[] scalar(BigInteger k) {
        return Hex.decode("%064x".formatted(k));
    }

    private static byte[] g1Times(long k) {
        return G1Point.GENERATOR.mul(BigInteger.valueOf(k)).encode();
    }

    @Test
    void addition() {
        assertEquals(150, ADD.gas(new byte[0], Fork.BERLIN));
        assertArrayEquals(g1Times(2), ADD.run(Bytes.concat(G1, G1), Fork.BERLIN));
        assertArrayEquals(g1Times(5), ADD.run(Bytes.concat(g1Times(2), g1Times(3)), Fork.BERLIN));
        assertArrayEquals(new byte[64], ADD.run(Bytes.concat(G1, G1Point.GENERATOR.negate().encode()), Fork.BERLIN));
        // Short input is zero-padded: G + ∞ = G; empty input is ∞ + ∞.
        assertArrayEquals(G1, ADD.run(G1, Fork.BERLIN));
        assertArrayEquals(new byte[64], ADD.run(new byte[0], Fork.BERLIN));
        // Longer input is truncated.
        assertArrayEquals(g1Times(2), ADD.run(Bytes.concat(G1, G1, G1), Fork.BERLIN));
    }

    @Test
    void additionRejectsInvalidPoints() {
        byte[] offCurve = Bytes.concat(ONE, Hex.decode("%064x".formatted(3)));
        assertNull(ADD.run(Bytes.concat(offCurve, G1), Fork.BERLIN), "(1, 3) is not on the curve");
        assertNull(ADD.run(Bytes.concat(G1, offCurve), Fork.BERLIN));
        // (1 + p, 2) reduces to the generator but is not a canonical encoding.
        byte[] xPlusP = Bytes.concat(scalar(Fp.MODULUS.add(BigInteger.ONE)), Arrays.copyOfRange(G1, 32, 64));
        assertNull(ADD.run(Bytes.concat(xPlusP, G1), Fork.BERLIN));
        // (0, p): y = p is out of range even though p ≡ 0.
        assertNull(ADD.run(Bytes.concat(ZERO, scalar(Fp.MODULUS)), Fork.BERLIN));
    }

    @Test
    void scalarMultiplication() {
        assertEquals(6000, MUL.gas(new byte[0], Fork.BERLIN));
        assertArrayEquals(g1Times(7), MUL.run(Bytes.concat(G1, scalar(BigInteger.valueOf(7))), Fork.BERLIN));
        assertArrayEquals(new byte[64], MUL.run(Bytes.concat(G1, scalar(Bn254.ORDER)), Fork.BERLIN), "r·G = ∞");
        assertArrayEquals(G1, MUL.run(Bytes.concat(G1, scalar(Bn254.ORDER.add(BigInteger.ONE))), Fork.BERLIN));
        assertArrayEquals(new byte[64], MUL.run(G1, Fork.BERLIN), "missing scalar reads as 0");
        assertArrayEquals(new byte[64], MUL.run(Bytes.concat(new byte[64], scalar(BigInteger.TEN)), Fork.BERLIN));
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        assertArrayEquals(G1Point.GENERATOR.mul(max.mod(Bn254.ORDER)).encode(),
                MUL.run(Bytes.concat(G1, scalar(max)), Fork.BERLIN));
        byte[] offCurve = Bytes.concat(ONE, ONE, scalar(BigInteger.TWO));
        assertNull(MUL.run(offCurve, Fork.BERLIN));
        assertNull(MUL.run(Bytes.concat(ZERO, ONE, ZERO), Fork.BERLIN), "(0, 1) with scalar 0 is still invalid");
    }

    @Test
    void pairingCheck() {
        byte[] negG1 = G1Point.GENERATOR.negate().encode();
        byte[] yes = PAIRING.run(Bytes.concat(G1, G2, negG1, G2), Fork.BERLIN);
        assertArrayEquals(ONE, yes, "e(P,Q)·e(−P,Q) = 1");
        assertArrayEquals(ZERO, PAIRING.run(Bytes.concat(G1, G2, G1, G2), Fork.BERLIN), "e(P,Q)² ≠ 1");
        assertArrayEquals(ZERO, PAIRING.run(Bytes.concat(G1, G2), Fork.BERLIN), "e(P,Q) ≠ 1");
        // e(2P, 3Q)·e(−6P, Q) = 1.
        byte[] q3 = G2Point.GENERATOR.mul(BigInteger.valueOf(3)).encode();
        byte[] p6neg = G1Point.GENERATOR.mul(BigInteger.valueOf(6)).negate().encode();
        assertArrayEquals(ONE, PAIRING.run(Bytes.concat(g1Times(2), q3, p6neg, G2), Fork.BERLIN));
        assertArrayEquals(ONE, PAIRING.run(new byte[0], Fork.BERLIN), "empty product is 1");
        assertArrayEquals(ONE, PAIRING.run(Bytes.concat(new byte[64], G2), Fork.BERLIN), "∞ pairs to 1");
        assertArrayEquals(ONE, PAIRING.run(Bytes.concat(G1, new byte[128]), Fork.BERLIN));
        assertEquals(45_000, PAIRING.gas(new byte[0], Fork.BERLIN));
        assertEquals(113_000, PAIRING.gas(new byte[384], Fork.BERLIN));
    }

    @Test
    void pairingRejectsBadInput() {
        assertNull(PAIRING.run(new byte[191], Fork.BERLIN), "not a multiple of 192");
        assertNull(PAIRING.run(Arrays.copyOf(Bytes.concat(G1, G2), 193), Fork.BERLIN));
        byte[] outside = Hex.decode(G2_OUTSIDE_SUBGROUP);
        assertNotNull(G2Point.GENERATOR, "sanity");
        assertNull(PAIRING.run(Bytes.concat(G1, outside), Fork.BERLIN), "G2 point outside the subgroup");
        assertNull(PAIRING.run(Bytes.concat(new byte[64], outside), Fork.BERLIN), "checked even against ∞");
        byte[] offTwist = G2.clone();
        offTwist[127] ^= 1;
        assertNull(PAIRING.run(Bytes.concat(G1, offTwist), Fork.BERLIN), "G2 point off the twist");
        byte[] bigCoordinate = G2.clone();
        System.arraycopy(scalar(Fp.MODULUS), 0, bigCoordinate, 0, 32);
        assertNull(PAIRING.run(Bytes.concat(G1, bigCoordinate), Fork.BERLIN), "G2 coordinate ≥ p");
        byte[] badG1 = Bytes.concat(ONE, ONE);
        assertNull(PAIRING.run(Bytes.concat(badG1, G2), Fork.BERLIN), "G1 point off the curve");
        // A valid first pair does not excuse an invalid second one.
        assertNull(PAIRING.run(Bytes.concat(G1, G2, G1, outside), Fork.BERLIN));
    }
}
