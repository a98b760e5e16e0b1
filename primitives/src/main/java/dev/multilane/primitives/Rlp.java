package dev.multilane.primitives;

import java.util.List;

/**
 * RLP encoding (Ethereum Yellow Paper, appendix B). Items are encoded to byte arrays and lists
 * are built from already-encoded items. Decoding lives in {@link RlpReader}.
 */
public final class Rlp {
    public static final byte[] EMPTY_STRING = {(byte) 0x80};
    public static final byte[] EMPTY_LIST = {(byte) 0xc0};

    private Rlp() {}

    public static byte[] encodeBytes(byte[] value) {
        if (value.length == 1 && (value[0] & 0xff) < 0x80) {
            return value.clone();
        }
        byte[] out = new byte[headerLength(value.length) + value.length];
        int pos = writeHeader(out, 0, 0x80, value.length);
        System.arraycopy(value, 0, out, pos, value.length);
        return out;
    }

    /**
     * The list of {@code values}, each encoded as a byte string: what {@code encodeList} of their
     * {@code encodeBytes} gives, written once into one array (a trie leaf, a receipt's bloom).
     */
    public static byte[] encodeBytesList(byte[]... values) {
        int n = 0;
        for (byte[] value : values) {
            n += encodedBytesLength(value);
        }
        byte[] out = new byte[headerLength(n) + n];
        int pos = writeHeader(out, 0, 0xc0, n);
        for (byte[] value : values) {
            pos = writeBytes(out, pos, value);
        }
        return out;
    }

    /** The length of {@code encodeBytes(value)}. */
    public static int encodedBytesLength(byte[] value) {
        if (value.length == 1 && (value[0] & 0xff) < 0x80) {
            return 1;
        }
        return headerLength(value.length) + value.length;
    }

    /** Writes {@code encodeBytes(value)} at {@code pos} and returns the position after it. */
    public static int writeBytes(byte[] out, int pos, byte[] value) {
        if (value.length == 1 && (value[0] & 0xff) < 0x80) {
            out[pos] = value[0];
            return pos + 1;
        }
        pos = writeHeader(out, pos, 0x80, value.length);
        System.arraycopy(value, 0, out, pos, value.length);
        return pos + value.length;
    }

    /** The length of the header of a string or list whose payload is {@code length} bytes. */
    public static int headerLength(int length) {
        return length < 56 ? 1 : 1 + unsignedLength(length);
    }

    /**
     * Writes the header of a string ({@code base} 0x80) or list (0xc0) whose payload is {@code
     * length} bytes at {@code pos}, and returns the position after it.
     */
    public static int writeHeader(byte[] out, int pos, int base, int length) {
        if (length < 56) {
            out[pos] = (byte) (base + length);
            return pos + 1;
        }
        int lengthBytes = unsignedLength(length);
        out[pos++] = (byte) (base + 55 + lengthBytes);
        for (int shift = 8 * (lengthBytes - 1); shift >= 0; shift -= 8) {
            out[pos++] = (byte) (length >>> shift);
        }
        return pos;
    }

    public static byte[] encodeLong(long unsigned) {
        if (unsigned == 0) {
            return new byte[] {(byte) 0x80};
        }
        if (unsigned > 0 && unsigned < 0x80) {
            return new byte[] {(byte) unsigned};
        }
        int length = unsignedLength(unsigned);
        byte[] out = new byte[1 + length];
        out[0] = (byte) (0x80 + length);
        for (int i = length; i >= 1; i--) {
            out[i] = (byte) unsigned;
            unsigned >>>= 8;
        }
        return out;
    }

    /** Bytes in the minimal big-endian form of an unsigned long (0 for zero). */
    private static int unsignedLength(long v) {
        return (64 - Long.numberOfLeadingZeros(v) + 7) / 8;
    }

    public static byte[] encodeU256(U256 value) {
        return encodeBytes(value.toMinimalBytes());
    }

    /** A list of items that are each already RLP-encoded. */
    public static byte[] encodeList(byte[]... encodedItems) {
        int n = 0;
        for (byte[] item : encodedItems) {
            n += item.length;
        }
        byte[] out = new byte[headerLength(n) + n];
        int pos = writeHeader(out, 0, 0xc0, n);
        for (byte[] item : encodedItems) {
            System.arraycopy(item, 0, out, pos, item.length);
            pos += item.length;
        }
        return out;
    }

    public static byte[] encodeList(List<byte[]> encodedItems) {
        return encodeList(encodedItems.toArray(new byte[0][]));
    }
}
