package dev.multilane.store;

import static dev.multilane.store.PersistentWorldStateTest.assertSameReads;
import static dev.multilane.store.PersistentWorldStateTest.randomChanges;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.evm.state.AccountChange;
import dev.multilane.state.InMemoryWorldState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-block change sets: historical reads at every earlier block and rollbacks, checked against
 * copies of the state module's InMemoryWorldState taken after each block (an independent record of
 * what each block's state was).
 */
class StateHistoryTest {
    @TempDir
    Path dir;

    /** The chain so far: each block's header, its reference state and its transactions. */
    private static final class Chain {
        final List<BlockHeader> headers = new ArrayList<>();
        final List<InMemoryWorldState> states = new ArrayList<>();
        final List<List<Transaction>> txs = new ArrayList<>();
        long nonce;

        Chain(Genesis genesis) {
            headers.add(genesis.block().header());
            states.add(genesis.state());
            txs.add(List.of());
        }

        void truncate(int head) {
            while (headers.size() > head + 1) {
                headers.removeLast();
                states.removeLast();
                txs.removeLast();
            }
        }
    }

    /** Commits {@code count} random blocks (random state changes, a few transactions each). */
    private static void grow(ChainStore store, Chain chain, PersistentWorldState world, Random random, int count) {
        for (int b = 0; b < count; b++) {
            InMemoryWorldState reference = chain.states.getLast().copy();
            int n = 1 + random.nextInt(5);
            for (int t = 0; t < n; t++) {
                List<AccountChange> changes = randomChanges(random, reference);
                reference.apply(changes);
                world.apply(changes);
            }
            BlockHeader parent = chain.headers.getLast();
            List<Transaction> txs = TestChain.transactions(chain.nonce, random.nextInt(3));
            chain.nonce += txs.size();
            List<Receipt> receipts = TestChain.receipts(txs, parent.number() + 1);
            Block block = TestChain.block(parent, txs, receipts, world.root(), List.of());
            BlockEncoding encoding = null;
            if (!txs.isEmpty() && random.nextBoolean()) { // its records staged ahead, as a block built in parts
                encoding = new BlockEncoding();
                encoding.add(txs.subList(0, 1), receipts.subList(0, 1));
                store.stage(encoding);
                encoding.add(txs.subList(1, txs.size()), receipts.subList(1, txs.size()));
            }
            assertInstanceOf(CommitOutcome.Committed.class, world.commit(block, receipts, encoding));
            chain.headers.add(block.header());
            chain.states.add(reference);
            chain.txs.add(txs);
        }
    }

