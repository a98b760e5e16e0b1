package dev.multilane.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head cache's {@code hasStorage} answer through the commits that change it, checked against
 * the flat state itself (a seek) after every block. The genesis contract {@link TestChain#EMITTER}
 * holds one slot (1 = 42); {@code PLAIN} starts without storage.
 */
class HeadStateCacheTest {
    private static final Address EMITTER = TestChain.EMITTER;
    private static final Address PLAIN = Address.fromHex("0x1000000000000000000000000000000000000001");
    private static final AccountInfo CONTRACT = new AccountInfo(1, U256.ZERO, Keccak.of(new byte[] {0x00}));

    @TempDir
    Path dir;

    @Test
    void followsEveryKindOfStorageChange() {
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(TestChain.genesis());
            PersistentWorldState world = PersistentWorldState.open(store);
            Chain chain = new Chain(store, world);
            // Asked before each block, so every answer below is a cached one being updated.
            chain.check(true, false);

            // A non-zero write to an account known to have none.
            chain.commit(change(PLAIN, Map.of(U256.of(3), U256.of(4))));
            chain.check(true, true);

            // Zeroing the only slot: the cache cannot know it was the last, and must not say true.
            chain.commit(change(EMITTER, Map.of(U256.ONE, U256.ZERO)));
            chain.check(false, true);

            // Zeroing a slot of an account known to have none keeps none.
            chain.commit(change(EMITTER, Map.of(U256.of(9), U256.ZERO)));
            chain.check(false, true);

            // A storage reset with a write: exactly the written slots remain.
            chain.commit(new AccountChange(PLAIN, CONTRACT, null, true, Map.of(U256.of(5), U256.ONE)));
            chain.check(false, true);

            // A storage reset writing only zeros, to an account that had storage.
            chain.commit(new AccountChange(PLAIN, CONTRACT, null, true, Map.of(U256.of(5), U256.ZERO)));
            chain.check(false, false);

            // Storage again, then a deletion.
            chain.commit(change(EMITTER, Map.of(U256.of(7), U256.of(8))));
            chain.check(true, false);
            chain.commit(new AccountChange(EMITTER, null, null, true, Map.of()));
            chain.check(false, false);

            // The change without storage writes leaves the answer alone.
            chain.commit(change(PLAIN, Map.of(U256.of(6), U256.of(6))));
            chain.commit(new AccountChange(PLAIN, CONTRACT.withBalance(U256.ONE), null, false, Map.of()));
            chain.check(false, true);
        }
    }

    /** Once known, the answer comes from memory: a slot written behind the cache's back goes unseen. */
    @Test
    void answersFromMemoryOnceKnown() throws Exception {
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(TestChain.genesis());
            PersistentWorldState world = PersistentWorldState.open(store);
            assertFalse(world.hasStorage(PLAIN));
            store.db().put(store.handle(Column.STORAGE), StoreKeys.storage(PLAIN, U256.ONE),
                    AccountCodec.encodeSlot(U256.ONE));
            assertTrue(store.state().hasStorage(PLAIN));
            assertFalse(world.hasStorage(PLAIN));
            assertFalse(world.headState().hasStorage(PLAIN));
        }
    }

    /** With an overlay, a block that zeroes the last slot answers false without a scan of the flat state. */
    @Test
    void theOverlayCombinesWithTheCachedAnswer() {
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(TestChain.genesis());
            PersistentWorldState world = PersistentWorldState.open(store);
            world.apply(List.of(change(EMITTER, Map.of(U256.ONE, U256.ZERO))));
            assertFalse(world.hasStorage(EMITTER));
            world.apply(List.of(change(PLAIN, Map.of(U256.ONE, U256.ZERO))));
            assertFalse(world.hasStorage(PLAIN));
            world.discard();
            assertTrue(world.hasStorage(EMITTER));
        }
    }

    private static AccountChange change(Address address, Map<U256, U256> slots) {
        return new AccountChange(address, CONTRACT, null, false, slots);
    }

    /** Commits one change per block and compares the cached answers with the flat state's. */
    private static final class Chain {
        private final ChainStore store;
        private final PersistentWorldState world;
        private BlockHeader head;

        Chain(ChainStore store, PersistentWorldState world) {
            this.store = store;
            this.world = world;
            this.head = store.header(0).orElseThrow();
        }

        void commit(AccountChange change) {
            world.apply(List.of(change));
            Block block = TestChain.block(head, List.of(), List.of(), world.root(), List.of());
            assertInstanceOf(CommitOutcome.Committed.class, world.commit(block, List.of()));
            head = block.header();
        }

        void check(boolean emitter, boolean plain) {
            String at = "after block " + head.number();
            assertEquals(emitter, store.state().hasStorage(EMITTER), "flat state, emitter, " + at);
            assertEquals(plain, store.state().hasStorage(PLAIN), "flat state, plain, " + at);
            assertEquals(emitter, world.hasStorage(EMITTER), "world, emitter, " + at);
            assertEquals(plain, world.hasStorage(PLAIN), "world, plain, " + at);
            assertEquals(emitter, world.headState().hasStorage(EMITTER), "head state, emitter, " + at);
            assertEquals(plain, world.headState().hasStorage(PLAIN), "head state, plain, " + at);
        }
    }
}
