package dev.multilane.primitives;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** U256's arithmetic against BigInteger; the kernels underneath are covered by WordsTest. */
class U256ArithmeticTest {
    private static final long SEED = Long.getLong("multilane.seed", 0x5eed_2025_0002L);
    private static final int CASES = 2000;

    @Test
    void binaryOperations() {
        Random rnd = new Random(SEED);
        for (int i = 0; i < CASES; i++) {
            BigInteger a = WordReference.word(rnd);
            BigInteger b = WordReference.related(rnd, a);
            BigInteger n = WordReference.word(rnd);
            U256 x = U256.fromBigInteger(a);
            U256 y = U256.fromBigInteger(b);
            U256 z = U256.fromBigInteger(n);
            String what = "seed=" + SEED + " a=" + WordReference.hex(a) + " b=" + WordReference.hex(b);
            same(WordReference.add(a, b), x.add(y), "add " + what);
            same(WordReference.sub(a, b), x.sub(y), "sub " + what);
            same(WordReference.mul(a, b), x.mul(y), "mul " + what);
            same(WordReference.div(a, b), x.div(y), "div " + what);
            same(WordReference.mod(a, b), x.mod(y), "mod " + what);
            same(WordReference.sdiv(a, b), x.sdiv(y), "sdiv " + what);
            same(WordReference.smod(a, b), x.smod(y), "smod " + what);
            same(WordReference.exp(a, b), x.exp(y), "exp " + what);
            same(WordReference.addMod(a, b, n), x.addMod(y, z), "addMod " + what);
            same(WordReference.mulMod(a, b, n), x.mulMod(y, z), "mulMod " + what);
            same(a.and(b), x.and(y), "and " + what);
            same(a.or(b), x.or(y), "or " + what);
            same(a.xor(b), x.xor(y), "xor " + what);
            same(WordReference.not(a), x.not(), "not " + what);
            same(WordReference.wrap(a.negate()), x.negate(), "negate " + what);
            assertEquals(a.testBit(255), x.isNegative(), "isNegative " + what);
            int shift = rnd.nextInt(300);
            same(WordReference.shl(BigInteger.valueOf(shift), a), x.shl(shift), "shl " + shift + " " + what);
            same(WordReference.shr(BigInteger.valueOf(shift), a), x.shr(shift), "shr " + shift + " " + what);
            same(a.min(b), U256.min(x, y), "min " + what);
            same(a.max(b), U256.max(x, y), "max " + what);
        }
    }

    @Test
    void namedValues() {
        U256 minSigned = U256.ONE.shl(255);
        U256 minusOne = U256.MAX;
        assertEquals(minSigned, minSigned.sdiv(minusOne), "-2^255 / -1 wraps to -2^255");
        assertEquals(U256.ZERO, U256.of(7).div(U256.ZERO));
        assertEquals(U256.ZERO, U256.of(7).mod(U256.ZERO));
        assertEquals(U256.ZERO, U256.of(7).addMod(U256.ONE, U256.ZERO));
        assertEquals(U256.ONE, U256.ZERO.exp(U256.ZERO), "0^0 = 1 in the EVM");
        assertEquals(U256.ZERO, U256.MAX.add(U256.ONE));
        assertEquals(U256.MAX, U256.ZERO.sub(U256.ONE));
        // (2^256 - 1 + 2) mod (2^256 - 1) is 2; a sum wrapped at 2^256 would give 1.
        assertEquals(U256.of(2), U256.MAX.addMod(U256.of(2), U256.MAX), "sum is not wrapped");
        assertEquals(U256.ZERO, U256.MAX.mulMod(U256.MAX, U256.MAX));
        assertEquals(U256.ZERO, U256.ONE.shl(256));
        assertEquals(U256.ZERO.sub(U256.of(2)), U256.of(5).negate().smod(U256.of(3)), "-5 smod 3 = -2");
        assertTrue(U256.MAX.isNegative());
        assertFalse(U256.MAX.shr(1).isNegative());
        assertThrows(IllegalArgumentException.class, () -> U256.ONE.shl(-1));
    }

    private static void same(BigInteger expected, U256 actual, String what) {
        assertEquals(WordReference.hex(expected), actual.toHexString(), what);
    }
}
