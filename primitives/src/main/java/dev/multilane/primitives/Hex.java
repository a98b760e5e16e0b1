package dev.multilane.primitives;

/** Hexadecimal encoding of byte arrays, with or without a {@code 0x} prefix. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    /** Lower-case hex with a {@code 0x} prefix. */
    public static String encode(byte[] bytes) {
        return "0x" + encodeBare(bytes, 0, bytes.length);
    }

    /** Lower-case hex without a prefix. */
    public static String encodeBare(byte[] bytes, int offset, int length) {
        char[] out = new char[length * 2];
        for (int i = 0; i < length; i++) {
            int b = bytes[offset + i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0xf];
        }
        return new String(out);
    }

    /**
     * Decodes hex with or without {@code 0x}; an odd number of digits is read as if a leading zero
     * were present.
     *
     * @throws IllegalArgumentException on a character that is not a hex digit
     */
    public static byte[] decode(String hex) {
        int start = hex.startsWith("0x") || hex.startsWith("0X") ? 2 : 0;
        int digits = hex.length() - start;
        byte[] out = new byte[(digits + 1) / 2];
        int pos = hex.length() - 1;
        for (int i = out.length - 1; i >= 0; i--) {
            int lo = digit(hex, pos--);
            int hi = pos >= start ? digit(hex, pos--) : 0;
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static int digit(String s, int index) {
        int d = Character.digit(s.charAt(index), 16);
        if (d < 0) {
            throw new IllegalArgumentException("not a hex digit at " + index + ": " + s);
        }
        return d;
    }
}
