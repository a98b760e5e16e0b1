package dev.multilane.rpc.eth;

import dev.multilane.primitives.U256;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The reason in revert data, when it is Solidity's Error(string) or Panic(uint256) (geth's
 * abi.UnpackRevert); null for anything else. Feeds the "execution reverted: reason" message.
 */
final class RevertReason {
    private static final byte[] ERROR = {0x08, (byte) 0xc3, 0x79, (byte) 0xa0};
    private static final byte[] PANIC = {0x4e, 0x48, 0x7b, 0x71};

    private RevertReason() {}

    static String of(byte[] data) {
        if (data.length < 4) {
            return null;
        }
        byte[] selector = Arrays.copyOf(data, 4);
        if (Arrays.equals(selector, PANIC) && data.length == 36) {
            U256 code = U256.fromBytes(data, 4, 32);
            return panic(code);
        }
        if (Arrays.equals(selector, ERROR) && data.length >= 4 + 64) {
            BigInteger offset = U256.fromBytes(data, 4, 32).toBigInteger();
            if (offset.compareTo(BigInteger.valueOf(data.length)) > 0) {
                return null;
            }
            int start = 4 + offset.intValue();
            if (start + 32 > data.length) {
                return null;
            }
            BigInteger length = U256.fromBytes(data, start, 32).toBigInteger();
            if (length.compareTo(BigInteger.valueOf(data.length - start - 32)) > 0) {
                return null;
            }
            return new String(data, start + 32, length.intValue(), StandardCharsets.UTF_8);
        }
        return null;
    }

    /** Solidity's panic codes, worded as geth words them. */
    private static String panic(U256 code) {
        if (!code.fitsLong()) {
            return "unknown panic code: " + code.toHexString();
        }
        return switch ((int) code.u0()) {
            case 0x00 -> "generic panic";
            case 0x01 -> "assert(false)";
            case 0x11 -> "arithmetic underflow or overflow";
            case 0x12 -> "division or modulo by zero";
            case 0x21 -> "enum overflow";
            case 0x22 -> "invalid encoded storage byte array accessed";
            case 0x31 -> "out-of-bounds array access; popping on an empty array";
            case 0x32 -> "out-of-bounds access of an array or bytesN";
            case 0x41 -> "out of memory";
            case 0x51 -> "uninitialized function";
            default -> "unknown panic code: " + code.toHexString();
        };
    }
}
