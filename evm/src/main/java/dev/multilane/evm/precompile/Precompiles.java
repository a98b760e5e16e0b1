package dev.multilane.evm.precompile;

import dev.multilane.evm.Fork;
import dev.multilane.primitives.Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The precompiled contracts by address and fork. 0x01–0x09 are active at every fork Multilane
 * runs (Berlin onwards); 0x0a, point evaluation, arrives with Cancun (EIP-4844). All of them are
 * stateless singletons, safe to share between threads.
 */
public final class Precompiles {
    /** Index n holds the contract at address n; 0 is unused. */
    private static final Precompile[] BY_NUMBER = {
        null,
        new EcRecover(),
        new Sha256Hash(),
        new Ripemd160Hash(),
        new Identity(),
        new ModExp(),
        new Bn254Add(),
        new Bn254Mul(),
        new Bn254Pairing(),
        new Blake2f(),
        new PointEvaluation(),
    };

    private static final int POINT_EVALUATION = 0x0a;

    private static final Map<Fork, List<Address>> ADDRESSES = new EnumMap<>(Fork.class);

    static {
        for (Fork fork : Fork.values()) {
            List<Address> list = new ArrayList<>();
            for (int n = 1; n <= highest(fork); n++) {
                list.add(Address.ofNumber(n));
            }
            ADDRESSES.put(fork, Collections.unmodifiableList(list));
        }
    }

    private Precompiles() {}

    /**
     * The precompile at {@code address} under {@code fork}, or null. Called on every CALL, so the
     * address is first tested as a small number with three word reads, before any lookup.
     */
    public static Precompile get(Address address, Fork fork) {
        if (address.u2() != 0 || address.u1() != 0) {
            return null;
        }
        long n = address.u0();
        if (n <= 0 || n > highest(fork)) {
            return null;
        }
        return BY_NUMBER[(int) n];
    }

    /** The precompile addresses of {@code fork}, warm from the start of a transaction (EIP-2929). */
    public static List<Address> addresses(Fork fork) {
        return ADDRESSES.get(fork);
    }

    private static int highest(Fork fork) {
        return fork.isEnabled(Fork.CANCUN) ? POINT_EVALUATION : POINT_EVALUATION - 1;
    }
}
