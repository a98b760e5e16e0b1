package dev.multilane.primitives;

import java.util.Arrays;

/** A 20-byte account address. Immutable. */
public final class Address implements Comparable<Address> {
    public static final int SIZE = 20;
    public static final Address ZERO = new Address(new byte[SIZE]);

    private final byte[] bytes;
    private final int hashCode;

    private Address(byte[] bytes) {
        this.bytes = bytes;
        this.hashCode = Arrays.hashCode(bytes);
    }

    /** Takes ownership of a 20-byte array; the caller must not change it afterwards. */
    public static Address wrap(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("address must be 20 bytes, got " + bytes.length);
        }
        return new Address(bytes);
    }

    public static Address fromHex(String hex) {
        return wrap(Hex.decode(hex));
    }

    /** The low 160 bits of a word, as the EVM turns a stack item into an address. */
    public static Address fromWord(long u0, long u1, long u2) {
        byte[] b = new byte[SIZE];
        Bytes.putInt(b, 0, (int) u2);
        Bytes.putLong(b, 4, u1);
        Bytes.putLong(b, 12, u0);
        return new Address(b);
    }

    /** The address with the given small number, for precompiles: 0x00..01 to 0x00..0a. */
    public static Address ofNumber(int n) {
        byte[] b = new byte[SIZE];
        Bytes.putInt(b, 16, n);
        return new Address(b);
    }

    /** The rightmost 20 bytes of a 32-byte value (the account address of a public key hash). */
    public static Address fromHashTail(byte[] hash32) {
        return new Address(Arrays.copyOfRange(hash32, 12, 32));
    }

    public byte[] toArray() {
        return bytes.clone();
    }

    /** The backing bytes, for reading only. */
    public byte[] bytes() {
        return bytes;
    }

    /** Little-endian limbs of the address as a 256-bit word: [u0, u1, u2]. */
    public long u0() {
        return Bytes.getLong(bytes, 12);
    }

    public long u1() {
        return Bytes.getLong(bytes, 4);
    }

    public long u2() {
        return Bytes.getInt(bytes, 0) & 0xffffffffL;
    }

    public U256 toU256() {
        return new U256(u0(), u1(), u2(), 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Address other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return hashCode;
    }

    @Override
    public int compareTo(Address o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public String toString() {
        return Hex.encode(bytes);
    }
}
