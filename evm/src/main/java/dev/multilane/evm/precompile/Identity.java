package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;

/** 0x04: returns its input; 15 + 3 gas per word (Yellow Paper, appendix E). */
final class Identity implements Precompile {
    static final long BASE_GAS = 15;
    static final long WORD_GAS = 3;

    @Override
    public long gas(byte[] input, Fork fork) {
        return BASE_GAS + WORD_GAS * PaddedInput.words(input.length);
    }

    @Override
    public byte[] run(byte[] input, Fork fork) {
        // A copy: the caller may reuse or change its input buffer after the call.
        return input.clone();
    }
}