    /** The staged parts in the store are those the chain's bodies refer to, no more (a rollback deletes its blocks'). */
    private static void assertStagedPartsReferred(ChainStore store, Chain chain) {
        int referred = 0;
        for (BlockHeader h : chain.headers) {
            byte[] body = store.get(Column.BODIES, h.hash().bytes());
            if (StagedRecords.isReference(body)) {
                referred += StagedRecords.parts(body);
            }
            assertEquals(chain.txs.get((int) h.number()), store.block(h.hash()).orElseThrow().transactions());
        }
        int present = 0;
        try (org.rocksdb.RocksIterator it = store.db().newIterator(store.handle(Column.STAGED))) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                present++;
            }
        }
        assertEquals(referred, present);
    }

    @Test
    void everyEarlierBlockReadsAsItWas() {
        Genesis genesis = TestChain.genesis();
        Random random = new Random(7);
        Chain chain = new Chain(genesis);
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            grow(store, chain, PersistentWorldState.open(store), random, 30);
            checkHistory(store, chain);
        }
        try (ChainStore store = ChainStore.open(dir)) {
            checkHistory(store, chain);
        }
    }

    private static void checkHistory(ChainStore store, Chain chain) {
        try (StateSnapshot snapshot = store.snapshot()) {
            assertEquals(chain.headers.size() - 1, snapshot.head().number());
            for (int n = 0; n < chain.headers.size(); n++) {
                assertSameReads(chain.states.get(n), snapshot.at(n));
                assertEquals(chain.headers.get(n).hash(), snapshot.canonicalHash(n).orElseThrow());
            }
            assertThrows(IllegalArgumentException.class, () -> snapshot.at(chain.headers.size()));
        }
    }

    @Test
    void rollbackRestoresTheStateAndDeletesLaterBlocks() {
        Genesis genesis = TestChain.genesis();
        Random random = new Random(11);
        Chain chain = new Chain(genesis);
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            PersistentWorldState world = PersistentWorldState.open(store);
            grow(store, chain, world, random, 25);
            int checked = 0;
            for (int round = 0; round < 6; round++) {
                int head = chain.headers.size() - 1;
                int target = round == 5 ? 0 : random.nextInt(head + 1);
                List<Transaction> removed = new ArrayList<>();
                for (int n = target + 1; n <= head; n++) {
                    removed.addAll(chain.txs.get(n));
                }
                CommitOutcome outcome = world.rollback(target);
                assertEquals(new ChainHead(target, chain.headers.get(target).hash()),
                        assertInstanceOf(CommitOutcome.Committed.class, outcome).head(), "round " + round);
                chain.truncate(target);
                assertEquals(chain.headers.get(target).stateRoot(), world.committedRoot());
                assertEquals(target, store.head().orElseThrow().number());
                assertSameReads(chain.states.get(target), store.state());
                assertSameReads(chain.states.get(target), world);
                for (int n = target + 1; n <= head; n++) {
                    assertTrue(store.header(n).isEmpty(), "header " + n);
                    assertTrue(store.bloom(n).isEmpty(), "bloom " + n);
                    assertNull(store.get(Column.CHANGESETS, StoreKeys.number(n)), "change set " + n);
                }
                for (Transaction tx : removed) {
                    assertTrue(store.transactionLocation(tx.hash()).isEmpty(), "tx index of a removed block");
                }
                assertStagedPartsReferred(store, chain);
                checkHistory(store, chain);
                // The chain goes on from the rolled-back head, with other blocks.
                grow(store, chain, world, random, 1 + random.nextInt(8));
                checkHistory(store, chain);
                checked++;
            }
            assertEquals(6, checked);
            int head = chain.headers.size() - 1;
            assertEquals(CommitOutcome.Reason.NOT_BELOW_HEAD,
                    assertInstanceOf(CommitOutcome.Refused.class, world.rollback(head + 1)).reason());
            assertEquals(CommitOutcome.Reason.NOT_BELOW_HEAD,
                    assertInstanceOf(CommitOutcome.Refused.class, store.rollback(-1)).reason());
        }
        try (ChainStore store = ChainStore.open(dir)) {
            PersistentWorldState reopened = PersistentWorldState.open(store); // the root check passes
            assertEquals(chain.headers.getLast().stateRoot(), reopened.committedRoot());
            checkHistory(store, chain);
        }
    }

    /**
     * eth_getProof's data at every block: the account proof starts at the block's state root and
     * ends in the account's leaf, each storage proof starts at the account's storage root, and the
     * values are the reference state's. The exact node lists are checked against geth's by the
     * execution-apis eth_getProof cases in the rpc module.
     */
    @Test
    void proofsAtEveryBlockStartAtThatBlocksRoots() {
        Genesis genesis = TestChain.genesis();
        Chain chain = new Chain(genesis);
        int proofs = 0;
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            grow(store, chain, PersistentWorldState.open(store), new Random(19), 12);
            try (StateSnapshot snapshot = store.snapshot()) {
                for (int n = chain.headers.size() - 1; n >= 0; n--) {
                    InMemoryWorldState reference = chain.states.get(n);
                    for (dev.multilane.primitives.Address a : List.of(TestChain.SENDER, TestChain.EMITTER,
                            dev.multilane.primitives.Address.fromHex("0x1000000000000000000000000000000000000001"),
                            dev.multilane.primitives.Address.fromHex("0x3000000000000000000000000000000000000003"))) {
                        List<dev.multilane.primitives.U256> slots = List.of(dev.multilane.primitives.U256.ONE,
                                dev.multilane.primitives.U256.of(2), dev.multilane.primitives.U256.of(0xdead));
                        StateProofs.AccountProof p = snapshot.proof(n, a, slots);
                        assertEquals(chain.headers.get(n).stateRoot(),
                                dev.multilane.primitives.Keccak.of(p.accountProof().getFirst()), "block " + n);
                        assertEquals(reference.account(a), p.account(), "account " + a + " at " + n);
                        if (p.account() != null) {
                            byte[] leaf = AccountCodec.trieLeaf(p.account(), p.storageRoot());
                            assertTrue(contains(p.accountProof().getLast(), leaf), "leaf of " + a + " at " + n);
                        }
                        for (StateProofs.SlotProof sp : p.storage()) {
                            assertEquals(reference.storage(a, sp.slot()), sp.value());
                            if (!sp.proof().isEmpty()) {
                                assertEquals(p.storageRoot(), dev.multilane.primitives.Keccak.of(sp.proof().getFirst()));
                            }
                        }
                        proofs++;
                    }
                }
            }
        }
        assertEquals(13 * 4, proofs);
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** A change set that does not undo to the target's root is refused, and nothing is written. */
    @Test
    void damagedHistoryIsRefusedBeforeAnythingIsWritten() throws Exception {
        Genesis genesis = TestChain.genesis();
        Chain chain = new Chain(genesis);
        try (ChainStore store = ChainStore.open(dir)) {
            store.initialize(genesis);
            PersistentWorldState world = PersistentWorldState.open(store);
            grow(store, chain, world, new Random(3), 4);
            // Forge block 3's record of the sender: it now claims the sender did not exist before.
            store.db().put(store.handle(Column.ACCOUNT_HISTORY), StoreKeys.history(TestChain.SENDER.bytes(), 3),
                    new byte[0]);
            store.db().put(store.handle(Column.CHANGESETS), StoreKeys.number(3), new ChangeSet(
                    java.util.Map.of(TestChain.SENDER, chain.states.get(2).account(TestChain.SENDER)),
                    java.util.Map.of()).encodeKeys());
            CommitOutcome outcome = world.rollback(1);
            assertEquals(CommitOutcome.Reason.STATE_ROOT_MISMATCH,
                    assertInstanceOf(CommitOutcome.Refused.class, outcome).reason(), outcome.toString());
            assertEquals(4, store.head().orElseThrow().number());
            assertSameReads(chain.states.get(4), store.state());
        }
    }
}
