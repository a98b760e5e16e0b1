package dev.multilane.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.primitives.Bytes;
import dev.multilane.primitives.Hash;
import dev.multilane.state.InMemoryWorldState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store writes a block's state changes into the flat state after the block's commit ({@link
 * StateDiff}, the applier thread). These tests hold the applier back so that diffs pile up, and
 * check what readers see meanwhile, what the applier writes, and what a reopen after a crash
 * recovers.
 */
class DeferredStateTest {
    @TempDir
    Path dir;

    /**
     * Random blocks, committed in rounds of one to {@link ChainStore#MAX_UNAPPLIED} while the applier
     * is held: the latest flat state and the head cache must answer as the reference after every
     * block. Each round ends either with the applier released (then the flat state in RocksDB, and
     * the history at every earlier block, must match) or with a simulated crash and a reopen, which
     * must apply the stored diffs and rebuild the head's root.
     */
    @Test
    void readsSeeUnappliedBlocksAndAReopenAppliesThem() throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            Path db = dir.resolve("seed" + seed);
            Random random = new Random(seed);
            Genesis genesis = TestChain.genesis();
            InMemoryWorldState reference = genesis.state();
            List<InMemoryWorldState> atBlock = new ArrayList<>(List.of(reference.copy()));
            BlockHeader head = genesis.block().header();
            int crashes = 0;
            long nonce = 0;
            Map<Hash, TxLocation> located = new HashMap<>();
            List<Committed> committed = new ArrayList<>();
            int staged = 0;
            boolean referred = false;
            ChainStore store = ChainStore.open(db);
            store.initialize(genesis);
            CountDownLatch release = new CountDownLatch(0);
            try {
                for (int round = 0; round < 8; round++) {
                    PersistentWorldState world = PersistentWorldState.open(store);
                    release = new CountDownLatch(1);
                    store.holdApplier(release);
                    int blocks = 1 + random.nextInt(ChainStore.MAX_UNAPPLIED);
                    for (int b = 0; b < blocks; b++) {
                        List<Transaction> txs = TestChain.transactions(nonce, random.nextInt(4));
                        nonce += txs.size();
                        List<Receipt> receipts = TestChain.receipts(txs, head.number() + 1);
                        // 0: records encoded at commit; 1: encoded ahead, perhaps staged by the store
                        // alone; 2: built in parts, each staged with the state diff's items so far.
                        int mode = random.nextInt(3);
                        BlockEncoding encoding = mode == 0 ? null : new BlockEncoding();
                        int added = 0;
                        for (int t = 1 + random.nextInt(5); t > 0; t--) {
                            List<AccountChange> changes = PersistentWorldStateTest.randomChanges(random, reference);
                            reference.apply(changes);
                            world.apply(changes);
                            if (random.nextBoolean()) {
                                world.encodeAhead(); // the diff's items, as a block built in parts has them
                            }
                            if (mode == 2 && random.nextBoolean()) {
                                int upTo = added + random.nextInt(txs.size() - added + 1);
                                encoding.add(txs.subList(added, upTo), receipts.subList(added, upTo));
                                added = upTo;
                                world.stage(encoding);
                                staged++;
                            }
                        }
                        Block block = TestChain.block(head, txs, receipts, world.root(), List.of());
                        if (mode == 2) {
                            encoding.add(txs.subList(added, txs.size()), receipts.subList(added, txs.size()));
                        } else if (mode == 1) { // in two parts, each perhaps staged
                            int cut = txs.isEmpty() ? 0 : random.nextInt(txs.size());
                            encoding.add(txs.subList(0, cut), receipts.subList(0, cut));
                            if (random.nextBoolean()) {
                                store.stage(encoding);
                            }
                            encoding.add(txs.subList(cut, txs.size()), receipts.subList(cut, txs.size()));
                            if (random.nextBoolean()) {
                                store.stage(encoding);
                            }
                        }
                        if (random.nextInt(4) == 0) { // a block begun ahead and given up
                            BlockEncoding dropped = new BlockEncoding();
                            dropped.add(txs, receipts);
                            store.stage(dropped);
                            store.discardStaged(dropped);
                        }
                        committed.add(new Committed(block, receipts));
                        assertInstanceOf(CommitOutcome.Committed.class, world.commit(block, receipts, encoding));
                        head = block.header();
                        for (int i = 0; i < txs.size(); i++) {
                            located.put(txs.get(i).hash(), new TxLocation(head.number(), head.hash(), i));
                        }
                        assertEquals(block.transactions(), store.block(head.hash()).orElseThrow().transactions());
                        List<Receipt> stored = store.receipts(head.hash()).orElseThrow();
                        assertEquals(receipts.size(), stored.size());
                        for (int i = 0; i < receipts.size(); i++) {
                            assertArrayEquals(receipts.get(i).encode(), stored.get(i).encode(), "receipt " + i);
                        }
                        assertLocated(store, located);
                        atBlock.add(reference.copy());
                        String where = "seed " + seed + " round " + round + " block " + head.number();
                        assertEquals(b + 1, store.unappliedDiffs().length, where);
                        assertEquals(head.hash(), store.head().orElseThrow().hash(), where);
                        PersistentWorldStateTest.assertSameReads(reference, store.state());
                        PersistentWorldStateTest.assertSameReads(reference, world.headState());
                    }
                    if (random.nextBoolean()) {
                        release.countDown();
                        store.awaitState();
                        assertEquals(0, store.unappliedDiffs().length);
                        assertStateMarker(store, head);
                        // The applier has written the blocks through to the head cache.
                        PersistentWorldStateTest.assertSameReads(reference, world.headState());
                        PersistentWorldStateTest.assertSameReads(reference, store.state());
                        assertLocated(store, located);
                        assertRecords(store, committed);
                        assertNoDiffParts(store);
                        for (Hash tx : located.keySet()) { // written by the applier, not only in memory
                            assertNotNull(store.get(Column.TX_INDEX, tx.bytes()), "index entry of " + tx);
                        }
                        try (StateSnapshot snapshot = store.snapshot()) {
                            assertEquals(head.hash(), snapshot.head().hash());
                            PersistentWorldStateTest.assertSameReads(reference, snapshot);
                            for (int n = 0; n < atBlock.size(); n++) {
                                PersistentWorldStateTest.assertSameReads(atBlock.get(n), snapshot.at(n));
                            }
                        }
                    } else {
                        if (random.nextBoolean()) { // a block being built ahead when the node stopped
                            BlockEncoding building = new BlockEncoding();
                            List<Transaction> next = TestChain.transactions(nonce, 1 + random.nextInt(3));
                            building.add(next, TestChain.receipts(next, head.number() + 1));
                            store.stage(building);
                        }
                        store.closeAsIfCrashed();
                        crashes++;
                        store = ChainStore.open(db);
                        assertEquals(head.hash(), store.head().orElseThrow().hash());
                        assertStateMarker(store, head);
                        for (int n = 1; n <= head.number(); n++) {
                            assertNull(store.get(Column.STATE_DIFFS, StoreKeys.number(n)), "diff of block " + n);
                        }
                        assertRecords(store, committed);
                        assertOnlyReferencedParts(store, committed);
                        PersistentWorldState reopened = PersistentWorldState.open(store);
                        assertEquals(head.stateRoot(), reopened.committedRoot());
                        // The index entries of the blocks unapplied at the crash come from their bodies.
                        assertLocated(store, located);
                        PersistentWorldStateTest.assertSameReads(reference, store.state());
                    }
                }
            } finally {
                release.countDown(); // or a failed assertion would leave close() waiting for the applier
                store.close();
            }
            assertTrue(crashes > 0 && crashes < 8, "seed " + seed + ": " + crashes + " of 8 rounds crashed");
            try (ChainStore reopened = ChainStore.open(db)) {
                assertRecords(reopened, committed);
                assertOnlyReferencedParts(reopened, committed);
                for (Committed c : committed) {
                    referred |= StagedRecords.isReference(reopened.get(Column.BODIES, c.block().header().hash().bytes()));
                }
                assertNoDiffParts(reopened);
            }
            assertTrue(referred && staged > 0, "seed " + seed + ": no block referred to staged parts");
        }
    }

    private record Committed(Block block, List<Receipt> receipts) {}

    /** Every committed block's transactions and receipts read back as committed. */
    private static void assertRecords(ChainStore store, List<Committed> blocks) {
        for (Committed c : blocks) {
            Hash hash = c.block().header().hash();
            assertEquals(c.block().transactions(), store.block(hash).orElseThrow().transactions());
            List<Receipt> stored = store.receipts(hash).orElseThrow();
            assertEquals(c.receipts().size(), stored.size());
            for (int i = 0; i < stored.size(); i++) {
                assertArrayEquals(c.receipts().get(i).encode(), stored.get(i).encode(), "receipt " + i);
            }
        }
    }

    /**
     * The staged parts left are exactly those the committed blocks' bodies refer to: a reopen
     * deletes the parts of blocks never committed.
     */
    private static void assertOnlyReferencedParts(ChainStore store, List<Committed> blocks) {
        java.util.Set<String> referred = new java.util.HashSet<>();
        for (Committed c : blocks) {
            byte[] body = store.get(Column.BODIES, c.block().header().hash().bytes());
            if (StagedRecords.isReference(body)) {
                for (int i = 0; i < StagedRecords.parts(body); i++) {
                    referred.add(java.util.HexFormat.of().formatHex(StoreKeys.stagedPart(StagedRecords.stage(body), i)));
                }
            }
        }
        java.util.Set<String> present = new java.util.HashSet<>();
        try (org.rocksdb.RocksIterator it = store.db().newIterator(store.handle(Column.STAGED))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                if (it.key().length == 12) { // not a part's state-diff items
                    present.add(java.util.HexFormat.of().formatHex(it.key()));
                }
            }
        }
        assertEquals(referred, present);
    }

    /** No staged state-diff items are left once every block's state is applied. */
    private static void assertNoDiffParts(ChainStore store) {
        try (org.rocksdb.RocksIterator it = store.db().newIterator(store.handle(Column.STAGED))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                assertEquals(12, it.key().length, "a staged state-diff part left after its block's state was applied");
            }
        }
    }

    private static void assertLocated(ChainStore store, Map<Hash, TxLocation> located) {
        located.forEach((tx, at) -> assertEquals(Optional.of(at), store.transactionLocation(tx), "location of " + tx));
    }

    /** A schema-3 database (no state marker: its flat state is the head's) is upgraded on open. */
    @Test
    void aSchema3DatabaseIsUpgraded() {
        Genesis genesis = TestChain.genesis();
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            byte[] three = new byte[4];
            Bytes.putInt(three, 0, 3);
            store.db().put(store.handle(Column.META), StoreKeys.META_SCHEMA, three);
            store.db().delete(store.handle(Column.META), StoreKeys.META_STATE);
        } catch (org.rocksdb.RocksDBException e) {
            throw new AssertionError(e);
        }
        try (ChainStore store = ChainStore.open(dir)) {
            assertEquals(ChainStore.SCHEMA_VERSION, Bytes.getInt(store.get(Column.META, StoreKeys.META_SCHEMA), 0));
            assertStateMarker(store, genesis.block().header());
            assertEquals(genesis.block().header().stateRoot(), PersistentWorldState.open(store).committedRoot());
        }
    }

    /** A schema-4 database (no staged parts, nothing refers to them) is upgraded on open; a newer one is refused. */
    @Test
    void aSchema4DatabaseIsUpgradedAndANewerOneRefused() {
        Genesis genesis = TestChain.genesis();
        for (int version : new int[] {4, ChainStore.SCHEMA_VERSION + 1}) {
            Path db = dir.resolve("v" + version);
            try (ChainStore store = ChainStore.open(db)) {
                store.initialize(genesis);
                byte[] v = new byte[4];
                Bytes.putInt(v, 0, version);
                store.db().put(store.handle(Column.META), StoreKeys.META_SCHEMA, v);
            } catch (org.rocksdb.RocksDBException e) {
                throw new AssertionError(e);
            }
            if (version == 4) {
                try (ChainStore store = ChainStore.open(db)) {
                    assertEquals(ChainStore.SCHEMA_VERSION, Bytes.getInt(store.get(Column.META, StoreKeys.META_SCHEMA), 0));
                    assertEquals(genesis.block().header().hash(), store.head().orElseThrow().hash());
                }
            } else {
                StoreException e = org.junit.jupiter.api.Assertions.assertThrows(StoreException.class, () -> ChainStore.open(db));
                assertTrue(e.getMessage().contains("schema " + version), e.getMessage());
            }
        }
    }

    /** A diff's stored form decodes to the same changes. */
    @Test
    void aDiffRoundTrips() {
        Random random = new Random(7);
        InMemoryWorldState reference = TestChain.genesis().state();
        for (int i = 0; i < 200; i++) {
            List<AccountChange> changes = PersistentWorldStateTest.randomChanges(random, reference);
            reference.apply(changes);
            List<AccountChange> decoded = StateDiff.decode(StateDiff.encode(changes));
            assertEquals(changes.size(), decoded.size());
            for (int c = 0; c < changes.size(); c++) {
                AccountChange want = changes.get(c);
                AccountChange got = decoded.get(c);
                assertEquals(want.address(), got.address());
                assertEquals(want.info(), got.info());
                assertArrayEquals(want.code(), got.code());
                assertEquals(want.storageCleared(), got.storageCleared());
                assertEquals(want.storage(), got.storage());
            }
        }
    }

    private static void assertStateMarker(ChainStore store, BlockHeader head) {
        ChainHead marker = StoreKeys.head(store.get(Column.META, StoreKeys.META_STATE));
        assertEquals(head.number(), marker.number());
        assertEquals(head.hash(), marker.hash());
    }
}
