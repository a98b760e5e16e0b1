package dev.multilane.evm.precompile.bn254;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Montgomery field against BigInteger arithmetic mod p, on random and boundary values. */
class FpTest {
    private static final BigInteger P = Fp.MODULUS;

    private static List<BigInteger> samples() {
        Random rnd = new Random(196);
        List<BigInteger> out = new ArrayList<>(List.of(
                BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, P.subtract(BigInteger.ONE), P.subtract(BigInteger.TWO),
                BigInteger.ONE.shiftLeft(64), BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE),
                BigInteger.ONE.shiftLeft(253), P.shiftRight(1)));
        for (int i = 0; i < 300; i++) {
            out.add(new BigInteger(254, rnd).mod(P));
        }
        return out;
    }

    @Test
    void modulusIsTheBnPolynomialInU() {
        BigInteger u = BigInteger.valueOf(Bn254.U);
        BigInteger p = u.pow(4).multiply(BigInteger.valueOf(36)).add(u.pow(3).multiply(BigInteger.valueOf(36)))
                .add(u.pow(2).multiply(BigInteger.valueOf(24))).add(u.multiply(BigInteger.valueOf(6))).add(BigInteger.ONE);
        BigInteger r = u.pow(4).multiply(BigInteger.valueOf(36)).add(u.pow(3).multiply(BigInteger.valueOf(36)))
                .add(u.pow(2).multiply(BigInteger.valueOf(18))).add(u.multiply(BigInteger.valueOf(6))).add(BigInteger.ONE);
        assertEquals(p, P);
        assertEquals(r, Bn254.ORDER);
    }

    @Test
    void arithmeticMatchesBigInteger() {
        List<BigInteger> s = samples();
        for (int i = 0; i < s.size(); i++) {
            BigInteger a = s.get(i);
            BigInteger b = s.get((i * 7 + 3) % s.size());
            Fp fa = Fp.of(a);
            Fp fb = Fp.of(b);
            assertEquals(a, fa.toBigInteger(), "round trip");
            assertEquals(a.add(b).mod(P), fa.add(fb).toBigInteger(), "add " + a + " " + b);
            assertEquals(a.subtract(b).mod(P), fa.sub(fb).toBigInteger(), "sub " + a + " " + b);
            assertEquals(a.multiply(b).mod(P), fa.mul(fb).toBigInteger(), "mul " + a + " " + b);
            assertEquals(a.multiply(a).mod(P), fa.square().toBigInteger(), "square " + a);
            assertEquals(a.negate().mod(P), fa.neg().toBigInteger(), "neg " + a);
            if (a.signum() != 0) {
                assertEquals(a.modInverse(P), fa.inverse().toBigInteger(), "inverse " + a);
            }
        }
    }

    @Test
    void manyRandomProducts() {
        Random rnd = new Random(254);
        for (int i = 0; i < 20_000; i++) {
            BigInteger a = new BigInteger(256, rnd).mod(P);
            BigInteger b = rnd.nextInt(8) == 0 ? P.subtract(BigInteger.valueOf(rnd.nextInt(1000) + 1)) : new BigInteger(256, rnd).mod(P);
            assertEquals(a.multiply(b).mod(P), Fp.of(a).mul(Fp.of(b)).toBigInteger(), "mul " + a + " " + b);
        }
    }

    @Test
    void bytesAreCanonical() {
        byte[] b = new byte[32];
        assertNotNull(Fp.fromBytes(b, 0));
        byte[] pBytes = toBytes32(P);
        assertNull(Fp.fromBytes(pBytes, 0), "p itself is not a field element encoding");
        assertEquals(P.subtract(BigInteger.ONE), Fp.fromBytes(toBytes32(P.subtract(BigInteger.ONE)), 0).toBigInteger());
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xff);
        assertNull(Fp.fromBytes(ones, 0));
        byte[] out = new byte[32];
        Fp.of(BigInteger.valueOf(0x1234)).toBytes(out, 0);
        assertEquals(BigInteger.valueOf(0x1234), new BigInteger(1, out));
    }

    @Test
    void inverseOfZeroIsAProgrammingError() {
        assertThrows(ArithmeticException.class, Fp.ZERO::inverse);
    }

    static byte[] toBytes32(BigInteger v) {
        byte[] raw = v.toByteArray();
        byte[] out = new byte[32];
        int n = Math.min(32, raw.length);
        System.arraycopy(raw, raw.length - n, out, 32 - n, n);
        return out;
    }
}
