package dev.multilane.rpc;

import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import java.math.BigInteger;

/**
 * The JSON-RPC hex encodings (geth's hexutil): a quantity is {@code 0x} and the number in hex
 * without leading zeros ({@code 0x0} for zero); data is {@code 0x} and an even number of digits.
 * Decoders throw {@link IllegalArgumentException} with geth's messages, which clients and the
 * conformance tests see verbatim.
 */
public final class RpcHex {
    private RpcHex() {}

    public static String quantity(long unsigned) {
        return "0x" + Long.toHexString(unsigned);
    }

    public static String quantity(U256 v) {
        return v.toHexString();
    }

    public static String quantity(BigInteger v) {
        return "0x" + v.toString(16);
    }

    public static String data(byte[] bytes) {
        return Hex.encode(bytes);
    }

    /** A quantity of at most 64 bits, unsigned. */
    public static long decodeQuantity(String s) {
        BigInteger v = decodeBig(s, 64);
        return v.longValue();
    }

    /** A quantity of at most 256 bits. */
    public static U256 decodeU256(String s) {
        return U256.fromBigInteger(decodeBig(s, 256));
    }

    private static BigInteger decodeBig(String s, int maxBits) {
        String digits = digitsOf(s);
        if (digits.isEmpty()) {
            throw new IllegalArgumentException("hex string \"0x\"");
        }
        if (digits.length() > 1 && digits.charAt(0) == '0') {
            throw new IllegalArgumentException("hex number with leading zero digits");
        }
        checkDigits(digits);
        if (digits.length() > maxBits / 4) {
            throw new IllegalArgumentException("hex number > " + maxBits + " bits");
        }
        return new BigInteger(digits, 16);
    }

    /** Data: an even number of hex digits after {@code 0x}. */
    public static byte[] decodeData(String s) {
        String digits = digitsOf(s);
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("hex string of odd length");
        }
        checkDigits(digits);
        return Hex.decode(digits);
    }

    /** Data of exactly {@code size} bytes, as geth decodes a fixed-size type such as common.Hash. */
    public static byte[] decodeFixed(String s, int size, String goType) {
        if (!s.startsWith("0x") && !s.startsWith("0X")) {
            throw new IllegalArgumentException("json: cannot unmarshal hex string without 0x prefix into Go value of type "
                    + goType);
        }
        String digits = s.substring(2);
        if (digits.length() != size * 2) {
            throw new IllegalArgumentException("hex string has length " + digits.length() + ", want " + size * 2
                    + " for " + goType);
        }
        checkDigits(digits);
        return Hex.decode(digits);
    }

    private static String digitsOf(String s) {
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty hex string");
        }
        if (!s.startsWith("0x") && !s.startsWith("0X")) {
            throw new IllegalArgumentException("hex string without 0x prefix");
        }
        return s.substring(2);
    }

    private static void checkDigits(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            if (Character.digit(digits.charAt(i), 16) < 0) {
                throw new IllegalArgumentException("invalid hex string");
            }
        }
    }
}
