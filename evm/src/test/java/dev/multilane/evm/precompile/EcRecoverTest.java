package dev.multilane.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multilane.evm.Fork;
import dev.multilane.evm.crypto.Secp256k1Signatures;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class EcRecoverTest {
    private static final EcRecover EC = new EcRecover();
    private static final BigInteger N =
            new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);
    // The ValidKey vector: the ethereum/tests sender key's signature (CallEcrecover0).
    private static final String HASH = "18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c";
    private static final String R = "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f";
    private static final String S = "eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549";
    private static final String SIGNER = "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b";

    private static byte[] input(String hash, int v, String r, String s) {
        return Hex.decode(hash + "%064x".formatted(v) + r + s);
    }

    private static String word(BigInteger x) {
        return "%064x".formatted(x);
    }

    @Test
    void recoversTheSigner() {
        assertEquals(3000, EC.gas(new byte[0], Fork.BERLIN));
        assertEquals(SIGNER, Hex.encodeBare(EC.run(input(HASH, 28, R, S), Fork.BERLIN), 0, 32));
    }

    @Test
    void acceptsHighS() {
        // s here is already in the upper half; (r, n − s) with the other parity recovers the same key.
        BigInteger s = new BigInteger(S, 16);
        BigInteger low = N.subtract(s);
        byte[] out = EC.run(input(HASH, 27, R, word(low)), Fork.BERLIN);
        assertEquals(SIGNER, Hex.encodeBare(out, 0, 32));
    }

    @Test
    void roundTripsAFreshSignature() {
        byte[] key = Keccak.hash("precompile test key".getBytes(StandardCharsets.UTF_8));
        byte[] hash = Keccak.hash("message".getBytes(StandardCharsets.UTF_8));
        byte[] sig = Secp256k1Signatures.sign(hash, key);
        byte[] in = Bytes.concat(hash, Bytes.leftPad(new byte[] {(byte) (27 + sig[64])}, 32), Arrays.copyOfRange(sig, 0, 64));
        Address expected = Secp256k1Signatures.addressOfPrivateKey(key);
        assertArrayEquals(Bytes.concat(new byte[12], expected.bytes()), EC.run(in, Fork.CANCUN));
    }

    @Test
    void shortInputIsZeroPadded() {
        // Find a signature whose s ends in a zero byte, then drop that byte from the input.
        byte[] key = Keccak.hash("padding test key".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5000; i++) {
            byte[] hash = Keccak.hash(("message " + i).getBytes(StandardCharsets.UTF_8));
            byte[] sig = Secp256k1Signatures.sign(hash, key);
            if (sig[63] != 0) {
                continue;
            }
            byte[] in = Bytes.concat(hash, Bytes.leftPad(new byte[] {(byte) (27 + sig[64])}, 32), Arrays.copyOfRange(sig, 0, 63));
            assertEquals(127, in.length);
            Address expected = Secp256k1Signatures.addressOfPrivateKey(key);
            assertArrayEquals(Bytes.concat(new byte[12], expected.bytes()), EC.run(in, Fork.CANCUN));
            return;
        }
        throw new AssertionError("no signature with a trailing zero byte in 5000 tries");
    }

    @Test
    void extraInputIsIgnored() {
        byte[] longer = Bytes.concat(input(HASH, 28, R, S), Hex.decode("ffffffff"));
        assertEquals(SIGNER, Hex.encodeBare(EC.run(longer, Fork.BERLIN), 0, 32));
    }

    @Test
    void badInputGivesEmptyOutputNotFailure() {
        assertArrayEquals(Bytes.EMPTY, EC.run(new byte[0], Fork.BERLIN), "all zero after padding");
        assertArrayEquals(Bytes.EMPTY, EC.run(input(HASH, 29, R, S), Fork.BERLIN), "v = 29");
        assertArrayEquals(Bytes.EMPTY, EC.run(input(HASH, 1, R, S), Fork.BERLIN), "v = 1");
        assertArrayEquals(Bytes.EMPTY, EC.run(input(HASH, 0x11b, R, S), Fork.BERLIN), "27 with a high bit");
        assertArrayEquals(Bytes.EMPTY, EC.run(input(HASH, 28, word(BigInteger.ZERO), S), Fork.BERLIN), "r = 0");
        assertArrayEquals(Bytes.EMPTY, EC.run(input(HASH, 28, R, word(BigInteger.ZERO)), Fork.BERLIN), "s = 0");
        assertArrayEquals(Bytes.EMPTY, EC.run(input(HASH, 28, word(N), S), Fork.BERLIN), "r = n");
        assertArrayEquals(Bytes.EMPTY, EC.run(input(HASH, 28, R, word(N)), Fork.BERLIN), "s = n");
        assertArrayEquals(Bytes.EMPTY, EC.run(input(HASH, 28, word(N.add(BigInteger.ONE)), S), Fork.BERLIN), "r > n");
        String max = "ff".repeat(32);
        assertArrayEquals(Bytes.EMPTY, EC.run(input(HASH, 28, R, max), Fork.BERLIN), "s = 2^256 - 1");
        // Truncated to 96 bytes: the missing s reads as zero.
        byte[] cut = Arrays.copyOf(input(HASH, 28, R, S), 96);
        assertArrayEquals(Bytes.EMPTY, EC.run(cut, Fork.BERLIN));
    }
}
