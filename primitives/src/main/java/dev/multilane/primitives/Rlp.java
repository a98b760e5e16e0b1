package dev.multilane.primitives;

import java.io.ByteArrayOutputStream;
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
        byte[] header = header(0x80, value.length);
        byte[] out = new byte[header.length + value.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(value, 0, out, header.length, value.length);
        return out;
    }

    public static byte[] encodeLong(long unsigned) {
        return encodeBytes(Bytes.ofUnsignedLong(unsigned));
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
        byte[] header = header(0xc0, n);
        byte[] out = new byte[header.length + n];
        System.arraycopy(header, 0, out, 0, header.length);
        int pos = header.length;
        for (byte[] item : encodedItems) {
            System.arraycopy(item, 0, out, pos, item.length);
            pos += item.length;
        }
        return out;
    }

    public static byte[] encodeList(List<byte[]> encodedItems) {
        return encodeList(encodedItems.toArray(new byte[0][]));
    }

    private static byte[] header(int base, int length) {
        if (length < 56) {
            return new byte[] {(byte) (base + length)};
        }
        byte[] len = Bytes.ofUnsignedLong(length);
        ByteArrayOutputStream out = new ByteArrayOutputStream(1 + len.length);
        out.write(base + 55 + len.length);
        out.writeBytes(len);
        return out.toByteArray();
    }
}
