package dev.multilane.chain.parallel;

import dev.multilane.chain.parallel.TestContracts.InitKind;
import dev.multilane.evm.interpreter.Evm;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The pre-state of a random block and the cast of addresses its transactions pick from: rich
 * externally owned accounts (the senders), poor ones (about one in twenty, a balance too small to
 * pay for gas), a few pre-EIP-161 empty accounts, every {@link TestContracts} contract at a fixed
 * address, and the addresses where creations in the block may deploy.
 */
final class RandomPreState {
    static final U256 RICH = U256.of(1_000_000_000_000L).mul(U256.of(1_000_000_000_000L)); // 10^24 wei
    private static final U256 ETHER = U256.of(1_000_000_000_000_000_000L);

    static final Address STORAGE_HOT = contract(1);
    static final Address STORAGE_COLD = contract(2);
    static final Address TOKEN = contract(3);
    static final Address[] NESTED = {contract(4), contract(5), contract(6)};
    static final Address CREATOR = contract(7);
    static final Address REVERTER = contract(8);
    static final Address BURNER = contract(9);
    static final Address READER = contract(10);
    static final Address[] DESTRUCTORS = {contract(11), contract(12), contract(13)};
    static final long CREATOR_NONCE = 1;

    final InMemoryWorldState state = new InMemoryWorldState();
    /** Rich externally owned accounts: the senders. */
    final List<Address> eoas = new ArrayList<>();
    /** Accounts that cannot pay for gas unless someone pays them first. */
    final List<Address> poor = new ArrayList<>();
    /**
     * Accounts that exist with no nonce, balance or code (pre-EIP-161 leftovers); with {@link
     * BlockSpec#storageOnlyAccounts}, some also hold storage.
     */
    final List<Address> empties = new ArrayList<>();
    /** Each account's nonce, as the generator advances it transaction by transaction. */
    final Map<Address, Long> nonces = new HashMap<>();
    /** Addresses where a creation in this block may put a contract; some get transfers first. */
    final List<Address> futureContracts = new ArrayList<>();
    final Address hotEoa;
    private int freshCounter;

    RandomPreState(BlockSpec spec, SplittableRandom r) {
        int poorCount = spec.accounts() >= 4 ? Math.max(1, spec.accounts() / 20) : 0;
        for (int i = 0; i < spec.accounts(); i++) {
            Address a = U256.of(0xe0a0_0000_0000L + i).toAddress();
            long nonce = r.nextInt(4) == 0 ? r.nextInt(1, 6) : 0;
            boolean isPoor = i >= spec.accounts() - poorCount;
            U256 balance = isPoor ? U256.of(r.nextLong(0, 1_000_000_000_000L)) : RICH.add(U256.of(r.nextLong(1L << 40)));
            state.putAccount(a, nonce, balance, null, null);
            nonces.put(a, nonce);
            (isPoor ? poor : eoas).add(a);
        }
        hotEoa = eoas.get(r.nextInt(eoas.size()));
        for (int i = r.nextInt(spec.storageOnlyAccounts() ? 1 : 0, 4); i > 0; i--) {
            Address empty = U256.of(0xe3e3_0000_0000L + i).toAddress();
            Map<U256, U256> storage = spec.storageOnlyAccounts() && (i == 1 || r.nextBoolean())
                    ? Map.of(U256.ONE, U256.of(r.nextInt(1, 100)))
                    : null;
            state.putAccount(empty, 0, U256.ZERO, null, storage);
            empties.add(empty);
        }
        for (Address s : List.of(STORAGE_HOT, STORAGE_COLD)) {
            Map<U256, U256> slots = new HashMap<>();
            for (int k = 0; k < 32; k++) {
                if (r.nextInt(3) > 0) {
                    slots.put(U256.of(k), U256.of(r.nextLong(1, 1_000)));
                }
            }
            state.putAccount(s, 1, U256.ZERO, TestContracts.storage(), slots);
        }
        Map<U256, U256> tokenBalances = new HashMap<>();
        List<Address> holders = new ArrayList<>(eoas);
        holders.addAll(List.of(NESTED));
        for (Address h : holders) {
            if (r.nextInt(10) < 8) {
                tokenBalances.put(TestContracts.tokenBalanceSlot(h), U256.of(r.nextLong(0, 2_000)));
            }
        }
        state.putAccount(TOKEN, 1, U256.ZERO, TestContracts.token(), tokenBalances);
        for (Address n : NESTED) {
            state.putAccount(n, 1, U256.of(r.nextLong(0, 1_000_000)), TestContracts.nestedCaller(),
                    Map.of(U256.ZERO, U256.of(r.nextInt(5))));
        }
        state.putAccount(CREATOR, CREATOR_NONCE, ETHER, TestContracts.creator(), null);
        state.putAccount(REVERTER, 1, U256.ZERO, TestContracts.reverter(), Map.of(U256.ZERO, U256.ONE));
        state.putAccount(BURNER, 1, U256.ZERO, TestContracts.gasBurner(), null);
        state.putAccount(READER, 1, U256.of(r.nextInt(1_000)), TestContracts.reader(), null);
        for (Address d : DESTRUCTORS) {
            // Storage, so that a pre-Cancun self-destruct has something to wipe.
            state.putAccount(d, 1, U256.of(r.nextLong(0, 1_000_000_000L)), TestContracts.selfDestructor(),
                    Map.of(U256.ZERO, U256.of(9), U256.ONE, U256.of(r.nextInt(1, 100))));
        }
        for (int salt = 0; salt < 3; salt++) {
            for (InitKind kind : InitKind.values()) {
                futureContracts.add(Evm.create2Address(CREATOR, U256.of(salt), TestContracts.initCode(kind)));
            }
        }
        for (int k = 0; k < 6; k++) {
            futureContracts.add(Evm.createAddress(CREATOR, CREATOR_NONCE + k));
        }
        if (spec.storageOnlyAccounts() && r.nextInt(3) == 0) {
            // EIP-7610: storage but no code and no nonce where a CREATE2 will try to deploy.
            Address collision = Evm.create2Address(CREATOR, U256.ZERO, TestContracts.initCode(InitKind.DEPLOY));
            state.putAccount(collision, 0, U256.ZERO, null, Map.of(U256.ONE, U256.ONE));
        }
    }

    static Address contract(int n) {
        return U256.of(0xc0de_0000_0000L + n).toAddress();
    }

    /** An address no account has, different at each call. */
    Address fresh() {
        return U256.of(0xf7e5_0000_0000L + freshCounter++).toAddress();
    }

    <T> T pick(SplittableRandom r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }

    Address rich(SplittableRandom r) {
        return pick(r, eoas);
    }

    /** An empty account, or a fresh address when there is none. */
    Address empty(SplittableRandom r) {
        return empties.isEmpty() ? fresh() : pick(r, empties);
    }

    Address destructor(SplittableRandom r) {
        return DESTRUCTORS[r.nextInt(DESTRUCTORS.length)];
    }

    Address nested(SplittableRandom r) {
        return NESTED[r.nextInt(NESTED.length)];
    }
}
