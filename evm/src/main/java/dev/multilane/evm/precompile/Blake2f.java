package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.Bytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * 0x09: the BLAKE2b compression function F with a caller-chosen round count (EIP-152, RFC 7693
 * §3.2). Input, exactly 213 bytes: rounds (4 bytes, big-endian) ‖ h (8 little-endian 64-bit words)
 * ‖ m (16 words) ‖ t (2 words) ‖ f (1 byte, 0 or 1). Gas is one per round.
 */
final class Blake2f implements Precompile {
    static final int INPUT_LENGTH = 213;

    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The BLAKE2b initialisation vector (the SHA-512 IV). */
    private static final long[] IV = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L,
    };

    /** The message schedule; round i uses row i mod 10. */
    private static final byte[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
        {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
        {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
        {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
        {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    };

    @Override
    public long gas(byte[] input, Fork fork) {
        // A malformed input fails in run; what it is charged first does not matter, since a
        // failed call consumes all the gas given to it.
        return input.length == INPUT_LENGTH ? Bytes.getInt(input, 0) & 0xffffffffL : 0;
    }

    @Override
    public byte[] run(byte[] input, Fork fork) {
        if (input.length != INPUT_LENGTH || (input[212] & 0xff) > 1) {
            return null;
        }
        long rounds = Bytes.getInt(input, 0) & 0xffffffffL;
        long[] h = new long[8];
        for (int i = 0; i < 8; i++) {
            h[i] = (long) LONG_LE.get(input, 4 + 8 * i);
        }
        long[] m = new long[16];
        for (int i = 0; i < 16; i++) {
            m[i] = (long) LONG_LE.get(input, 68 + 8 * i);
        }
        long t0 = (long) LONG_LE.get(input, 196);
        long t1 = (long) LONG_LE.get(input, 204);
        compress(h, m, t0, t1, input[212] == 1, rounds);
        byte[] out = new byte[64];
        for (int i = 0; i < 8; i++) {
            LONG_LE.set(out, 8 * i, h[i]);
        }
        return out;
    }

    /**
     * RFC 7693 §3.2 function F, with the round count as a parameter. The working vector lives in
     * locals and the message schedule is laid out once for the ten SIGMA permutations: a call may
     * ask for 2^32-1 rounds (EIP-152 prices one gas per round), so the loop body is the cost.
     */
    static void compress(long[] h, long[] m, long t0, long t1, boolean lastBlock, long rounds) {
        long[] ms = new long[10 * 16];
        for (int r = 0; r < 10; r++) {
            for (int i = 0; i < 16; i++) {
                ms[16 * r + i] = m[SIGMA[r][i]];
            }
        }
        long v0 = h[0], v1 = h[1], v2 = h[2], v3 = h[3], v4 = h[4], v5 = h[5], v6 = h[6], v7 = h[7];
        long v8 = IV[0], v9 = IV[1], v10 = IV[2], v11 = IV[3];
        long v12 = IV[4] ^ t0, v13 = IV[5] ^ t1, v14 = lastBlock ? ~IV[6] : IV[6], v15 = IV[7];
        int k = 0;
        for (long r = 0; r < rounds; r++) {
            v0 += v4 + ms[k + 0];
            v12 = Long.rotateRight(v12 ^ v0, 32);
            v8 += v12;
            v4 = Long.rotateRight(v4 ^ v8, 24);
            v0 += v4 + ms[k + 1];
            v12 = Long.rotateRight(v12 ^ v0, 16);
            v8 += v12;
            v4 = Long.rotateRight(v4 ^ v8, 63);
            v1 += v5 + ms[k + 2];
            v13 = Long.rotateRight(v13 ^ v1, 32);
            v9 += v13;
            v5 = Long.rotateRight(v5 ^ v9, 24);
            v1 += v5 + ms[k + 3];
            v13 = Long.rotateRight(v13 ^ v1, 16);
            v9 += v13;
            v5 = Long.rotateRight(v5 ^ v9, 63);
            v2 += v6 + ms[k + 4];
            v14 = Long.rotateRight(v14 ^ v2, 32);
            v10 += v14;
            v6 = Long.rotateRight(v6 ^ v10, 24);
            v2 += v6 + ms[k + 5];
            v14 = Long.rotateRight(v14 ^ v2, 16);
            v10 += v14;
            v6 = Long.rotateRight(v6 ^ v10, 63);
            v3 += v7 + ms[k + 6];
            v15 = Long.rotateRight(v15 ^ v3, 32);
            v11 += v15;
            v7 = Long.rotateRight(v7 ^ v11, 24);
            v3 += v7 + ms[k + 7];
            v15 = Long.rotateRight(v15 ^ v3, 16);
            v11 += v15;
            v7 = Long.rotateRight(v7 ^ v11, 63);
            v0 += v5 + ms[k + 8];
            v15 = Long.rotateRight(v15 ^ v0, 32);
            v10 += v15;
            v5 = Long.rotateRight(v5 ^ v10, 24);
            v0 += v5 + ms[k + 9];
            v15 = Long.rotateRight(v15 ^ v0, 16);
            v10 += v15;
            v5 = Long.rotateRight(v5 ^ v10, 63);
            v1 += v6 + ms[k + 10];
            v12 = Long.rotateRight(v12 ^ v1, 32);
            v11 += v12;
            v6 = Long.rotateRight(v6 ^ v11, 24);
            v1 += v6 + ms[k + 11];
            v12 = Long.rotateRight(v12 ^ v1, 16);
            v11 += v12;
            v6 = Long.rotateRight(v6 ^ v11, 63);
            v2 += v7 + ms[k + 12];
            v13 = Long.rotateRight(v13 ^ v2, 32);
            v8 += v13;
            v7 = Long.rotateRight(v7 ^ v8, 24);
            v2 += v7 + ms[k + 13];
            v13 = Long.rotateRight(v13 ^ v2, 16);
            v8 += v13;
            v7 = Long.rotateRight(v7 ^ v8, 63);
            v3 += v4 + ms[k + 14];
            v14 = Long.rotateRight(v14 ^ v3, 32);
            v9 += v14;
            v4 = Long.rotateRight(v4 ^ v9, 24);
            v3 += v4 + ms[k + 15];
            v14 = Long.rotateRight(v14 ^ v3, 16);
            v9 += v14;
            v4 = Long.rotateRight(v4 ^ v9, 63);
            k = k == 144 ? 0 : k + 16;
        }
        h[0] ^= v0 ^ v8;
        h[1] ^= v1 ^ v9;
        h[2] ^= v2 ^ v10;
        h[3] ^= v3 ^ v11;
        h[4] ^= v4 ^ v12;
        h[5] ^= v5 ^ v13;
        h[6] ^= v6 ^ v14;
        h[7] ^= v7 ^ v15;
    }
}
