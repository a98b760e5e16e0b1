package dev.multilane.primitives;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Big-endian reads and writes of fixed-width integers in byte arrays, and small helpers. */
public final class Bytes {
    public static final byte[] EMPTY = new byte[0];

    private static final VarHandle LONG_BE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private Bytes() {}

    public static long getLong(byte[] b, int offset) {
        return (long) LONG_BE.get(b, offset);
    }

    public static void putLong(byte[] b, int offset, long v) {
        LONG_BE.set(b, offset, v);
    }

    public static int getInt(byte[] b, int offset) {
        return (int) INT_BE.get(b, offset);
    }

    public static void putInt(byte[] b, int offset, int v) {
        INT_BE.set(b, offset, v);
    }

    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int pos = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, pos, p.length);
            pos += p.length;
        }
        return out;
    }

    /** The bytes without leading zeros (the empty array for zero). */
    public static byte[] trimLeadingZeros(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] == 0) {
            i++;
        }
        return i == 0 ? b : java.util.Arrays.copyOfRange(b, i, b.length);
    }

    /** Minimal big-endian bytes of an unsigned long (empty for zero), as RLP encodes integers. */
    public static byte[] ofUnsignedLong(long v) {
        int len = (64 - Long.numberOfLeadingZeros(v) + 7) / 8;
        byte[] out = new byte[len];
        for (int i = len - 1; i >= 0; i--) {
            out[i] = (byte) v;
            v >>>= 8;
        }
        return out;
    }

    /** Left-pads {@code b} with zeros to {@code size} bytes; longer input is returned unchanged. */
    public static byte[] leftPad(byte[] b, int size) {
        if (b.length >= size) {
            return b;
        }
        byte[] out = new byte[size];
        System.arraycopy(b, 0, out, size - b.length, b.length);
        return out;
    }
}
