package dev.multilane.bench.defi;

import dev.multilane.primitives.Address;
import dev.multilane.primitives.Keccak;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The user accounts of a workload and how transactions choose among them. Addresses are derived
 * from their index alone (not from keys: senders are known, nothing is signed), so every workload
 * of the same size has the same users. User 0 is the hot account.
 */
final class Users {
    /** Deploys every contract, holds every token's supply and provides the liquidity; never a sender in the block. */
    static final Address OWNER = Address.fromHex("0x00000000000000000000000000000000000000a0");

    private final Address[] addresses;
    private final double hotRatio;

    Users(int count, double hotRatio) {
        this.addresses = new Address[count];
        for (int i = 0; i < count; i++) {
            addresses[i] = user(i);
        }
        this.hotRatio = hotRatio;
    }

    static Address user(int index) {
        return account("user " + index);
    }

    /** An account outside the user population (a passive borrower, say), named by {@code label}. */
    static Address account(String label) {
        return Address.fromHashTail(Keccak.hash(("multilane bench " + label).getBytes(StandardCharsets.US_ASCII)));
    }

    int count() {
        return addresses.length;
    }

    Address get(int index) {
        return addresses[index];
    }

    List<Address> all() {
        return Arrays.asList(addresses);
    }

    /**
     * Whether the next transaction goes to the hot spot: the hot account as recipient, and token,
     * pool or market 0. Drawn once per transaction, so the hot ratio is the share of transactions
     * that touch it on purpose.
     */
    boolean hot(RandomGenerator random) {
        return hotRatio > 0 && random.nextDouble() < hotRatio;
    }

    /** Index of a target among {@code n} (pools, markets, tokens): 0 when hot, else uniform. */
    static int target(RandomGenerator random, int n, boolean hot) {
        return hot ? 0 : random.nextInt(n);
    }

    /** A uniformly chosen sender index. */
    int sender(RandomGenerator random) {
        return random.nextInt(addresses.length);
    }

    /** A recipient other than {@code sender}: the hot account when hot, else uniform among the others. */
    int recipient(RandomGenerator random, int sender, boolean hot) {
        int r = hot ? 0 : random.nextInt(addresses.length);
        while (r == sender) {
            r = random.nextInt(addresses.length);
        }
        return r;
    }
}
