package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;
import ethereum.ckzg4844.CKZG4844JNI;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * 0x0a: KZG point evaluation (EIP-4844), 50 000 gas, from Cancun. Input, exactly 192 bytes:
 * versioned hash ‖ z ‖ y ‖ commitment (48) ‖ proof (48). Proves that the blob committed to by
 * {@code commitment}, whose versioned hash is given, evaluates to y at z. Output:
 * FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as two 32-byte words.
 */
final class PointEvaluation implements Precompile {
    static final long GAS = 50_000;
    static final int INPUT_LENGTH = 192;
    /** EIP-4844's VERSIONED_HASH_VERSION_KZG, the first byte of a blob's versioned hash. */
    static final byte KZG_VERSION = 0x01;

    private static final byte[] OUTPUT = output();

    @Override
    public long gas(byte[] input, Fork fork) {
        return GAS;
    }

    @Override
    public byte[] run(byte[] input, Fork fork) {
        if (input.length != INPUT_LENGTH) {
            return null;
        }
        byte[] commitment = Arrays.copyOfRange(input, 96, 144);
        byte[] hash = sha256(commitment);
        hash[0] = KZG_VERSION;
        if (!Arrays.equals(hash, 0, 32, input, 0, 32)) {
            return null;
        }
        if (!KzgTrustedSetup.ensureLoaded()) {
            return null;
        }
        byte[] z = Arrays.copyOfRange(input, 32, 64);
        byte[] y = Arrays.copyOfRange(input, 64, 96);
        byte[] proof = Arrays.copyOfRange(input, 144, 192);
        try {
            return CKZG4844JNI.verifyKzgProof(commitment, z, y, proof) ? OUTPUT.clone() : null;
        } catch (RuntimeException e) {
            // c-kzg rejects points off the curve and non-canonical field elements by throwing.
            return null;
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The constants as c-kzg defines them; reading them does not load the native library. */
    private static byte[] output() {
        byte[] out = new byte[64];
        byte[] n = BigInteger.valueOf(CKZG4844JNI.FIELD_ELEMENTS_PER_BLOB).toByteArray();
        System.arraycopy(n, 0, out, 32 - n.length, n.length);
        byte[] modulus = CKZG4844JNI.BLS_MODULUS.toByteArray();
        int len = Math.min(32, modulus.length); // drop BigInteger's sign byte, if any
        System.arraycopy(modulus, modulus.length - len, out, 64 - len, len);
        return out;
    }
}
