package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;
import dev.multilane.evm.precompile.bn254.G1Point;
import dev.multilane.evm.precompile.bn254.G2Point;
import dev.multilane.evm.precompile.bn254.Pairing;
import java.util.ArrayList;
import java.util.List;

/**
 * 0x08: the pairing check of EIP-197, 34 000·k + 45 000 gas since EIP-1108, k pairs of
 * (G1 point, G2 point) of 192 bytes each. Returns the word 1 when Π e(P_i, Q_i) = 1, else 0.
 * An input that is not a whole number of pairs, or any invalid point, fails the call.
 */
final class Bn254Pairing implements Precompile {
    static final long BASE_GAS = 45_000;
    static final long PAIR_GAS = 34_000;
    static final int PAIR_LENGTH = 192;

    @Override
    public long gas(byte[] input, Fork fork) {
        return BASE_GAS + PAIR_GAS * (input.length / PAIR_LENGTH);
    }

    @Override
    public byte[] run(byte[] input, Fork fork) {
        if (input.length % PAIR_LENGTH != 0) {
            return null;
        }
        int k = input.length / PAIR_LENGTH;
        List<G1Point> ps = new ArrayList<>(k);
        List<G2Point> qs = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            int at = i * PAIR_LENGTH;
            G1Point p = G1Point.decode(input, at);
            G2Point q = G2Point.decode(input, at + 64);
            if (p == null || q == null) {
                return null;
            }
            ps.add(p);
            qs.add(q);
        }
        byte[] out = new byte[32];
        out[31] = (byte) (Pairing.isProductOne(ps, qs) ? 1 : 0);
        return out;
    }
}
