package dev.multilane.primitives;

import java.util.Arrays;

/**
 * A strict decoder of canonical RLP (yellow paper, appendix B), reading items one after another
 * from a range of a byte array. Ethereum accepts exactly one encoding of each value, so anything
 * else is rejected with an {@link RlpException}: a single byte below 0x80 wrapped in a string
 * header, a long-form length below 56 or with leading zero bytes, a length running past the end
 * of the enclosing item, and integers with leading zero bytes.
 *
 * <p>Typical use: {@code RlpReader tx = RlpReader.ofSingleList(bytes); long nonce =
 * tx.readLong(); ...; tx.expectEnd();}. A reader is not thread-safe; the data is never copied or
 * changed.
 */
public final class RlpReader {
    private final byte[] data;
    private final int end;
    private int pos;

    // The header of the item at pos, filled in by parseHeader().
    private boolean isList;
    private int payloadStart;
    private int payloadLength;

    public RlpReader(byte[] data) {
        this(data, 0, data.length);
    }

    /** A reader over the items in {@code data[offset..offset+length)}. */
    public RlpReader(byte[] data, int offset, int length) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException(
                    "range " + offset + "+" + length + " outside " + data.length + " bytes");
        }
        this.data = data;
        this.pos = offset;
        this.end = offset + length;
    }

    /**
     * A reader over the payload of {@code data}, which must be exactly one list with nothing
     * after it: the shape of an encoded transaction, header, block or receipt.
     */
    public static RlpReader ofSingleList(byte[] data) {
        RlpReader outer = new RlpReader(data);
        RlpReader list = outer.enterList();
        outer.expectEnd();
        return list;
    }

    /** True while items remain in this reader's range. */
    public boolean hasNext() {
        return pos < end;
    }

    /** The offset in the underlying array of the next item. */
    public int position() {
        return pos;
    }

    /** Whether the next item is a list (otherwise it is a byte string). */
    public boolean isList() {
        parseHeader();
        return isList;
    }

    /** Reads the next item, which must be a list, and returns a reader over its items. */
    public RlpReader enterList() {
        int at = pos;
        parseHeader();
        if (!isList) {
            throw new RlpException("expected a list, found a string", at);
        }
        RlpReader items = new RlpReader(data, payloadStart, payloadLength);
        pos = payloadStart + payloadLength;
        return items;
    }

    /** Reads the next item, which must be a byte string, and returns a copy of its bytes. */
    public byte[] readBytes() {
        readString();
        return Arrays.copyOfRange(data, payloadStart, payloadStart + payloadLength);
    }

    /** Reads an unsigned integer of at most 8 bytes, minimal (zero is the empty string). */
    public long readLong() {
        readInteger(8);
        long v = 0;
        for (int i = 0; i < payloadLength; i++) {
            v = (v << 8) | (data[payloadStart + i] & 0xffL);
        }
        return v;
    }

    /** Reads an unsigned integer of at most 32 bytes, minimal (zero is the empty string). */
    public U256 readU256() {
        readInteger(32);
        return U256.fromBytes(data, payloadStart, payloadLength);
    }

    /** Reads a byte string of exactly 20 bytes. */
    public Address readAddress() {
        return Address.wrap(readFixed(Address.SIZE, "address"));
    }

    /**
     * Reads a 20-byte address or an empty string, returning null for the latter: the {@code to}
     * field of a transaction, empty for contract creation.
     */
    public Address readOptionalAddress() {
        int at = pos;
        readString();
        if (payloadLength == 0) {
            return null;
        }
        if (payloadLength != Address.SIZE) {
            throw new RlpException("expected a 20-byte address or empty string, found "
                    + payloadLength + " bytes", at);
        }
        return Address.wrap(Arrays.copyOfRange(data, payloadStart, payloadStart + payloadLength));
    }

    /** Reads a byte string of exactly 32 bytes. */
    public Hash readHash() {
        return Hash.wrap(readFixed(Hash.SIZE, "hash"));
    }

    /** Reads the next item, string or list, and returns its whole encoding (header included). */
    public byte[] readRaw() {
        int at = pos;
        parseHeader();
        pos = payloadStart + payloadLength;
        return Arrays.copyOfRange(data, at, pos);
    }

    /** Steps over the next item, checking its header. */
    public void skip() {
        parseHeader();
        pos = payloadStart + payloadLength;
    }

    /** Fails unless every item in this reader's range has been read. */
    public void expectEnd() {
        if (pos != end) {
            throw new RlpException((end - pos) + " unexpected trailing bytes", pos);
        }
    }

    // ---------------------------------------------------------------- decoding

    private void readString() {
        int at = pos;
        parseHeader();
        if (isList) {
            throw new RlpException("expected a string, found a list", at);
        }
        pos = payloadStart + payloadLength;
    }

    /** Reads a string holding a minimal big-endian integer of at most maxBytes bytes. */
    private void readInteger(int maxBytes) {
        int at = pos;
        readString();
        if (payloadLength > maxBytes) {
            throw new RlpException("integer of " + payloadLength + " bytes, at most " + maxBytes
                    + " allowed", at);
        }
        if (payloadLength > 0 && data[payloadStart] == 0) {
            throw new RlpException("integer with a leading zero byte", at);
        }
    }

    private byte[] readFixed(int size, String what) {
        int at = pos;
        readString();
        if (payloadLength != size) {
            throw new RlpException("expected a " + size + "-byte " + what + ", found "
                    + payloadLength + " bytes", at);
        }
        return Arrays.copyOfRange(data, payloadStart, payloadStart + payloadLength);
    }

    /** Parses the header at pos into isList, payloadStart and payloadLength; pos is unchanged. */
    private void parseHeader() {
        if (pos >= end) {
            throw new RlpException("expected an item, found the end of input", pos);
        }
        int prefix = data[pos] & 0xff;
        if (prefix < 0x80) { // a single byte is its own encoding
            isList = false;
            payloadStart = pos;
            payloadLength = 1;
        } else if (prefix <= 0xb7) {
            isList = false;
            payloadStart = pos + 1;
            payloadLength = prefix - 0x80;
            checkFits();
            if (payloadLength == 1 && (data[payloadStart] & 0xff) < 0x80) {
                throw new RlpException("single byte below 0x80 must be encoded as itself", pos);
            }
        } else if (prefix <= 0xbf) {
            isList = false;
            readLongLength(prefix - 0xb7);
        } else if (prefix <= 0xf7) {
            isList = true;
            payloadStart = pos + 1;
            payloadLength = prefix - 0xc0;
            checkFits();
        } else {
            isList = true;
            readLongLength(prefix - 0xf7);
        }
    }

    /** A length of lengthBytes big-endian bytes after the prefix; canonical only if >= 56. */
    private void readLongLength(int lengthBytes) {
        if (lengthBytes > end - pos - 1) {
            throw new RlpException("input ends inside a " + lengthBytes + "-byte length", pos);
        }
        if (data[pos + 1] == 0) {
            throw new RlpException("length with a leading zero byte", pos);
        }
        long length = 0;
        for (int i = 0; i < lengthBytes; i++) {
            length = (length << 8) | (data[pos + 1 + i] & 0xffL);
            if (length > Integer.MAX_VALUE) {
                throw new RlpException("length overflows an int", pos);
            }
        }
        if (length < 56) {
            throw new RlpException("length " + length + " below 56 must use the short form", pos);
        }
        payloadStart = pos + 1 + lengthBytes;
        payloadLength = (int) length;
        checkFits();
    }

    private void checkFits() {
        if ((long) payloadStart + payloadLength > end) {
            throw new RlpException("item of " + payloadLength + " bytes runs past the end of its"
                    + " enclosing range by " + ((long) payloadStart + payloadLength - end), pos);
        }
    }
}
