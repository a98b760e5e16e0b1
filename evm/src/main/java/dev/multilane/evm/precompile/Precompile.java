package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;

/**
 * A precompiled contract. The caller charges {@link #gas} first; when the call's gas does not
 * cover it, or {@link #run} returns null, the call fails and all gas given to it is consumed.
 */
public interface Precompile {
    /** The gas the call costs for this input; {@link Long#MAX_VALUE} when it is beyond any limit. */
    long gas(byte[] input, Fork fork);

    /** The output, or null when the input is invalid (the call fails). */
    byte[] run(byte[] input, Fork fork);
}
