package dev.multilane.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.Log;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.evm.state.AccountInfo;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.Keccak;
import dev.multilane.primitives.U256;
import dev.multilane.state.InMemoryWorldState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainStoreTest {
    private static final Address ALICE = Address.fromHex("0x00000000000000000000000000000000000a11ce");
    private static final byte[] CODE = {0x60, 0x00, 0x60, 0x00, (byte) 0xf3};

    @TempDir
    Path dir;

    private static CommitOutcome.Committed committed(CommitOutcome outcome) {
        return assertInstanceOf(CommitOutcome.Committed.class, outcome, () -> outcome.toString());
    }

    private static CommitOutcome.Reason refusal(CommitOutcome outcome) {
        return assertInstanceOf(CommitOutcome.Refused.class, outcome).reason();
    }

    @Test
    void genesisIsWrittenWithItsStateAndIdentity() {
        Genesis genesis = TestChain.genesis();
        try (ChainStore store = ChainStore.open(dir)) {
            assertTrue(store.head().isEmpty());
            assertEquals(new ChainHead(0, genesis.hash()), committed(store.initialize(genesis)).head());
            assertEquals(new ChainHead(0, genesis.hash()), store.head().orElseThrow());
            assertEquals(TestChain.CHAIN_ID, store.chainId().orElseThrow());
            assertEquals(genesis.hash(), store.genesisHash().orElseThrow());
            assertEquals(genesis.block().header(), store.header(0).orElseThrow());
            assertEquals(List.of(), store.block(genesis.hash()).orElseThrow().withdrawals());
            assertEquals(List.of(), store.receipts(genesis.hash()).orElseThrow());
            assertEquals(U256.parse("1000000000000000000000"), store.state().account(TestChain.SENDER).balance());
            assertEquals(U256.of(42), store.state().storage(TestChain.EMITTER, U256.ONE));
            assertEquals(U256.ZERO, store.state().storage(TestChain.EMITTER, U256.of(2)));
            assertArrayEquals(genesis.alloc().stream().filter(c -> c.code() != null).findFirst().orElseThrow().code(),
                    store.state().code(TestChain.EMITTER));
            assertTrue(store.state().hasStorage(TestChain.EMITTER));
            assertFalse(store.state().hasStorage(TestChain.SENDER));
            assertNull(store.state().account(ALICE));

            // The same genesis again is a no-op; another one is refused.
            assertEquals(new ChainHead(0, genesis.hash()), committed(store.initialize(genesis)).head());
            Genesis other = Genesis.parse(TestChain.GENESIS_JSON.replace("\"chainId\": 1337", "\"chainId\": 1338"));
            assertEquals(CommitOutcome.Reason.GENESIS_MISMATCH, refusal(store.initialize(other)));
        }
    }

    @Test
    void commitBeforeGenesisIsRefused() {
        Genesis genesis = TestChain.genesis();
        try (ChainStore store = ChainStore.open(dir)) {
            Block block = TestChain.block(genesis.block().header(), List.of(), List.of(), Hash.ZERO, List.of());
            assertEquals(CommitOutcome.Reason.NOT_INITIALIZED,
                    refusal(store.commit(block, List.of(), List.of(), Hash.ZERO)));
        }
    }

    @Test
    void committedBlockIsReadBackWhole() {
        Genesis genesis = TestChain.genesis();
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            List<Transaction> txs = TestChain.transactions(0, 6);
            List<Receipt> receipts = TestChain.receipts(txs, 1);
            List<AccountChange> changes = List.of(
                    new AccountChange(ALICE, new AccountInfo(0, U256.of(5), Keccak.of(CODE)), CODE, false,
                            Map.of(U256.of(7), U256.of(70))));
            Hash root = rootAfter(genesis, changes);
            Block block = TestChain.block(genesis.block().header(), txs, receipts, root,
                    TestChain.withdrawals(0, 2, new Random(3)));
            Hash hash = block.header().hash();
            assertEquals(new ChainHead(1, hash), committed(store.commit(block, receipts, changes, root)).head());

            assertEquals(block.header(), store.header(hash).orElseThrow());
            assertEquals(block.header(), store.header(1).orElseThrow());
            assertEquals(hash, store.canonicalHash(1).orElseThrow());
            Block read = store.block(1).orElseThrow();
            assertEquals(block.transactions(), read.transactions());
            assertEquals(block.withdrawals(), read.withdrawals());
            List<Receipt> readReceipts = store.receipts(hash).orElseThrow();
            for (int i = 0; i < receipts.size(); i++) {
                assertArrayEquals(receipts.get(i).encode(), readReceipts.get(i).encode());
                assertEquals(new TxLocation(1, hash, i), store.transactionLocation(txs.get(i).hash()).orElseThrow());
            }
            assertArrayEquals(block.header().logsBloom(), store.bloom(1).orElseThrow().toBytes());
            assertArrayEquals(CODE, store.state().code(ALICE));
            assertArrayEquals(CODE, store.state().code(Keccak.of(CODE)));
            assertEquals(U256.of(70), store.state().storage(ALICE, U256.of(7)));

            assertTrue(store.header(2).isEmpty());
            assertTrue(store.block(Hash.ZERO).isEmpty());
            assertTrue(store.transactionLocation(Hash.ZERO).isEmpty());
        }
    }

    @Test
    void blocksThatDoNotExtendTheHeadWriteNothing() {
        Genesis genesis = TestChain.genesis();
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            BlockHeader g = genesis.block().header();
            List<Transaction> txs = TestChain.transactions(0, 2);
            List<Receipt> receipts = TestChain.receipts(txs, 1);
            Block good = TestChain.block(g, txs, receipts, g.stateRoot(), List.of());

            Block orphan = TestChain.block(good.header(), txs, receipts, g.stateRoot(), List.of());
            assertEquals(CommitOutcome.Reason.NOT_CHILD_OF_HEAD,
                    refusal(store.commit(orphan, receipts, List.of(), g.stateRoot())));
            assertEquals(CommitOutcome.Reason.RECEIPT_COUNT,
                    refusal(store.commit(good, receipts.subList(0, 1), List.of(), g.stateRoot())));
            assertEquals(CommitOutcome.Reason.STATE_ROOT_MISMATCH,
                    refusal(store.commit(good, receipts, List.of(), Hash.ZERO)));
            assertEquals(0, store.head().orElseThrow().number());
            assertTrue(store.header(good.header().hash()).isEmpty());
            assertTrue(store.transactionLocation(txs.get(0).hash()).isEmpty());

            committed(store.commit(good, receipts, List.of(), g.stateRoot()));
            // The same block twice: its parent is no longer the head.
            assertEquals(CommitOutcome.Reason.NOT_CHILD_OF_HEAD,
                    refusal(store.commit(good, receipts, List.of(), g.stateRoot())));
        }
    }

    /** Deletion and storage reset remove every old slot; slots written after a reset in the same change survive it. */
    @Test
    void stateChangesFollowAccountChangeSemantics() {
        Genesis genesis = TestChain.genesis();
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            Address bob = Address.fromHex("0x" + "ff".repeat(20)); // the top of the key space
            AccountInfo info = new AccountInfo(1, U256.ONE, Keccak.EMPTY);
            BlockHeader parent = genesis.block().header();
            parent = commitChanges(store, parent, List.of(
                    new AccountChange(ALICE, info, null, false, Map.of(U256.ONE, U256.ONE, U256.of(2), U256.of(2))),
                    new AccountChange(bob, info, null, false, Map.of(U256.MAX, U256.of(9), U256.ZERO, U256.of(8)))));
            assertEquals(U256.of(9), store.state().storage(bob, U256.MAX));

            parent = commitChanges(store, parent, List.of(
                    new AccountChange(ALICE, info, null, true, Map.of(U256.of(3), U256.of(3))),
                    new AccountChange(bob, null, null, true, Map.of()),
                    new AccountChange(TestChain.EMITTER, new AccountInfo(1, U256.ZERO, Keccak.of(new byte[] {0x60, 0x01,
                            0x60, 0x00, 0x55, 0x00})), null, false, Map.of(U256.ONE, U256.ZERO))));
            assertEquals(U256.ZERO, store.state().storage(ALICE, U256.ONE));
            assertEquals(U256.ZERO, store.state().storage(ALICE, U256.of(2)));
            assertEquals(U256.of(3), store.state().storage(ALICE, U256.of(3)));
            assertNull(store.state().account(bob));
            assertEquals(U256.ZERO, store.state().storage(bob, U256.MAX));
            assertFalse(store.state().hasStorage(bob));
            assertFalse(store.state().hasStorage(TestChain.EMITTER));
            assertTrue(store.state().hasStorage(ALICE));
            assertEquals(2, parent.number());
        }
    }

    /**
     * Unmerged changes, as the public commit takes them: a slot written before a later change resets
     * the same account's storage must be gone, so those writes keep their order (the sorted batch of
     * OrderedWrites is only for one change per account); merged ones are sorted and must agree.
     */
    @Test
    void aResetRemovesSlotsWrittenBeforeItInTheSameBlock() {
        Genesis genesis = TestChain.genesis();
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            AccountInfo info = new AccountInfo(1, U256.ONE, Keccak.EMPTY);
            Address carol = Address.fromHex("0x" + "0c".repeat(20));
            BlockHeader parent = commitChanges(store, genesis.block().header(), List.of(
                    new AccountChange(ALICE, info, null, false, Map.of(U256.of(5), U256.of(5))),
                    new AccountChange(carol, info, null, false, Map.of(U256.of(1), U256.of(1))),
                    new AccountChange(ALICE, info, null, true, Map.of(U256.of(6), U256.of(6)))));
            assertEquals(U256.ZERO, store.state().storage(ALICE, U256.of(5)));
            assertEquals(U256.of(6), store.state().storage(ALICE, U256.of(6)));
            assertEquals(U256.ONE, store.state().storage(carol, U256.ONE));

            commitChanges(store, parent, List.of(
                    new AccountChange(carol, info, null, true, Map.of(U256.of(2), U256.of(2))),
                    new AccountChange(ALICE, info, null, false, Map.of(U256.of(6), U256.ZERO, U256.of(7), U256.of(7)))));
            assertEquals(U256.ZERO, store.state().storage(carol, U256.ONE));
            assertEquals(U256.of(2), store.state().storage(carol, U256.of(2)));
            assertEquals(U256.ZERO, store.state().storage(ALICE, U256.of(6)));
            assertEquals(U256.of(7), store.state().storage(ALICE, U256.of(7)));
        }
    }

    @Test
    void everythingSurvivesReopening() {
        Genesis genesis = TestChain.genesis();
        BlockHeader head;
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            head = commitChanges(store, genesis.block().header(), List.of(
                    new AccountChange(ALICE, new AccountInfo(3, U256.of(33), Keccak.EMPTY), null, false,
                            Map.of(U256.ONE, U256.of(11)))));
        }
        try (ChainStore store = ChainStore.open(dir)) {
            assertEquals(new ChainHead(1, head.hash()), store.head().orElseThrow());
            assertEquals(head, store.header(1).orElseThrow());
            assertEquals(3, store.state().account(ALICE).nonce());
            assertEquals(U256.of(11), store.state().storage(ALICE, U256.ONE));
            assertEquals(genesis.hash(), store.genesisHash().orElseThrow());
        }
    }

    @Test
    void aSnapshotKeepsItsHeadAndStateWhileBlocksLand() {
        Genesis genesis = TestChain.genesis();
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            BlockHeader one = commitChanges(store, genesis.block().header(), List.of(
                    new AccountChange(ALICE, new AccountInfo(0, U256.of(1), Keccak.EMPTY), null, false,
                            Map.of(U256.ONE, U256.ONE))));
            try (StateSnapshot snapshot = store.snapshot()) {
                commitChanges(store, one, List.of(
                        new AccountChange(ALICE, new AccountInfo(0, U256.of(2), Keccak.EMPTY), null, true, Map.of())));
                assertEquals(new ChainHead(1, one.hash()), snapshot.head());
                assertEquals(U256.of(1), snapshot.account(ALICE).balance());
                assertEquals(U256.ONE, snapshot.storage(ALICE, U256.ONE));
                assertTrue(snapshot.hasStorage(ALICE));
                assertEquals(U256.of(2), store.state().account(ALICE).balance());
                assertFalse(store.state().hasStorage(ALICE));
                assertEquals(2, store.head().orElseThrow().number());
            }
        }
    }

    /** eth_getLogs against a brute-force scan of the receipts that went in. */
    @Test
    void logsMatchABruteForceScan() {
        Genesis genesis = TestChain.genesis();
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            BlockHeader parent = genesis.block().header();
            List<IndexedLog> all = new ArrayList<>();
            long nonce = 0;
            for (int n = 1; n <= 8; n++) {
                // Block 5 has no transactions at all; the others emit logs with block-dependent topics.
                List<Transaction> txs = TestChain.transactions(nonce, n == 5 ? 0 : n % 4 + 1);
                nonce += txs.size();
                List<Receipt> receipts = TestChain.receipts(txs, n);
                Block block = TestChain.block(parent, txs, receipts, genesis.block().header().stateRoot(), List.of());
                committed(store.commit(block, receipts, List.of(), block.header().stateRoot()));
                int logIndex = 0;
                for (int i = 0; i < receipts.size(); i++) {
                    for (Log log : receipts.get(i).logs()) {
                        all.add(new IndexedLog(log, n, block.header().hash(), txs.get(i).hash(), i, logIndex++));
                    }
                }
                parent = block.header();
            }
            List<LogFilter> filters = List.of(
                    new LogFilter(0, Long.MAX_VALUE, List.of(), List.of()),
                    new LogFilter(2, 6, List.of(TestChain.EMITTER), List.of()),
                    new LogFilter(0, 100, List.of(TestChain.TO), List.of()),
                    new LogFilter(1, 8, List.of(), List.of(List.of(TestChain.TOPIC_A))),
                    new LogFilter(1, 8, List.of(), List.of(List.of(), List.of(U256.of(3).toHash(), U256.of(7).toHash()))),
                    new LogFilter(1, 8, List.of(), List.of(List.of(), List.of(), List.of())),
                    new LogFilter(9, 20, List.of(), List.of()),
                    new LogFilter(6, 3, List.of(), List.of()));
            int checked = 0;
            for (LogFilter f : filters) {
                List<IndexedLog> expected = all.stream()
                        .filter(l -> l.blockNumber() >= f.fromBlock() && l.blockNumber() <= f.toBlock() && f.matches(l.log()))
                        .toList();
                assertEquals(ids(expected), ids(store.logs(f)), f.toString());
                checked += expected.size();
            }
            assertTrue(checked > 10, "the filters should select some logs: " + checked);
            assertEquals(0, store.logs(new LogFilter(1, 8, List.of(), List.of(List.of(), List.of(), List.of()))).size());
        }
    }

    private static List<String> ids(List<IndexedLog> logs) {
        return logs.stream().map(l -> l.blockNumber() + "/" + l.blockHash() + "/" + l.transactionHash() + "/"
                + l.transactionIndex() + "/" + l.logIndex() + "/" + l.log().address() + l.log().topics()
                + Hex.encode(l.log().data())).toList();
    }

    @Test
    void aDatabaseOfAnotherSchemaIsRefused() throws Exception {
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(TestChain.genesis());
            store.db().put(store.handle(Column.META), StoreKeys.META_SCHEMA, new byte[] {0, 0, 0, 99});
        }
        StoreException e = assertThrows(StoreException.class, () -> ChainStore.open(dir));
        assertTrue(e.getMessage().contains("schema 99"), e.getMessage());
    }

    /** Commits an empty child of {@code parent} carrying {@code changes}, with the root they give on top of the store's state. */
    private static BlockHeader commitChanges(ChainStore store, BlockHeader parent,
            List<AccountChange> changes) {
        PersistentWorldState world = PersistentWorldState.open(store);
        world.apply(changes);
        Block block = TestChain.block(parent, List.of(), List.of(), world.root(), List.of());
        committed(store.commit(block, List.of(), changes, world.root()));
        return block.header();
    }

    private static Hash rootAfter(Genesis genesis, List<AccountChange> changes) {
        InMemoryWorldState state = genesis.state();
        state.apply(changes);
        return state.stateRoot();
    }
}
