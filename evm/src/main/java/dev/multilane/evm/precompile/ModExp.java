package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.Bytes;
import java.math.BigInteger;

/**
 * 0x05: base^exp mod m over arbitrary-length big-endian integers (EIP-198), priced by EIP-2565.
 * Input: three 32-byte length words (base, exponent, modulus), then the three numbers back to
 * back; missing bytes are zero. The lengths are attacker-chosen 256-bit values, so gas is computed
 * exactly in BigInteger and saturates at Long.MAX_VALUE, and nothing is read before the caller has
 * charged that gas.
 */
final class ModExp implements Precompile {
    static final long MIN_GAS = 200;
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger THIRTY_TWO = BigInteger.valueOf(32);
    private static final BigInteger EIGHT = BigInteger.valueOf(8);
    private static final BigInteger THREE = BigInteger.valueOf(3);

    @Override
    public long gas(byte[] input, Fork fork) {
        BigInteger baseLen = lengthWord(input, 0);
        BigInteger expLen = lengthWord(input, 32);
        BigInteger modLen = lengthWord(input, 64);

        // EIP-2565: words² of the longer of base and modulus.
        BigInteger words = baseLen.max(modLen).add(BigInteger.valueOf(7)).shiftRight(3);
        BigInteger complexity = words.multiply(words);

        // The iteration count is the exponent's bit length − 1, counting only its first 32 bytes
        // exactly and 8 per byte beyond them, and at least 1.
        BigInteger head = exponentHead(input, baseLen, expLen);
        long headBits = Math.max(head.bitLength() - 1, 0);
        BigInteger iterations = expLen.compareTo(THIRTY_TWO) <= 0
                ? BigInteger.valueOf(headBits)
                : expLen.subtract(THIRTY_TWO).multiply(EIGHT).add(BigInteger.valueOf(headBits));
        iterations = iterations.max(BigInteger.ONE);

        BigInteger gas = complexity.multiply(iterations).divide(THREE);
        return gas.compareTo(LONG_MAX) >= 0 ? Long.MAX_VALUE : Math.max(MIN_GAS, gas.longValue());
    }

    @Override
    public byte[] run(byte[] input, Fork fork) {
        BigInteger baseLenWord = lengthWord(input, 0);
        BigInteger expLenWord = lengthWord(input, 32);
        BigInteger modLenWord = lengthWord(input, 64);
        if (modLenWord.signum() == 0) {
            // The output is modLen bytes, so there is nothing to compute (EIP-198).
            return Bytes.EMPTY;
        }
        if (!fitsArray(baseLenWord) || !fitsArray(expLenWord) || !fitsArray(modLenWord)) {
            // Unreachable when gas was charged first: such lengths cost more than any gas limit.
            return null;
        }
        int baseLen = baseLenWord.intValueExact();
        int expLen = expLenWord.intValueExact();
        int modLen = modLenWord.intValueExact();
        long at = 96;
        BigInteger base = new BigInteger(1, PaddedInput.slice(input, at, baseLen));
        at += baseLen;
        BigInteger exp = new BigInteger(1, PaddedInput.slice(input, at, expLen));
        at += expLen;
        BigInteger mod = new BigInteger(1, PaddedInput.slice(input, at, modLen));

        byte[] out = new byte[modLen];
        if (mod.signum() == 0) {
            return out; // x mod 0 is defined as 0 by EIP-198
        }
        byte[] result = base.modPow(exp, mod).toByteArray();
        // toByteArray may carry one leading sign byte; the value itself fits in modLen bytes.
        int n = Math.min(result.length, modLen);
        System.arraycopy(result, result.length - n, out, modLen - n, n);
        return out;
    }

    /** The first min(expLen, 32) bytes of the exponent as an integer (EIP-2565's "head"). */
    private static BigInteger exponentHead(byte[] input, BigInteger baseLen, BigInteger expLen) {
        BigInteger start = BigInteger.valueOf(96).add(baseLen);
        if (start.compareTo(BigInteger.valueOf(input.length)) >= 0 || expLen.signum() == 0) {
            return BigInteger.ZERO;
        }
        int headLen = expLen.min(THIRTY_TWO).intValue();
        return new BigInteger(1, PaddedInput.slice(input, start.longValue(), headLen));
    }

    private static BigInteger lengthWord(byte[] input, int offset) {
        return new BigInteger(1, PaddedInput.slice(input, offset, 32));
    }

    private static boolean fitsArray(BigInteger length) {
        return length.compareTo(BigInteger.valueOf(Integer.MAX_VALUE - 8)) <= 0;
    }
}
