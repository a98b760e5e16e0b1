package dev.multilane.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hex;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** EIP-198 semantics and EIP-2565 gas, including lengths far beyond anything payable. */
class ModExpTest {
    private static final ModExp MODEXP = new ModExp();

    private static String word(BigInteger v) {
        return "%064x".formatted(v);
    }

    private static String word(long v) {
        return word(BigInteger.valueOf(v));
    }

    private static byte[] header(BigInteger baseLen, BigInteger expLen, BigInteger modLen, String rest) {
        return Hex.decode(word(baseLen) + word(expLen) + word(modLen) + rest);
    }

    private static byte[] header(long baseLen, long expLen, long modLen, String rest) {
        return header(BigInteger.valueOf(baseLen), BigInteger.valueOf(expLen), BigInteger.valueOf(modLen), rest);
    }

    private static final BigInteger MAX_WORD = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    @Test
    void computesAndLeftPadsToTheModulusLength() {
        // 2^3 mod 0x0100, modulus given in two bytes: output 0x0008.
        byte[] in = header(1, 1, 2, "02" + "03" + "0100");
        assertArrayEquals(Hex.decode("0008"), MODEXP.run(in, Fork.BERLIN));
        assertEquals(200, MODEXP.gas(in, Fork.BERLIN));
    }

    @Test
    void modulusZeroGivesZeroBytes() {
        byte[] in = header(1, 1, 3, "05" + "02" + "000000");
        assertArrayEquals(new byte[3], MODEXP.run(in, Fork.BERLIN));
        // Declared but absent modulus bytes read as zero too.
        assertArrayEquals(new byte[4], MODEXP.run(header(1, 1, 4, "0502"), Fork.BERLIN));
    }

    @Test
    void zeroToTheZeroIsOneUnlessModulusIsOne() {
        assertArrayEquals(Hex.decode("01"), MODEXP.run(header(1, 1, 1, "00" + "00" + "07"), Fork.BERLIN));
        assertArrayEquals(Hex.decode("00"), MODEXP.run(header(1, 1, 1, "00" + "00" + "01"), Fork.BERLIN));
        assertArrayEquals(Hex.decode("01"), MODEXP.run(header(0, 0, 1, "07"), Fork.BERLIN));
    }

    @Test
    void emptyModulusLengthMeansEmptyOutputWithoutReadingAnything() {
        // base and modulus empty: complexity 0, so only the 200 minimum, even for a 2^256 − 1 exponent length.
        byte[] hugeExp = header(BigInteger.ZERO, MAX_WORD, BigInteger.ZERO, "");
        assertEquals(200, MODEXP.gas(hugeExp, Fork.BERLIN));
        assertArrayEquals(Bytes.EMPTY, MODEXP.run(hugeExp, Fork.BERLIN));
        assertArrayEquals(Bytes.EMPTY, MODEXP.run(new byte[0], Fork.BERLIN));
        assertEquals(200, MODEXP.gas(new byte[0], Fork.BERLIN));
    }

    @Test
    void hugeLengthsSaturateGas() {
        assertEquals(Long.MAX_VALUE, MODEXP.gas(header(MAX_WORD, BigInteger.ONE, BigInteger.ONE, ""), Fork.BERLIN));
        assertEquals(Long.MAX_VALUE, MODEXP.gas(header(BigInteger.ONE, BigInteger.ONE, MAX_WORD, ""), Fork.BERLIN));
        assertEquals(Long.MAX_VALUE, MODEXP.gas(header(BigInteger.ONE, MAX_WORD, BigInteger.ONE, ""), Fork.BERLIN));
        assertEquals(Long.MAX_VALUE, MODEXP.gas(header(MAX_WORD, MAX_WORD, MAX_WORD, ""), Fork.BERLIN));
        // Were run() reached anyway, it fails instead of allocating.
        assertNull(MODEXP.run(header(BigInteger.ONE, BigInteger.ONE, MAX_WORD, ""), Fork.BERLIN));
    }

    @Test
    void gasAtTheSixtyFourBitBoundaryIsExact() {
        // modLen 2^23 bytes: complexity (2^20)² = 2^40. Each exponent byte past 32 adds 8 iterations.
        long modLen = 1L << 23;
        long expLen = 32 + 3_145_728; // 8·3 145 728 = 3·2^23 iterations: exactly 2^63 gas
        assertEquals(Long.MAX_VALUE, MODEXP.gas(header(0, expLen, modLen, ""), Fork.BERLIN));
        long below = BigInteger.ONE.shiftLeft(40).multiply(BigInteger.valueOf(8 * (expLen - 1 - 32)))
                .divide(BigInteger.valueOf(3)).longValueExact();
        assertEquals(below, MODEXP.gas(header(0, expLen - 1, modLen, ""), Fork.BERLIN));
    }

    @Test
    void exponentHeadRules() {
        // exp_len 33, exponent 0x01 ‖ 32 zero bytes: head = first 32 bytes, bit length 249,
        // iterations 8·(33 − 32) + 248 = 256; mod_len 64 → 8 words → 64; 64·256/3 = 5461.
        String exp = "01" + "00".repeat(32);
        byte[] in = header(1, 33, 64, "02" + exp + "00".repeat(63) + "07");
        assertEquals(5461, MODEXP.gas(in, Fork.BERLIN));
        // exp_len 32, exponent 1: bit length − 1 = 0, raised to the minimum of one iteration.
        byte[] small = header(1, 32, 64, "02" + "00".repeat(31) + "01" + "00".repeat(63) + "07");
        assertEquals(200, MODEXP.gas(small, Fork.BERLIN));
        // mod_len 256 → 32 words → 1024 complexity; exponent 0xff.. (32 bytes): 255 iterations.
        byte[] big = header(1, 32, 256, "02" + "ff".repeat(32));
        assertEquals(1024L * 255 / 3, MODEXP.gas(big, Fork.BERLIN));
        // A base so long that the exponent lies past the input: the head reads as zero.
        byte[] farExp = header(1 << 20, 40, 1, "");
        long words = (1 << 20) / 8;
        assertEquals(words * words * 64 / 3, MODEXP.gas(farExp, Fork.BERLIN));
    }

    @Test
    void eip198Example() {
        // 3^(p−1) mod p = 1 for the secp256k1 field prime p (EIP-198's first example).
        String p = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";
        String pMinus1 = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e";
        byte[] in = header(1, 32, 32, "03" + pMinus1 + p);
        assertArrayEquals(Hex.decode(word(1)), MODEXP.run(in, Fork.BERLIN));
        assertEquals(1360, MODEXP.gas(in, Fork.BERLIN));
    }
}
