package dev.multilane.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** SHA-256, RIPEMD-160 and identity against the FIPS 180 / RIPEMD-160 reference digests. */
class HashPrecompilesTest {
    private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

    private static String hex(byte[] b) {
        return Hex.encodeBare(b, 0, b.length);
    }

    @Test
    void sha256() {
        Sha256Hash sha = new Sha256Hash();
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", hex(sha.run(new byte[0], Fork.BERLIN)));
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", hex(sha.run(ABC, Fork.BERLIN)));
        assertEquals(60, sha.gas(new byte[0], Fork.BERLIN));
        assertEquals(72, sha.gas(new byte[1], Fork.BERLIN));
        assertEquals(72, sha.gas(new byte[32], Fork.BERLIN));
        assertEquals(84, sha.gas(new byte[33], Fork.BERLIN));
    }

    @Test
    void ripemd160() {
        Ripemd160Hash ripemd = new Ripemd160Hash();
        assertEquals("0000000000000000000000009c1185a5c5e9fc54612808977ee8f548b2258d31", hex(ripemd.run(new byte[0], Fork.BERLIN)));
        assertEquals("0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc", hex(ripemd.run(ABC, Fork.BERLIN)));
        assertEquals(600, ripemd.gas(new byte[0], Fork.BERLIN));
        assertEquals(720, ripemd.gas(new byte[32], Fork.BERLIN));
        assertEquals(840, ripemd.gas(new byte[33], Fork.BERLIN));
    }

    @Test
    void identity() {
        Identity id = new Identity();
        byte[] in = Hex.decode("0102030405");
        byte[] out = id.run(in, Fork.BERLIN);
        assertArrayEquals(in, out);
        assertNotSame(in, out);
        assertArrayEquals(new byte[0], id.run(new byte[0], Fork.BERLIN));
        assertEquals(15, id.gas(new byte[0], Fork.BERLIN));
        assertEquals(18, id.gas(new byte[1], Fork.BERLIN));
        assertEquals(21, id.gas(new byte[33], Fork.BERLIN));
    }
}
