package dev.multilane.chain;

import dev.multilane.primitives.U256;

/**
 * An ECDSA signature over secp256k1 as a transaction carries it. Legacy transactions fold
 * {@code yParity} and the chain id into one {@code v} (EIP-155); typed ones carry yParity as is.
 *
 * @param yParity the recovery id, 0 or 1: the parity of the y coordinate of the point R
 */
public record Signature(int yParity, U256 r, U256 s) {
    /** The order n of the secp256k1 group. */
    public static final U256 SECP256K1_N =
            U256.parse("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");
    /** floor(n / 2): EIP-2 rejects a larger s, so that each signature has one valid form. */
    public static final U256 SECP256K1_HALF_N =
            U256.parse("0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0");

    public Signature {
        if (yParity != 0 && yParity != 1) {
            throw new IllegalArgumentException("yParity must be 0 or 1, got " + yParity);
        }
        if (r == null || s == null) {
            throw new IllegalArgumentException("r and s are required");
        }
    }

    /**
     * Null when r and s are usable, else why not: each must be in [1, n - 1] (Yellow Paper
     * appendix F) and s at most n/2 (EIP-2, Homestead and every fork since).
     */
    public String rangeError() {
        if (r.isZero() || r.compareTo(SECP256K1_N) >= 0) {
            return "r must be in [1, n-1]: " + r.toHexString();
        }
        if (s.isZero() || s.compareTo(SECP256K1_N) >= 0) {
            return "s must be in [1, n-1]: " + s.toHexString();
        }
        if (s.compareTo(SECP256K1_HALF_N) > 0) {
            return "s above n/2 (EIP-2): " + s.toHexString();
        }
        return null;
    }
}
