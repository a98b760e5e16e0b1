package dev.multilane.evm.precompile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** EIP-4844 point evaluation through c-kzg with the ceremony's trusted setup from the fixtures. */
class PointEvaluationTest {
    private static final PointEvaluation KZG = new PointEvaluation();
    private static final String OUTPUT =
            "0000000000000000000000000000000000000000000000000000000000001000"
                    + "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";

    private static byte[] valid() throws IOException {
        return Hex.decode(PrecompileVectorsTest.load("point-evaluation.txt").getFirst().input());
    }

    @Test
    void theTrustedSetupIsFound() {
        assertNotNull(KzgTrustedSetup.locate(), "fixtures/kzg/trusted_setup.txt");
        assertTrue(KzgTrustedSetup.ensureLoaded());
    }

    @Test
    void verifiesAProof() throws IOException {
        byte[] out = KZG.run(valid(), Fork.CANCUN);
        assertNotNull(out);
        assertEquals(OUTPUT, Hex.encodeBare(out, 0, 64));
        assertEquals(50_000, KZG.gas(valid(), Fork.CANCUN));
        assertEquals(50_000, KZG.gas(new byte[0], Fork.CANCUN));
    }

    @Test
    void rejectsBadInput() throws Exception {
        byte[] in = valid();
        assertNull(KZG.run(Arrays.copyOf(in, 191), Fork.CANCUN), "191 bytes");
        assertNull(KZG.run(Arrays.copyOf(in, 193), Fork.CANCUN), "193 bytes");

        byte[] version = in.clone();
        version[0] = 0x02;
        assertNull(KZG.run(version, Fork.CANCUN), "versioned hash with the wrong version");

        byte[] hashTail = in.clone();
        hashTail[31] ^= 1;
        assertNull(KZG.run(hashTail, Fork.CANCUN), "versioned hash of another commitment");

        byte[] y = in.clone();
        y[95] ^= 1;
        assertNull(KZG.run(y, Fork.CANCUN), "wrong claimed value");

        byte[] proof = in.clone();
        proof[191] ^= 1;
        assertNull(KZG.run(proof, Fork.CANCUN), "corrupted proof (not a curve point, native exception)");

        byte[] bigZ = in.clone();
        byte[] modulus = new BigInteger("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16).toByteArray();
        System.arraycopy(modulus, modulus.length - 32, bigZ, 32, 32);
        assertNull(KZG.run(bigZ, Fork.CANCUN), "z not below the BLS modulus");

        // A different commitment with a matching versioned hash still has to verify.
        byte[] otherCommitment = in.clone();
        otherCommitment[100] ^= 1;
        byte[] h = MessageDigest.getInstance("SHA-256").digest(Arrays.copyOfRange(otherCommitment, 96, 144));
        h[0] = 1;
        System.arraycopy(h, 0, otherCommitment, 0, 32);
        assertNull(KZG.run(otherCommitment, Fork.CANCUN), "commitment that is not a curve point");
    }

    @Test
    void locateHonoursTheProperty() {
        String old = System.getProperty(KzgTrustedSetup.PROPERTY);
        try {
            System.setProperty(KzgTrustedSetup.PROPERTY, "/nonexistent/trusted_setup.txt");
            assertNull(KzgTrustedSetup.locate());
            Path real = Path.of(System.getProperty("multilane.fixtures", "../../shared/fixtures"), "kzg", "trusted_setup.txt");
            System.setProperty(KzgTrustedSetup.PROPERTY, real.toString());
            assertEquals(real, KzgTrustedSetup.locate());
        } finally {
            if (old == null) {
                System.clearProperty(KzgTrustedSetup.PROPERTY);
            } else {
                System.setProperty(KzgTrustedSetup.PROPERTY, old);
            }
        }
    }
}
