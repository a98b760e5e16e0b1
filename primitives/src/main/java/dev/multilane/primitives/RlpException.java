package dev.multilane.primitives;

/**
 * Input that is not canonical RLP. Unchecked: decoding code reads like the structure it decodes,
 * and the edge that received the bytes (transaction decoding, RPC, networking) catches this and
 * turns it into its own typed error.
 */
public final class RlpException extends RuntimeException {
    private final int offset;

    public RlpException(String message, int offset) {
        super(message + " (at offset " + offset + ")");
        this.offset = offset;
    }

    /** Where in the decoded byte array the problem was found. */
    public int offset() {
        return offset;
    }
}
