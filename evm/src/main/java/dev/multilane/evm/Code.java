package dev.multilane.evm;

import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;

/**
 * Bytecode with its valid JUMPDEST positions. The analysis runs once per code object and is
 * cached by whoever holds the object (the journal keeps one per account).
 */
public final class Code {
    public static final Code EMPTY = new Code(new byte[0], Keccak.EMPTY);

    private final byte[] bytes;
    private final Hash hash;
    private long[] jumpDests; // bit i set when position i is a JUMPDEST outside push data

    public Code(byte[] bytes, Hash hash) {
        this.bytes = bytes;
        this.hash = hash;
    }

    public static Code of(byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Code(bytes, Keccak.of(bytes));
    }

    public byte[] bytes() {
        return bytes;
    }

    public int size() {
        return bytes.length;
    }

    public Hash hash() {
        return hash;
    }

    public boolean isJumpDest(long pos) {
        if (pos < 0 || pos >= bytes.length) {
            return false;
        }
        long[] map = jumpDests;
        if (map == null) {
            map = analyse();
        }
        int p = (int) pos;
        return (map[p >>> 6] & (1L << p)) != 0;
    }

    private long[] analyse() {
        long[] map = new long[(bytes.length + 63) >>> 6];
        for (int i = 0; i < bytes.length; i++) {
            int op = bytes[i] & 0xff;
            if (op == Opcodes.JUMPDEST) {
                map[i >>> 6] |= 1L << i;
            } else if (op >= Opcodes.PUSH1 && op <= Opcodes.PUSH32) {
                i += op - Opcodes.PUSH1 + 1;
            }
        }
        // Racing threads may both analyse; the results are identical, so a plain write is fine.
        jumpDests = map;
        return map;
    }
}
