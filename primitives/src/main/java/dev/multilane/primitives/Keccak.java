package dev.multilane.primitives;

import org.bouncycastle.jcajce.provider.digest.Keccak.DigestKeccak;

/** Keccak-256 as Ethereum uses it (the original Keccak padding, not NIST SHA3-256). */
public final class Keccak {
    /** keccak256 of the empty byte string. */
    public static final Hash EMPTY = Hash.wrap(hash(new byte[0]));
    /** keccak256(rlp("")), the root of an empty Merkle-Patricia trie. */
    public static final Hash EMPTY_TRIE_ROOT = Hash.wrap(hash(new byte[] {(byte) 0x80}));
    /** keccak256(rlp([])), the hash of an empty ommers list. */
    public static final Hash EMPTY_LIST = Hash.wrap(hash(new byte[] {(byte) 0xc0}));

    private Keccak() {}

    public static byte[] hash(byte[] input) {
        return hash(input, 0, input.length);
    }

    public static byte[] hash(byte[] input, int offset, int length) {
        DigestKeccak digest = new DigestKeccak(256);
        digest.update(input, offset, length);
        return digest.digest();
    }

    public static Hash of(byte[] input) {
        return Hash.wrap(hash(input));
    }
}
