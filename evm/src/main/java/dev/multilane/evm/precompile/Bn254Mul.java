package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;
import dev.multilane.evm.precompile.bn254.G1Point;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * 0x07: ECMUL on alt_bn128 (EIP-196), 6000 gas since EIP-1108. Input: a point x ‖ y and a 32-byte
 * scalar, 96 bytes, zero-padded if shorter. The scalar may be any 256-bit value.
 */
final class Bn254Mul implements Precompile {
    static final long GAS = 6000;

    @Override
    public long gas(byte[] input, Fork fork) {
        return GAS;
    }

    @Override
    public byte[] run(byte[] input, Fork fork) {
        byte[] in = PaddedInput.atLeast(input, 96);
        G1Point p = G1Point.decode(in, 0);
        if (p == null) {
            return null;
        }
        BigInteger k = new BigInteger(1, Arrays.copyOfRange(in, 64, 96));
        return p.mul(k).encode();
    }
}
