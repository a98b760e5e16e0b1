package dev.multilane.evm.interpreter;

import java.util.Arrays;

/**
 * A call frame's byte-addressed memory. The caller charges expansion gas first (see
 * {@link Frame#expandMemory}); the methods here assume the range is already paid for. Every write
 * lands below {@link #size}, so {@link #reset} need clear only that much before the buffer is
 * lent to the next frame (see {@link Workspace}).
 */
public final class Memory {
    private static final int INITIAL_BYTES = 1024;
    /** A buffer grown past this is dropped on reset rather than kept by the thread for good. */
    private static final int MAX_KEPT_BYTES = 64 * 1024;

    private byte[] data = new byte[INITIAL_BYTES];
    private long words;

    /** Empties the memory for a new frame: all zeros, size zero. */
    void reset() {
        if (data.length > MAX_KEPT_BYTES) {
            data = new byte[INITIAL_BYTES];
        } else {
            Arrays.fill(data, 0, (int) (words * 32), (byte) 0);
        }
        words = 0;
    }

    /** Active size in 32-byte words. */
    public long words() {
        return words;
    }

    public long size() {
        return words * 32;
    }

    void ensureWords(long newWords) {
        if (newWords <= words) {
            return;
        }
        int bytes = (int) (newWords * 32);
        if (bytes > data.length) {
            data = Arrays.copyOf(data, Math.max(bytes, data.length * 2));
        }
        words = newWords;
    }

    public byte[] raw() {
        return data;
    }

    public byte[] slice(long offset, long length) {
        if (length == 0) {
            return new byte[0];
        }
        return Arrays.copyOfRange(data, (int) offset, (int) (offset + length));
    }

    /** Copies {@code length} bytes from {@code src} at {@code srcOffset}, zero-filling past its end. */
    public void copyIn(long offset, byte[] src, long srcOffset, long length) {
        if (length == 0) {
            return;
        }
        int dst = (int) offset;
        int len = (int) length;
        long available = src.length - srcOffset;
        int n = srcOffset >= src.length ? 0 : (int) Math.min(available, len);
        if (n > 0) {
            System.arraycopy(src, (int) srcOffset, data, dst, n);
        }
        if (n < len) {
            Arrays.fill(data, dst + n, dst + len, (byte) 0);
        }
    }

    public void copyWithin(long dst, long src, long length) {
        if (length > 0) {
            System.arraycopy(data, (int) src, data, (int) dst, (int) length);
        }
    }

    public void store8(long offset, byte value) {
        data[(int) offset] = value;
    }
}
