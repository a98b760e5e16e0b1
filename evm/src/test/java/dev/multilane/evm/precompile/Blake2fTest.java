package dev.multilane.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.Hex;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

class Blake2fTest {
    private static final Blake2f F = new Blake2f();

    /** One-block BLAKE2b-512 of {@code msg} through the precompile: h = IV with the parameter block folded in. */
    private static byte[] blake2b512Input(byte[] msg, int rounds) {
        long[] iv = {
            0x6a09e667f3bcc908L ^ 0x01010040L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
            0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L,
        };
        byte[] in = new byte[213];
        in[0] = (byte) (rounds >>> 24);
        in[1] = (byte) (rounds >>> 16);
        in[2] = (byte) (rounds >>> 8);
        in[3] = (byte) rounds;
        for (int i = 0; i < 8; i++) {
            for (int b = 0; b < 8; b++) {
                in[4 + 8 * i + b] = (byte) (iv[i] >>> (8 * b));
            }
        }
        System.arraycopy(msg, 0, in, 68, msg.length);
        in[196] = (byte) msg.length; // t0, little-endian
        in[212] = 1;
        return in;
    }

    @Test
    void twelveRoundsIsBlake2b() {
        byte[] msg = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
        Blake2bDigest reference = new Blake2bDigest(512);
        reference.update(msg, 0, msg.length);
        byte[] expected = new byte[64];
        reference.doFinal(expected, 0);
        byte[] in = blake2b512Input(msg, 12);
        assertEquals(Hex.encode(expected), Hex.encode(F.run(in, Fork.BERLIN)));
        assertEquals(12, F.gas(in, Fork.BERLIN));
    }

    @Test
    void gasIsTheUnsignedRoundCount() {
        byte[] in = blake2b512Input(new byte[0], 0);
        in[0] = in[1] = in[2] = in[3] = (byte) 0xff;
        assertEquals(0xffffffffL, F.gas(in, Fork.BERLIN));
    }

    @Test
    void rejectsBadLengthAndFlag() {
        byte[] in = blake2b512Input(new byte[0], 1);
        assertNotNull(F.run(in, Fork.BERLIN));
        in[212] = 0;
        assertNotNull(F.run(in, Fork.BERLIN), "flag 0 is valid");
        in[212] = 2;
        assertNull(F.run(in, Fork.BERLIN));
        in[212] = (byte) 0x80;
        assertNull(F.run(in, Fork.BERLIN));
        assertNull(F.run(new byte[212], Fork.BERLIN));
        assertNull(F.run(new byte[214], Fork.BERLIN));
        assertNull(F.run(new byte[0], Fork.BERLIN));
    }
}
