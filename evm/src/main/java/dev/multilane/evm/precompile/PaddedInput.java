package dev.multilane.evm.precompile;

/**
 * Precompile input read as the EVM reads call data: bytes past the end are zero. Copies only
 * what is actually present, so a length word promising more than the input holds costs nothing.
 */
final class PaddedInput {
    private PaddedInput() {}

    /** {@code input} itself when it has at least {@code size} bytes, else a zero-padded copy. */
    static byte[] atLeast(byte[] input, int size) {
        if (input.length >= size) {
            return input;
        }
        byte[] out = new byte[size];
        System.arraycopy(input, 0, out, 0, input.length);
        return out;
    }

    /** {@code length} bytes from {@code offset}, zero where the input has ended. */
    static byte[] slice(byte[] input, long offset, int length) {
        byte[] out = new byte[length];
        if (offset < input.length) {
            int n = (int) Math.min(length, input.length - offset);
            System.arraycopy(input, (int) offset, out, 0, n);
        }
        return out;
    }

    /** The number of 32-byte words that {@code length} bytes occupy, rounded up. */
    static long words(int length) {
        return (length + 31L) / 32;
    }
}
