package dev.multilane.chain.pool;

import static dev.multilane.chain.pool.PoolFixtures.BLOCK_GAS;
import static dev.multilane.chain.pool.PoolFixtures.RICH;
import static dev.multilane.chain.pool.PoolFixtures.TO;
import static dev.multilane.chain.pool.PoolFixtures.address;
import static dev.multilane.chain.pool.PoolFixtures.config;
import static dev.multilane.chain.pool.PoolFixtures.key;
import static dev.multilane.chain.pool.PoolFixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Signature;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.chain.pool.PoolFixtures.MapState;
import dev.multilane.evm.Fork;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TransactionPoolTest {
    static final byte[] A = key(1);
    static final byte[] B = key(2);
    static final byte[] C = key(3);
    static final byte[] D = key(4);

    static TransactionPool pool(MapState state) {
        return new TransactionPool(config(), state, U256.ZERO);
    }

    static PoolRejection rejection(AddResult r) {
        return assertInstanceOf(AddResult.Rejected.class, r, () -> "expected a rejection, got " + r).reason();
    }

    static List<Long> nonces(List<Transaction> txs) {
        return txs.stream().map(Transaction::nonce).toList();
    }

    @Test
    void gapQueuesAndFillingItPromotes() {
        TransactionPool pool = pool(new MapState().rich(A));
        assertInstanceOf(AddResult.Pending.class, pool.add(tx(A, 0, 1, 10)));
        assertInstanceOf(AddResult.Queued.class, pool.add(tx(A, 2, 1, 10)));
        assertInstanceOf(AddResult.Queued.class, pool.add(tx(A, 3, 1, 10)));
        assertEquals(1, pool.pendingCount());
        assertEquals(2, pool.queuedCount());
        assertEquals(List.of(2L, 3L), nonces(pool.queued().get(address(A))));

        assertInstanceOf(AddResult.Pending.class, pool.add(tx(A, 1, 1, 10)));
        assertEquals(4, pool.pendingCount());
        assertEquals(0, pool.queuedCount());
        assertEquals(List.of(0L, 1L, 2L, 3L), nonces(pool.pending().get(address(A))));
        assertTrue(pool.queued().isEmpty());
        assertEquals(4, pool.nextNonce(address(A), new MapState().rich(A)));
        assertEquals(0, pool.nextNonce(address(B), new MapState()));
    }

    @Test
    void replacementNeedsTenPercentOnBothFeeCapAndTip() {
        TransactionPool pool = pool(new MapState().rich(A));
        Transaction original = tx(A, 0, 100, 1_000);
        pool.add(original);
        assertEquals(PoolRejection.REPLACEMENT_UNDERPRICED, rejection(pool.add(tx(A, 0, 109, 1_090))));
        assertEquals(PoolRejection.REPLACEMENT_UNDERPRICED, rejection(pool.add(tx(A, 0, 110, 1_099))));
        assertEquals(PoolRejection.REPLACEMENT_UNDERPRICED, rejection(pool.add(tx(A, 0, 109, 1_100))));
        Transaction better = tx(A, 0, 110, 1_100);
        AddResult.Replaced r = assertInstanceOf(AddResult.Replaced.class, pool.add(better));
        assertEquals(original.hash(), r.previous());
        assertTrue(r.pending());
        assertNull(pool.get(original.hash()));
        assertEquals(better, pool.get(better.hash()));
        assertEquals(1, pool.pendingCount());

        // A legacy price is both cap and tip; a queued transaction is replaceable too.
        Transaction legacy = UnsignedTransaction.legacy(1L, 5, U256.of(50), 21_000, TO, U256.ZERO, new byte[0]).sign(A);
        assertInstanceOf(AddResult.Queued.class, pool.add(legacy));
        assertEquals(PoolRejection.REPLACEMENT_UNDERPRICED, rejection(pool.add(
                UnsignedTransaction.legacy(1L, 5, U256.of(54), 21_000, TO, U256.ZERO, new byte[0]).sign(A))));
        AddResult.Replaced q = assertInstanceOf(AddResult.Replaced.class, pool.add(
                UnsignedTransaction.legacy(1L, 5, U256.of(55), 21_000, TO, U256.ZERO, new byte[0]).sign(A)));
        assertTrue(!q.pending());
        assertEquals(1, pool.queuedCount());
    }

    @Test
    void statelessRejections() {
        MapState state = new MapState().rich(A);
        TransactionPool pool = new TransactionPool(config().withMinFeeCap(U256.of(10)), state, U256.ZERO);
        Transaction ok = tx(A, 0, 1, 10);
        assertInstanceOf(AddResult.Pending.class, pool.add(ok));
        assertEquals(PoolRejection.ALREADY_KNOWN, rejection(pool.add(ok)));
        assertEquals(PoolRejection.FEE_CAP_TOO_LOW, rejection(pool.add(tx(A, 1, 1, 9))));
        assertEquals(PoolRejection.INTRINSIC_GAS, rejection(pool.add(tx(A, 1, 1, 10, 20_999, 0))));
        assertEquals(PoolRejection.GAS_LIMIT_ABOVE_BLOCK, rejection(pool.add(tx(A, 1, 1, 10, BLOCK_GAS + 1, 0))));
        Transaction otherChain = UnsignedTransaction.dynamicFee(5, 1, U256.ONE, U256.of(10), 21_000, TO, U256.ZERO,
                new byte[0], List.of()).sign(A);
        assertEquals(PoolRejection.WRONG_CHAIN_ID, rejection(pool.add(otherChain)));
        Transaction good = tx(A, 1, 1, 10);
        Signature s = good.signature();
        Transaction zeroR = good.unsigned().withSignature(new Signature(s.yParity(), U256.ZERO, s.s()));
        assertEquals(PoolRejection.INVALID_SIGNATURE, rejection(pool.add(zeroR)));
        AddResult.Rejected tipAboveCap = assertInstanceOf(AddResult.Rejected.class, pool.add(tx(A, 1, 11, 10)));
        assertEquals(PoolRejection.INVALID, tipAboveCap.reason());
        assertNotNull(tipAboveCap.cause());

        Transaction blob = UnsignedTransaction.blob(1, 1, U256.ONE, U256.of(10), 21_000, TO, U256.ZERO, new byte[0],
                List.of(), U256.ONE, List.of(Hash.fromHex("0x01" + "00".repeat(31)))).sign(A);
        // A blob transaction needs its blobs (BlobPoolTest covers the rest).
        assertEquals(PoolRejection.INVALID_BLOBS, rejection(pool.add(blob)));
        TransactionPool berlin = new TransactionPool(
                PoolConfig.defaults(Fork.BERLIN, 1L, BLOCK_GAS), state, U256.ZERO);
        assertEquals(PoolRejection.TYPE_NOT_SUPPORTED, rejection(berlin.add(tx(A, 0, 1, 10))));
        assertEquals(1, pool.pendingCount() + pool.queuedCount());
    }

    @Test
    void nonceRejections() {
        TransactionPool pool = pool(new MapState().with(address(A), 5, RICH));
        assertEquals(PoolRejection.NONCE_TOO_LOW, rejection(pool.add(tx(A, 4, 1, 10))));
        // The gap is measured from the next nonce the pool expects (5 here): 5 + 64 is the farthest.
        assertEquals(PoolRejection.NONCE_TOO_FAR_AHEAD, rejection(pool.add(tx(A, 70, 1, 10))));
        assertInstanceOf(AddResult.Queued.class, pool.add(tx(A, 69, 1, 10)));
        assertInstanceOf(AddResult.Pending.class, pool.add(tx(A, 5, 1, 10)));
        assertInstanceOf(AddResult.Queued.class, pool.add(tx(A, 70, 1, 10)));
    }

    @Test
    void balanceMustCoverAllOfTheSendersPooledTransactions() {
        long value = 300_000;
        long oneCost = 21_000L * 100 + value;
        TransactionPool pool = pool(new MapState().with(address(A), 0, U256.of(2 * oneCost - 1)));
        assertEquals(PoolRejection.INSUFFICIENT_FUNDS, rejection(pool.add(tx(A, 0, 1, 100, 21_000, 2 * oneCost))));
        assertInstanceOf(AddResult.Pending.class, pool.add(tx(A, 0, 1, 100, 21_000, value)));
        // Alone it would be affordable; with nonce 0 pooled the total is one wei short.
        assertEquals(PoolRejection.INSUFFICIENT_FUNDS, rejection(pool.add(tx(A, 1, 1, 100, 21_000, value))));
        assertInstanceOf(AddResult.Pending.class, pool.add(tx(A, 1, 1, 100, 21_000, value - 1)));
        // A replacement counts instead of the one it replaces: 2,310,000 in place of 2,399,999.
        assertEquals(PoolRejection.INSUFFICIENT_FUNDS, rejection(pool.add(tx(A, 1, 2, 110, 21_000, value))));
        assertInstanceOf(AddResult.Replaced.class, pool.add(tx(A, 1, 2, 110, 21_000, 0)));
        // An account that does not exist has nothing.
        assertEquals(PoolRejection.INSUFFICIENT_FUNDS, rejection(pool.add(tx(B, 0, 1, 10))));
    }

    @Test
    void senderLimitAndPoolFull() {
        TransactionPool pool = new TransactionPool(config().withLimits(2, 3), new MapState().rich(A, B, C), U256.ZERO);
        pool.add(tx(A, 0, 5, 100));
        pool.add(tx(A, 1, 5, 100));
        assertEquals(PoolRejection.SENDER_LIMIT, rejection(pool.add(tx(A, 2, 50, 100))));
        // A replacement does not count against the limit.
        assertInstanceOf(AddResult.Replaced.class, pool.add(tx(A, 1, 6, 110)));
        pool.add(tx(B, 0, 5, 100));
        // Full; C pays no more than the cheapest evictable tail (A's nonce 1 at tip 6? no: B at 5).
        assertEquals(PoolRejection.POOL_FULL, rejection(pool.add(tx(C, 0, 5, 100))));
        assertEquals(3, pool.pendingCount());
    }

    @Test
    void fullPoolEvictsTheCheapestTail() {
        MapState state = new MapState().rich(A, B, C, D, key(5), key(6));
        TransactionPool pool = new TransactionPool(config().withLimits(8, 4), state, U256.of(100));
        Transaction a0 = tx(A, 0, 50, 1_000);
        Transaction a1 = tx(A, 1, 1, 1_000); // A's tail: effective tip 1, cheapest, but pending
        Transaction b0 = tx(B, 0, 3, 1_000);
        Transaction c0 = tx(C, 0, 50, 102); // tip 50, but only 2 above the base fee: effective 2
        for (Transaction t : List.of(a0, a1, b0, c0)) {
            assertTrue(pool.add(t).accepted());
        }
        Transaction d0 = tx(D, 0, 4, 1_000);
        assertInstanceOf(AddResult.Pending.class, pool.add(d0));
        assertNull(pool.get(a1.hash()), "the tail with the lowest effective tip goes first");
        assertEquals(PoolRejection.POOL_FULL, rejection(pool.add(tx(key(5), 0, 2, 1_000))));
        assertInstanceOf(AddResult.Pending.class, pool.add(tx(key(5), 0, 3, 1_000)));
        assertNull(pool.get(c0.hash()), "effective tip 2 at base fee 100 is next");
        assertNotNull(pool.get(a0.hash()));
        assertNotNull(pool.get(b0.hash()));
        assertEquals(4, pool.pendingCount() + pool.queuedCount());

        // Equal tips: a queued tail goes before a pending one.
        TransactionPool tie = new TransactionPool(config().withLimits(8, 2), state, U256.ZERO);
        Transaction pendingTail = tx(A, 0, 5, 1_000);
        Transaction queuedTail = tx(B, 3, 5, 1_000);
        tie.add(pendingTail);
        tie.add(queuedTail);
        tie.add(tx(C, 0, 6, 1_000));
        assertNull(tie.get(queuedTail.hash()));
        assertNotNull(tie.get(pendingTail.hash()));
    }

    @Test
    void selectionOrdersByEffectiveTipAndRespectsNonceBaseFeeAndGas() {
        MapState state = new MapState().rich(A, B, C, D);
        TransactionPool pool = pool(state);
        U256 baseFee = U256.of(100);
        pool.add(tx(A, 0, 1, 1_000)); // effective 1
        pool.add(tx(A, 1, 10, 1_000)); // effective 10, but behind A's nonce 0
        pool.add(tx(B, 0, 5, 1_000)); // effective 5
        pool.add(tx(C, 0, 50, 99)); // cannot pay the base fee ...
        pool.add(tx(C, 1, 50, 1_000)); // ... so neither can anything after it
        pool.add(tx(D, 0, 20, 102)); // effective min(20, 102 - 100) = 2
        pool.add(tx(D, 2, 90, 1_000)); // queued: never selected

        List<Transaction> all = pool.selectForBlock(baseFee, BLOCK_GAS, 100);
        assertEquals(List.of("B0", "D0", "A0", "A1"), labels(all));
        assertEquals(List.of("B0", "D0", "A0"), labels(pool.selectForBlock(baseFee, 3 * 21_000 + 20_999, 100)));
        assertEquals(List.of("B0", "D0"), labels(pool.selectForBlock(baseFee, BLOCK_GAS, 2)));
        // At base fee 0 C pays best; D's effective tip becomes its full 20.
        assertEquals(List.of("C0", "C1", "D0", "B0", "A0", "A1"),
                labels(pool.selectForBlock(U256.ZERO, BLOCK_GAS, 100)));
        assertEquals(7, pool.pendingCount() + pool.queuedCount(), "selection leaves the pool unchanged");
    }

    @Test
    void aSenderWhoseNextTxDoesNotFitDropsOutOthersContinue() {
        TransactionPool pool = pool(new MapState().rich(A, B));
        pool.add(tx(A, 0, 9, 1_000, 50_000, 0));
        pool.add(tx(A, 1, 9, 1_000));
        pool.add(tx(B, 0, 1, 1_000));
        pool.add(tx(B, 1, 1, 1_000));
        assertEquals(List.of("B0", "B1"), labels(pool.selectForBlock(U256.ZERO, 45_000, 10)));
    }

    @Test
    void newHeadDropsMinedPromotesQueuedAndDropsUnaffordable() {
        MapState state = new MapState().rich(A, B, C);
        TransactionPool pool = pool(state);
        for (long n : new long[] {0, 1, 2, 4}) {
            pool.add(tx(A, n, 1, 10));
        }
        pool.add(tx(B, 1, 1, 10)); // queued behind B's nonce 0
        pool.add(tx(B, 2, 1, 10));
        pool.add(tx(C, 0, 1, 10, 21_000, 1_000_000)); // will become unaffordable
        pool.add(tx(C, 1, 1, 10));
        assertEquals(5, pool.pendingCount());
        assertEquals(3, pool.queuedCount());

        // The block mined A's 0 and 1 and B's 0 (sent elsewhere); C spent most of its balance.
        MapState next = new MapState().with(address(A), 2, RICH).with(address(B), 1, RICH)
                .with(address(C), 0, U256.of(500_000));
        pool.onNewHead(next, U256.of(7));
        assertEquals(Long.valueOf(2), pool.pending().get(address(A)).getFirst().nonce());
        assertEquals(List.of(2L), nonces(pool.pending().get(address(A))));
        assertEquals(List.of(4L), nonces(pool.queued().get(address(A))));
        assertEquals(List.of(1L, 2L), nonces(pool.pending().get(address(B))), "B's queued txs promoted");
        assertEquals(List.of(1L), nonces(pool.queued().get(address(C))), "C's nonce 1 demoted behind the dropped 0");
        assertEquals(3, pool.pendingCount());
        assertEquals(2, pool.queuedCount());
        assertEquals(PoolRejection.NONCE_TOO_LOW, rejection(pool.add(tx(A, 1, 5, 100))));

        assertInstanceOf(AddResult.Pending.class, pool.add(tx(A, 3, 1, 10)));
        assertEquals(List.of(2L, 3L, 4L), nonces(pool.pending().get(address(A))));
        assertEquals(3, pool.nextNonce(address(B), next));
        assertEquals(5, pool.nextNonce(address(A), next));
        assertEquals(0, pool.nextNonce(address(C), next));

        // Everything mined: the pool empties.
        pool.onNewHead(new MapState().with(address(A), 5, RICH).with(address(B), 3, RICH)
                .with(address(C), 2, RICH), U256.of(7));
        assertEquals(0, pool.pendingCount() + pool.queuedCount());
        assertTrue(pool.pending().isEmpty() && pool.queued().isEmpty());
    }

    @Test
    void aHeadThatMinedEverythingForgetsTheSendersAndTheirHashes() {
        MapState state = new MapState().rich(A, B);
        TransactionPool pool = pool(state);
        List<Transaction> mined = List.of(tx(A, 0, 1, 10), tx(A, 1, 1, 10), tx(A, 3, 1, 10), tx(B, 0, 1, 10));
        Transaction kept = tx(B, 1, 1, 10);
        mined.forEach(pool::add);
        pool.add(kept);
        assertEquals(4, pool.pendingCount());
        assertEquals(1, pool.queuedCount());

        // A's nonce passed everything it had, queued nonce 3 included; B keeps nonce 1.
        MapState next = new MapState().with(address(A), 4, RICH).with(address(B), 1, RICH);
        pool.onNewHead(next, U256.of(7));
        for (Transaction t : mined) {
            assertNull(pool.get(t.hash()), "mined tx still known");
        }
        assertNotNull(pool.get(kept.hash()));
        assertEquals(1, pool.pendingCount());
        assertEquals(0, pool.queuedCount());
        assertNull(pool.pending().get(address(A)));
        assertEquals(4, pool.nextNonce(address(A), next));
        // Known no more: a resend is judged by its nonce, not refused as a duplicate.
        assertEquals(PoolRejection.NONCE_TOO_LOW, rejection(pool.add(mined.get(2))));
        assertInstanceOf(AddResult.Pending.class, pool.add(tx(A, 4, 1, 10)));
    }

    @Test
    void aDeferredHeadIsAppliedBeforeAnythingSeesThePool() throws Exception {
        Transaction a0 = tx(A, 0, 1, 10);
        Transaction a1 = tx(A, 1, 1, 10);
        Transaction b0 = tx(B, 0, 1, 10);
        MapState mined = new MapState().with(address(A), 2, RICH).with(address(B), 0, RICH);
        PoolHead next = new PoolHead(mined, Fork.CANCUN, U256.of(7), U256.ONE);
        // Each way in, on a pool of its own: the lock-free lookup, an add, selection, the views.
        List<java.util.function.Consumer<TransactionPool>> reads = List.of(
                p -> assertNull(p.get(a0.hash()), "mined, so no longer pooled"),
                p -> assertEquals(PoolRejection.NONCE_TOO_LOW, rejection(p.add(a1))),
                p -> assertEquals(List.of(b0), p.selectForBlock(U256.of(7), BLOCK_GAS, 10)),
                p -> assertEquals(1, p.pendingCount()),
                p -> assertNull(p.pending().get(address(A))),
                p -> assertEquals(2, p.nextNonce(address(A), mined)),
                p -> assertEquals(U256.of(7), p.head().baseFee()));
        for (var read : reads) {
            TransactionPool pool = pool(new MapState().rich(A, B));
            for (Transaction t : List.of(a0, a1, b0)) {
                assertInstanceOf(AddResult.Pending.class, pool.add(t));
            }
            pool.deferNewHead(next);
            read.accept(pool);
            assertNull(pool.get(a1.hash()));
            assertNotNull(pool.get(b0.hash()));
        }
        // Applied on another thread, as the node does after a block; later heads replace earlier ones.
        TransactionPool pool = pool(new MapState().rich(A, B));
        List.of(a0, a1, b0).forEach(pool::add);
        pool.deferNewHead(new PoolHead(new MapState().with(address(A), 1, RICH).with(address(B), 0, RICH),
                Fork.CANCUN, U256.of(5), U256.ONE));
        pool.deferNewHead(next);
        Thread t = new Thread(pool::applyDeferredHead);
        t.start();
        t.join();
        assertEquals(1, pool.pendingCount());
        assertEquals(0, pool.queuedCount());
        assertEquals(U256.of(7), pool.head().baseFee());
    }

    @Test
    void addAllValidatesInParallelAndKeepsInputOrder() {
        TransactionPool pool = pool(new MapState().rich(A, B));
        List<Transaction> txs = new ArrayList<>();
        for (int n = 0; n < 12; n++) {
            txs.add(tx(A, n, 1, 10));
            txs.add(tx(B, n, 2, 10));
        }
        Collections.shuffle(txs, new Random(7));
        txs.add(tx(A, 0, 1, 10, 20_000, 0)); // intrinsic gas too low
        List<AddResult> results = pool.addAll(txs);
        assertEquals(txs.size(), results.size());
        for (int i = 0; i < 24; i++) {
            assertTrue(results.get(i).accepted(), results.get(i)::toString);
        }
        assertEquals(PoolRejection.INTRINSIC_GAS, rejection(results.get(24)));
        assertEquals(24, pool.pendingCount());
        assertEquals(0, pool.queuedCount());
    }

    private static List<String> labels(List<Transaction> txs) {
        List<String> out = new ArrayList<>();
        for (Transaction t : txs) {
            String who = t.recoverSender().equals(new dev.multilane.chain.SenderResult.Recovered(address(A))) ? "A"
                    : t.recoverSender().equals(new dev.multilane.chain.SenderResult.Recovered(address(B))) ? "B"
                    : t.recoverSender().equals(new dev.multilane.chain.SenderResult.Recovered(address(C))) ? "C" : "D";
            out.add(who + t.nonce());
        }
        return out;
    }
}
