package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * 0x02: SHA-256 of the input, 60 + 12 gas per word (Yellow Paper, appendix E). Uses the JDK's
 * digest, which HotSpot compiles to the CPU's SHA instructions where it has them.
 */
final class Sha256Hash implements Precompile {
    static final long BASE_GAS = 60;
    static final long WORD_GAS = 12;

    @Override
    public long gas(byte[] input, Fork fork) {
        return BASE_GAS + WORD_GAS * PaddedInput.words(input.length);
    }

    @Override
    public byte[] run(byte[] input, Fork fork) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (MessageDigest's documented guarantee).
            throw new IllegalStateException(e);
        }
    }
}
