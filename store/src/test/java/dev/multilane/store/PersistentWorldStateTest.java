package dev.multilane.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistentWorldStateTest {
    private static final List<Address> ADDRESSES = List.of(
            Address.ZERO,
            Address.fromHex("0x" + "ff".repeat(20)),
            TestChain.SENDER,
            TestChain.EMITTER,
            Address.fromHex("0x1000000000000000000000000000000000000001"),
            Address.fromHex("0x1000000000000000000000000000000000000002"),
            Address.fromHex("0x2000000000000000000000000000000000000000"),
            Address.fromHex("0x3000000000000000000000000000000000000003"));
    private static final List<U256> SLOTS = List.of(U256.ZERO, U256.ONE, U256.of(2), U256.of(0xdead), U256.MAX,
            U256.ONE.shl(255));
    private static final List<byte[]> CODES = List.of(new byte[] {0x00}, new byte[] {0x60, 0x01, 0x60, 0x00, 0x55},
            new byte[] {0x5f, 0x5f, (byte) 0xf3});

    @TempDir
    Path dir;

    /**
     * Random blocks of random changes (balance and nonce updates, slot writes and zeroings, code
     * deployments, deletions, re-creations with cleared storage), applied to this state and to the
     * state module's InMemoryWorldState: after every block the roots and every read must agree.
     * Some blocks are discarded instead of committed. At the end the database is reopened and the
     * root rebuilt from the flat state must be the head's.
     */
    @Test
    void matchesInMemoryWorldStateOnRandomChanges() {
        for (long seed = 1; seed <= 4; seed++) {
            Path db = dir.resolve("seed" + seed);
            Random random = new Random(seed);
            Genesis genesis = TestChain.genesis();
            InMemoryWorldState reference = genesis.state();
            BlockHeader head;
            int committed = 0;
            try (ChainStore store = ChainStore.open(db)) {
                store.initialize(genesis);
                PersistentWorldState world = PersistentWorldState.open(store);
                assertEquals(reference.stateRoot(), world.root());
                head = genesis.block().header();
                for (int b = 0; b < 25; b++) {
                    InMemoryWorldState before = reference.copy();
                    int txs = random.nextInt(6);
                    for (int t = 0; t < txs; t++) {
                        List<AccountChange> changes = randomChanges(random, reference);
                        reference.apply(changes);
                        world.apply(changes);
                        if (random.nextInt(3) == 0) {
                            assertEquals(reference.stateRoot(), world.root(), "seed " + seed + " block " + b + " tx " + t);
                        }
                    }
                    assertEquals(reference.stateRoot(), world.root(), "seed " + seed + " block " + b);
                    assertSameReads(reference, world);
                    if (random.nextInt(5) == 0) {
                        world.discard();
                        reference = before;
                        assertEquals(reference.stateRoot(), world.root());
                        assertEquals(world.committedRoot(), world.root());
                    } else {
                        Block block = TestChain.block(head, List.of(), List.of(), world.root(), List.of());
                        assertInstanceOf(CommitOutcome.Committed.class, world.commit(block, List.of()));
                        assertEquals(List.of(), world.pendingChanges());
                        head = block.header();
                        committed++;
                    }
                    assertSameReads(reference, world);
                    assertSameReads(reference, store.state());
                    // The overlay is empty again: the cached head state is the committed one.
                    assertSameReads(reference, world.headState());
                }
            }
            assertTrue(committed > 10, "blocks committed: " + committed);
            try (ChainStore store = ChainStore.open(db)) {
                PersistentWorldState reopened = PersistentWorldState.open(store);
                assertEquals(head.stateRoot(), reopened.committedRoot());
                assertEquals(reference.stateRoot(), reopened.root());
                assertEquals(head.hash(), reopened.head().hash());
                assertSameReads(reference, reopened);
            }
        }
    }

    /** A transaction's worth of changes: up to four distinct accounts, built on the reference's current state. */
    static List<AccountChange> randomChanges(Random random, InMemoryWorldState reference) {
        List<AccountChange> changes = new ArrayList<>();
        Set<Address> touched = new LinkedHashSet<>();
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            touched.add(ADDRESSES.get(random.nextInt(ADDRESSES.size())));
        }
        for (Address a : touched) {
            AccountInfo current = reference.account(a);
            int op = random.nextInt(10);
            if (op == 0 && current != null) {
                changes.add(new AccountChange(a, null, null, true, Map.of()));
            } else if (op == 1) {
                changes.add(new AccountChange(a, new AccountInfo(1, U256.of(random.nextInt(100)), Keccak.EMPTY), null,
                        true, randomSlots(random)));
            } else if (op == 2) {
                byte[] code = CODES.get(random.nextInt(CODES.size()));
                changes.add(new AccountChange(a, new AccountInfo(1, U256.ZERO, Keccak.of(code)), code, true,
                        randomSlots(random)));
            } else {
                AccountInfo base = current == null ? AccountInfo.EMPTY : current;
                AccountInfo next = new AccountInfo(base.nonce() + random.nextInt(2),
                        U256.of(random.nextInt(3) == 0 ? 0 : random.nextInt(1_000_000)), base.codeHash());
                changes.add(new AccountChange(a, next, null, false, randomSlots(random)));
            }
        }
        return changes;
    }

    /** Writes to a few slots of the pool; a third of them zero (deletions). */
    private static Map<U256, U256> randomSlots(Random random) {
        Map<U256, U256> slots = new HashMap<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            slots.put(SLOTS.get(random.nextInt(SLOTS.size())),
                    random.nextInt(3) == 0 ? U256.ZERO : U256.of(1 + random.nextInt(1000)));
        }
        return slots;
    }

    static void assertSameReads(InMemoryWorldState expected, dev.multilane.evm.state.StateView actual) {
        for (Address a : ADDRESSES) {
            assertEquals(expected.account(a), actual.account(a), "account " + a);
            assertArrayEquals(expected.code(a), actual.code(a), "code " + a);
            assertEquals(expected.hasStorage(a), actual.hasStorage(a), "hasStorage " + a);
            for (U256 slot : SLOTS) {
                assertEquals(expected.storage(a, slot), actual.storage(a, slot), "slot " + slot + " of " + a);
            }
        }
    }

    @Test
    void aBlockWhoseHeaderHasAnotherRootIsRefusedAndTheOverlayKept() {
        Genesis genesis = TestChain.genesis();
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            PersistentWorldState world = PersistentWorldState.open(store);
            world.apply(List.of(new AccountChange(ADDRESSES.get(4), new AccountInfo(0, U256.ONE, Keccak.EMPTY), null,
                    false, Map.of())));
            Block wrong = TestChain.block(genesis.block().header(), List.of(), List.of(), Hash.ZERO, List.of());
            assertEquals(CommitOutcome.Reason.STATE_ROOT_MISMATCH,
                    assertInstanceOf(CommitOutcome.Refused.class, world.commit(wrong, List.of())).reason());
            assertEquals(U256.ONE, world.account(ADDRESSES.get(4)).balance());
            assertEquals(0, store.head().orElseThrow().number());
            Block right = TestChain.block(genesis.block().header(), List.of(), List.of(), world.root(), List.of());
            assertInstanceOf(CommitOutcome.Committed.class, world.commit(right, List.of()));
            assertEquals(U256.ONE, store.state().account(ADDRESSES.get(4)).balance());
        }
    }

    @Test
    void theOverlayMergesOneEntryPerAccount() {
        Genesis genesis = TestChain.genesis();
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            PersistentWorldState world = PersistentWorldState.open(store);
            Address e = TestChain.EMITTER;
            byte[] code = CODES.get(1);
            world.apply(List.of(new AccountChange(e, null, null, true, Map.of())));
            world.apply(List.of(new AccountChange(e, new AccountInfo(1, U256.ONE, Keccak.of(code)), code, true,
                    Map.of(U256.of(5), U256.of(6)))));
            world.apply(List.of(new AccountChange(e, new AccountInfo(2, U256.ONE, Keccak.of(code)), null, false,
                    Map.of(U256.of(5), U256.ZERO, U256.of(7), U256.of(8)))));
            List<AccountChange> changes = world.pendingChanges();
            assertEquals(1, changes.size());
            AccountChange c = changes.get(0);
            assertEquals(2, c.info().nonce());
            assertArrayEquals(code, c.code());
            assertTrue(c.storageCleared());
            assertEquals(Map.of(U256.of(5), U256.ZERO, U256.of(7), U256.of(8)), c.storage());
            // The genesis slot 1 is gone (deleted first), though the flat state still has it.
            assertEquals(U256.ZERO, world.storage(e, U256.ONE));
            assertEquals(U256.of(42), store.state().storage(e, U256.ONE));
            assertTrue(world.hasStorage(e));
        }
    }

    @Test
    void codeThatDoesNotMatchItsHashIsRejected() {
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(TestChain.genesis());
            PersistentWorldState world = PersistentWorldState.open(store);
            AccountChange bad = new AccountChange(ADDRESSES.get(4), new AccountInfo(1, U256.ZERO, Keccak.EMPTY),
                    CODES.get(0), false, Map.of());
            assertThrows(IllegalArgumentException.class, () -> world.apply(List.of(bad)));
        }
    }

    /** A flat state changed behind the tries' back no longer gives the head's root, and open says so. */
    @Test
    void openDetectsAFlatStateThatIsNotTheHeads() throws Exception {
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(TestChain.genesis());
            store.db().put(store.handle(Column.STORAGE), StoreKeys.storage(TestChain.EMITTER, U256.of(9)),
                    AccountCodec.encodeSlot(U256.ONE));
            StoreException e = assertThrows(StoreException.class, () -> PersistentWorldState.open(store));
            assertTrue(e.getMessage().contains("root"), e.getMessage());
        }
    }

    @Test
    void openNeedsAGenesis() {
        try (ChainStore store = ChainStore.open(dir)) {
            assertThrows(StoreException.class, () -> PersistentWorldState.open(store));
        }
    }
}
