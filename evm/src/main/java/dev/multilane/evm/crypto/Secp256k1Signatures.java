package dev.multilane.evm.crypto;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Keccak;
import fr.acinq.secp256k1.Secp256k1;
import java.util.Arrays;

/**
 * ECDSA over secp256k1 through the native libsecp256k1 (fr.acinq.secp256k1). Ethereum signs a
 * 32-byte hash and recovers the signer from (r, s, recovery id); the address is the last 20 bytes
 * of keccak256 of the uncompressed public key without its 0x04 prefix.
 */
public final class Secp256k1Signatures {
    private static final Secp256k1 NATIVE = Secp256k1.get();

    private Secp256k1Signatures() {}

    /**
     * The uncompressed public key (64 bytes, no prefix) that signed {@code hash32}, or null when
     * the signature does not recover (r or s zero or out of range, no curve point).
     */
    public static byte[] recoverPublicKey(byte[] hash32, byte[] r32, byte[] s32, int recoveryId) {
        if (recoveryId < 0 || recoveryId > 3 || r32.length != 32 || s32.length != 32) {
            return null;
        }
        byte[] sig = new byte[64];
        System.arraycopy(r32, 0, sig, 0, 32);
        System.arraycopy(s32, 0, sig, 32, 32);
        try {
            byte[] pub = NATIVE.ecdsaRecover(sig, hash32, recoveryId);
            return Arrays.copyOfRange(pub, 1, 65);
        } catch (RuntimeException e) {
            // libsecp256k1 reports an unrecoverable signature by throwing; to us it is a value.
            return null;
        }
    }

    /** The signer's address, or null when the signature does not recover. */
    public static Address recoverAddress(byte[] hash32, byte[] r32, byte[] s32, int recoveryId) {
        byte[] pub = recoverPublicKey(hash32, r32, s32, recoveryId);
        return pub == null ? null : addressOfPublicKey(pub);
    }

    /** The address of a 64-byte uncompressed public key. */
    public static Address addressOfPublicKey(byte[] pub64) {
        return Address.fromHashTail(Keccak.hash(pub64));
    }

    /** The address that a 32-byte private key controls. */
    public static Address addressOfPrivateKey(byte[] privateKey32) {
        byte[] pub = NATIVE.pubkeyCreate(privateKey32);
        if (pub.length == 33) {
            pub = NATIVE.pubkeyParse(pub);
        }
        return addressOfPublicKey(Arrays.copyOfRange(pub, 1, 65));
    }

    /**
     * Signs {@code hash32}: 65 bytes r ‖ s ‖ recoveryId, with s in the lower half of the order
     * (EIP-2), as Ethereum transactions carry it.
     */
    public static byte[] sign(byte[] hash32, byte[] privateKey32) {
        byte[] compact = NATIVE.sign(hash32, privateKey32);
        Address signer = addressOfPrivateKey(privateKey32);
        byte[] r = Arrays.copyOfRange(compact, 0, 32);
        byte[] s = Arrays.copyOfRange(compact, 32, 64);
        for (int recId = 0; recId < 2; recId++) {
            if (signer.equals(recoverAddress(hash32, r, s, recId))) {
                byte[] out = Arrays.copyOf(compact, 65);
                out[64] = (byte) recId;
                return out;
            }
        }
        throw new IllegalStateException("signature does not recover to its signer");
    }
}
