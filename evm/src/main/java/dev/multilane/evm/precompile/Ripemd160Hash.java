package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/**
 * 0x03: RIPEMD-160 of the input, left-padded to a 32-byte word; 600 + 120 gas per word (Yellow
 * Paper, appendix E). The JDK has no RIPEMD-160, hence BouncyCastle.
 */
final class Ripemd160Hash implements Precompile {
    static final long BASE_GAS = 600;
    static final long WORD_GAS = 120;

    @Override
    public long gas(byte[] input, Fork fork) {
        return BASE_GAS + WORD_GAS * PaddedInput.words(input.length);
    }

    @Override
    public byte[] run(byte[] input, Fork fork) {
        RIPEMD160Digest digest = new RIPEMD160Digest();
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 12);
        return out;
    }
}
