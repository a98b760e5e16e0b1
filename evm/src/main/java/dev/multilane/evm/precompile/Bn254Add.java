package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;
import dev.multilane.evm.precompile.bn254.G1Point;

/**
 * 0x06: ECADD on alt_bn128 (EIP-196), 150 gas since EIP-1108. Input: two points x ‖ y, 128 bytes,
 * zero-padded if shorter and truncated if longer. An invalid point fails the call.
 */
final class Bn254Add implements Precompile {
    static final long GAS = 150;

    @Override
    public long gas(byte[] input, Fork fork) {
        return GAS;
    }

    @Override
    public byte[] run(byte[] input, Fork fork) {
        byte[] in = PaddedInput.atLeast(input, 128);
        G1Point a = G1Point.decode(in, 0);
        G1Point b = G1Point.decode(in, 64);
        if (a == null || b == null) {
            return null;
        }
        return a.add(b).encode();
    }
}
