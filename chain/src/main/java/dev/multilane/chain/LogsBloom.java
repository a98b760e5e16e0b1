package dev.multilane.chain;

import dev.multilane.evm.Log;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import java.util.Arrays;
import java.util.List;

/**
 * The 2048-bit logs bloom filter of a receipt or a block header (Yellow Paper §4.3.1, function
 * M3:2048). Each log adds its address and every topic; each of those sets three bits, chosen by the
 * low 11 bits of the first three big-endian byte pairs of its keccak hash. Bit {@code i} counts from
 * the least significant end of the 256-byte big-endian array.
 *
 * <p>A mutable accumulator for one thread: build it with {@link #add} and {@link #or}, then read it
 * with {@link #toBytes}.
 */
public final class LogsBloom {
    public static final int SIZE = 256;

    private final byte[] bits;

    public LogsBloom() {
        this.bits = new byte[SIZE];
    }

    private LogsBloom(byte[] bits) {
        this.bits = bits;
    }

    /** The bloom of the given logs. */
    public static LogsBloom of(List<Log> logs) {
        LogsBloom bloom = new LogsBloom();
        for (Log log : logs) {
            bloom.add(log);
        }
        return bloom;
    }

    /** A bloom from its 256-byte form, as a header or receipt carries it. */
    public static LogsBloom fromBytes(byte[] bytes) {
        if (bytes.length != SIZE) {
            throw new IllegalArgumentException("bloom must be 256 bytes, got " + bytes.length);
        }
        return new LogsBloom(bytes.clone());
    }

    /** Adds a log's address and topics; the data is not part of the bloom. */
    public LogsBloom add(Log log) {
        addValue(log.address().bytes());
        for (Hash topic : log.topics()) {
            addValue(topic.bytes());
        }
        return this;
    }

    /** Sets the three bits of one value (an address or a topic). */
    public LogsBloom addValue(byte[] value) {
        long positions = RecentValues.CACHE.get().positions(value);
        for (int i = 0; i < 3; i++) {
            int bit = (int) (positions >>> (11 * i)) & 2047;
            bits[SIZE - 1 - bit / 8] |= (byte) (1 << (bit % 8));
        }
        return this;
    }

    /** The three bit positions of {@code value}, 11 bits each, packed low to high. */
    static long bitPositions(byte[] value) {
        byte[] h = Keccak.hash(value);
        long positions = 0;
        for (int i = 0; i < 3; i++) {
            long bit = (((h[2 * i] & 0xff) << 8) | (h[2 * i + 1] & 0xff)) & 2047;
            positions |= bit << (11 * i);
        }
        return positions;
    }

    /**
     * A small per-thread, direct-mapped cache of bit positions by value. A block's logs repeat the
     * same few contract addresses and event signatures (every ERC-20 Transfer has the token's
     * address and the same topic 0), and hashing each again was about half of building a receipt.
     * Per thread, so no locking; a miss only costs the hash it would have cost anyway.
     */
    private static final class RecentValues {
        static final ThreadLocal<RecentValues> CACHE = ThreadLocal.withInitial(RecentValues::new);
        private static final int SLOTS = 256;

        private final byte[][] values = new byte[SLOTS][];
        private final long[] positions = new long[SLOTS];

        long positions(byte[] value) {
            int slot = Arrays.hashCode(value) & (SLOTS - 1);
            byte[] cached = values[slot];
            if (cached != null && Arrays.equals(cached, value)) {
                return positions[slot];
            }
            long p = bitPositions(value);
            values[slot] = value.clone(); // the caller may reuse its array
            positions[slot] = p;
            return p;
        }
    }

    /** Adds every bit of {@code other} to this bloom, as a block's bloom joins its receipts'. */
    public LogsBloom or(LogsBloom other) {
        for (int i = 0; i < SIZE; i++) {
            bits[i] |= other.bits[i];
        }
        return this;
    }

    /** True when all three bits of {@code value} are set: maybe present, or surely absent if false. */
    public boolean mightContain(byte[] value) {
        LogsBloom probe = new LogsBloom().addValue(value);
        for (int i = 0; i < SIZE; i++) {
            if ((bits[i] & probe.bits[i]) != probe.bits[i]) {
                return false;
            }
        }
        return true;
    }

    /** The 256 bytes themselves, for encoders in this package that only read them. */
    byte[] bits() {
        return bits;
    }

    /** A copy of the 256 bytes. */
    public byte[] toBytes() {
        return bits.clone();
    }

    public LogsBloom copy() {
        return new LogsBloom(bits.clone());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogsBloom other && Arrays.equals(bits, other.bits);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return Hex.encode(bits);
    }
}
