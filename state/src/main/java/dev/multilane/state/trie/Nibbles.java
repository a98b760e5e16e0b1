package dev.multilane.state.trie;

/**
 * Keys as the trie walks them: one 4-bit nibble per byte of a {@code byte[]}, most significant
 * nibble of each key byte first. Node paths are nibble arrays that nobody writes after creation.
 */
final class Nibbles {
    static final byte[] NONE = new byte[0];

    private Nibbles() {}

    static byte[] of(byte[] key) {
        byte[] out = new byte[key.length * 2];
        for (int i = 0; i < key.length; i++) {
            out[2 * i] = (byte) ((key[i] >>> 4) & 0xf);
            out[2 * i + 1] = (byte) (key[i] & 0xf);
        }
        return out;
    }

    /** Packs an even number of nibbles back into bytes (every stored key has an even count). */
    static byte[] toBytes(byte[] nibbles, int length) {
        byte[] out = new byte[length / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((nibbles[2 * i] << 4) | nibbles[2 * i + 1]);
        }
        return out;
    }

    /** Length of the common prefix of {@code path} and {@code key[from..]}. */
    static int commonPrefix(byte[] path, byte[] key, int from) {
        int n = Math.min(path.length, key.length - from);
        int i = 0;
        while (i < n && path[i] == key[from + i]) {
            i++;
        }
        return i;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * Hex-prefix encoding (Yellow Paper, appendix C): the first nibble carries two flags, bit 1 for
     * a leaf (terminator) and bit 0 for an odd path length; an odd path puts its first nibble beside
     * the flags, an even one pads the flag byte with a zero nibble.
     */
    static byte[] hexPrefix(byte[] path, boolean leaf) {
        int flags = (leaf ? 2 : 0) | (path.length & 1);
        byte[] out = new byte[path.length / 2 + 1];
        int p = 0;
        if ((path.length & 1) == 1) {
            out[0] = (byte) ((flags << 4) | path[0]);
            p = 1;
        } else {
            out[0] = (byte) (flags << 4);
        }
        for (int i = 1; i < out.length; i++, p += 2) {
            out[i] = (byte) ((path[p] << 4) | path[p + 1]);
        }
        return out;
    }
}
