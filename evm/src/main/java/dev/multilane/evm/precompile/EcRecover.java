package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;
import dev.multilane.evm.crypto.Secp256k1Signatures;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hex;
import java.util.Arrays;

/**
 * 0x01: the signer of a 32-byte hash (Yellow Paper, appendix E). Input hash ‖ v ‖ r ‖ s, four
 * 32-byte words, zero-padded or truncated to 128 bytes. A signature that does not recover is
 * not a failure: the call succeeds with empty output.
 */
final class EcRecover implements Precompile {
    static final long GAS = 3000;

    /** The secp256k1 group order n; r and s must lie in [1, n − 1]. */
    private static final byte[] N = Hex.decode("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

    @Override
    public long gas(byte[] input, Fork fork) {
        return GAS;
    }

    @Override
    public byte[] run(byte[] input, Fork fork) {
        byte[] in = PaddedInput.atLeast(input, 128);
        // v is a full word: anything but 27 or 28 (including high garbage bits) does not recover.
        for (int i = 32; i < 63; i++) {
            if (in[i] != 0) {
                return Bytes.EMPTY;
            }
        }
        int v = in[63] & 0xff;
        if (v != 27 && v != 28) {
            return Bytes.EMPTY;
        }
        byte[] r = Arrays.copyOfRange(in, 64, 96);
        byte[] s = Arrays.copyOfRange(in, 96, 128);
        // Unlike transactions (EIP-2), the precompile accepts s in the upper half of the order.
        if (!inScalarRange(r) || !inScalarRange(s)) {
            return Bytes.EMPTY;
        }
        Address signer = Secp256k1Signatures.recoverAddress(Arrays.copyOfRange(in, 0, 32), r, s, v - 27);
        if (signer == null) {
            return Bytes.EMPTY;
        }
        byte[] out = new byte[32];
        System.arraycopy(signer.bytes(), 0, out, 12, Address.SIZE);
        return out;
    }

    private static boolean inScalarRange(byte[] word) {
        boolean zero = true;
        for (byte b : word) {
            if (b != 0) {
                zero = false;
                break;
            }
        }
        return !zero && Arrays.compareUnsigned(word, N) < 0;
    }
}
