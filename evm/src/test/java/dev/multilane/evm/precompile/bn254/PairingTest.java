package dev.multilane.evm.precompile.bn254;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Group laws and bilinearity: properties any wrong line, tower or exponent would break. */
class PairingTest {
    private static final G1Point P = G1Point.GENERATOR;
    private static final G2Point Q = G2Point.GENERATOR;

    @Test
    void generatorsHaveOrderR() {
        assertTrue(P.mul(Bn254.ORDER).isInfinity());
        assertTrue(G2Point.decode(Q.encode(), 0) != null, "the G2 generator passes the subgroup check");
        assertEquals(P.add(P), P.mul(BigInteger.TWO));
        assertEquals(P.mul(BigInteger.valueOf(5)).add(P.mul(BigInteger.valueOf(7))), P.mul(BigInteger.valueOf(12)));
        assertEquals(Q.mul(BigInteger.valueOf(3)).negate(), Q.mul(Bn254.ORDER.subtract(BigInteger.valueOf(3))));
    }

    @Test
    void pairingIsBilinearAndNonDegenerate() {
        Fp12 e = Pairing.pair(P, Q);
        assertFalse(e.isOne(), "non-degenerate");
        assertTrue(e.pow(Bn254.ORDER).isOne(), "e(P, Q) has order r");
        BigInteger a = new BigInteger("123456789123456789123456789");
        BigInteger b = new BigInteger("987654321987654321");
        Fp12 eab = Pairing.pair(P.mul(a), Q.mul(b));
        assertEquals(e.pow(a.multiply(b)), eab);
        assertEquals(Pairing.pair(P.mul(a.multiply(b)), Q), eab);
        assertEquals(Pairing.pair(P, Q.mul(a.multiply(b))), eab);
    }

    @Test
    void productCheck() {
        assertTrue(Pairing.isProductOne(List.of(P, P.negate()), List.of(Q, Q)), "e(P,Q)·e(−P,Q) = 1");
        assertTrue(Pairing.isProductOne(List.of(P.mul(BigInteger.valueOf(6)), P.negate()),
                List.of(Q, Q.mul(BigInteger.valueOf(6)))), "e(6P,Q)·e(−P,6Q) = 1");
        assertFalse(Pairing.isProductOne(List.of(P, P), List.of(Q, Q)), "e(P,Q)² ≠ 1");
        assertFalse(Pairing.isProductOne(List.of(P), List.of(Q)));
        assertTrue(Pairing.isProductOne(List.of(), List.of()));
        assertTrue(Pairing.isProductOne(List.of(G1Point.INFINITY), List.of(Q)));
    }

    @Test
    void cyclotomicSquaringAgreesWithSquaringInTheSubgroup() {
        Fp12 f = Pairing.millerLoop(List.of(P.mul(BigInteger.valueOf(11))), List.of(Q.mul(BigInteger.valueOf(13))));
        Fp12 t = f.conjugate().mul(f.inverse());
        t = t.frobenius(2).mul(t); // now in the cyclotomic subgroup
        for (int i = 0; i < 5; i++) {
            assertEquals(t.square(), t.cyclotomicSquare());
            t = t.mul(t.frobenius(1));
        }
        assertEquals(t.pow(Bn254.U), t.cyclotomicPow(Bn254.U));
    }

    @Test
    void finalExponentiationEqualsTheTextbookExponent() {
        BigInteger p = Fp.MODULUS;
        BigInteger exponent = p.pow(12).subtract(BigInteger.ONE).divide(Bn254.ORDER);
        Fp12 f = Pairing.millerLoop(List.of(P.mul(BigInteger.valueOf(5))), List.of(Q));
        Fp12 chain = Pairing.finalExponentiation(f);
        assertEquals(f.pow(exponent), chain);
        assertTrue(chain.pow(Bn254.ORDER).isOne());
        assertFalse(chain.isOne());
    }

    @Test
    void frobeniusOfTheTwistIsMultiplicationByP() {
        // On G2, π acts as multiplication by p mod r: the identity the optimal ate loop relies on.
        assertEquals(Q.mul(Fp.MODULUS), Q.frobenius(1));
        assertEquals(Q.mul(Fp.MODULUS.pow(2)), Q.frobenius(2));
        assertNotEquals(Q, Q.frobenius(1));
    }
}
