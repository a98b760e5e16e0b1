package dev.multilane.primitives;

import java.util.Arrays;

/** A 32-byte hash. Immutable: the array is never exposed for writing. */
public final class Hash implements Comparable<Hash> {
    public static final int SIZE = 32;
    public static final Hash ZERO = new Hash(new byte[SIZE]);

    private final byte[] bytes;
    private final int hashCode;

    private Hash(byte[] bytes) {
        this.bytes = bytes;
        this.hashCode = Arrays.hashCode(bytes);
    }

    /** Takes ownership of a 32-byte array; the caller must not change it afterwards. */
    public static Hash wrap(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("hash must be 32 bytes, got " + bytes.length);
        }
        return new Hash(bytes);
    }

    public static Hash fromHex(String hex) {
        return wrap(Hex.decode(hex));
    }

    /** A copy of the 32 bytes. */
    public byte[] toArray() {
        return bytes.clone();
    }

    /** The backing bytes, for reading only. */
    public byte[] bytes() {
        return bytes;
    }

    public U256 toU256() {
        return U256.fromBytes(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Hash other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public int compareTo(Hash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return Hex.encode(bytes);
    }
}
