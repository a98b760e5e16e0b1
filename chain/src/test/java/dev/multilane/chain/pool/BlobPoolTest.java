package dev.multilane.chain.pool;

import static dev.multilane.chain.pool.BlobFixtures.blobTx;
import static dev.multilane.chain.pool.BlobFixtures.sidecar;
import static dev.multilane.chain.pool.PoolFixtures.BLOCK_GAS;
import static dev.multilane.chain.pool.PoolFixtures.CHAIN_ID;
import static dev.multilane.chain.pool.PoolFixtures.address;
import static dev.multilane.chain.pool.PoolFixtures.config;
import static dev.multilane.chain.pool.PoolFixtures.key;
import static dev.multilane.chain.pool.PoolFixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.pool.BlobFixtures.Blob;
import dev.multilane.chain.pool.PoolFixtures.MapState;
import dev.multilane.evm.Fork;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.primitives.U256;
import java.math.BigInteger;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blob transactions (EIP-4844) in the pool: sidecar checks, geth's blobpool rules, selection. */
class BlobPoolTest {
    static final byte[] A = key(11);
    static final byte[] B = key(12);
    static final Blob ONE = BlobFixtures.blob(1);
    static final Blob TWO = BlobFixtures.blob(2);
    static final long GAS_PER_BLOB = TransactionProcessor.GAS_PER_BLOB;

    private static TransactionPool pool(MapState state) {
        return new TransactionPool(config(), new PoolHead(state, Fork.CANCUN, U256.ZERO, U256.ONE));
    }

    private static PoolRejection rejection(AddResult r) {
        return TransactionPoolTest.rejection(r);
    }

    private static String detail(AddResult r) {
        return assertInstanceOf(AddResult.Rejected.class, r).detail();
    }

    private static AddResult add(TransactionPool pool, Transaction tx, List<Blob> blobs) {
        return pool.add(tx, sidecar(blobs));
    }

    @Test
    void acceptsAVerifiedBlobTransactionAndKeepsItsBlobs() {
        TransactionPool pool = pool(new MapState().rich(A));
        Transaction tx = blobTx(A, 0, 1, 10, 5, List.of(ONE, TWO));
        BlobSidecar sidecar = sidecar(List.of(ONE, TWO));
        assertNull(sidecar.check(tx), "c-kzg's own proofs verify");
        assertInstanceOf(AddResult.Pending.class, pool.add(tx, sidecar));
        assertEquals(sidecar, pool.blobs(tx.hash()));
        assertEquals(2, pool.blobCount());
        assertEquals(1, pool.pendingCount());
        assertEquals(PoolRejection.ALREADY_KNOWN, rejection(pool.add(tx, sidecar)));
    }

    @Test
    void refusesMissingMismatchedAndUnprovenBlobs() {
        TransactionPool pool = pool(new MapState().rich(A));
        Transaction tx = blobTx(A, 0, 1, 10, 5, List.of(ONE));
        assertEquals(PoolRejection.INVALID_BLOBS, rejection(pool.add(tx)));
        assertTrue(detail(pool.add(tx)).contains("network form"), detail(pool.add(tx)));
        // The blob of TWO under ONE's versioned hash: the commitment does not hash to it.
        AddResult wrongHash = pool.add(tx, sidecar(List.of(TWO)));
        assertEquals(PoolRejection.INVALID_BLOBS, rejection(wrongHash));
        assertTrue(detail(wrongHash).contains("does not match its commitment"), detail(wrongHash));
        // ONE's blob and commitment with TWO's proof: the hash matches, the proof does not verify.
        AddResult badProof = pool.add(tx, sidecar(List.of(new Blob(ONE.blob(), ONE.commitment(), TWO.proof()))));
        assertEquals(PoolRejection.INVALID_BLOBS, rejection(badProof));
        assertTrue(detail(badProof).contains("invalid blob proof"), detail(badProof));
        // A proof that is not a curve point at all: c-kzg throws, the pool refuses.
        AddResult garbage = pool.add(tx, sidecar(List.of(new Blob(ONE.blob(), ONE.commitment(), new byte[48]))));
        assertEquals(PoolRejection.INVALID_BLOBS, rejection(garbage));
        AddResult count = pool.add(tx, sidecar(List.of(ONE, ONE)));
        assertTrue(detail(count).contains("2 blobs, 2 commitments and 2 proofs for 1 versioned hashes"), detail(count));
        AddResult size = pool.add(tx, new BlobSidecar(List.of(new byte[10]), List.of(ONE.commitment()),
                List.of(ONE.proof())));
        assertTrue(detail(size).contains("wrong size"), detail(size));
        // Seven blobs: more than a block holds, refused before any proof is checked.
        AddResult seven = add(pool, blobTx(A, 0, 1, 10, 5, Collections.nCopies(7, ONE)), Collections.nCopies(7, ONE));
        assertEquals(PoolRejection.INVALID, rejection(seven));
        assertTrue(detail(seven).contains("7 blobs"), detail(seven));
        // Blobs beside a transaction of another type.
        assertEquals(PoolRejection.INVALID_BLOBS, rejection(pool.add(tx(A, 0, 1, 10), sidecar(List.of(ONE)))));
        assertEquals(0, pool.pendingCount() + pool.queuedCount());
        assertEquals(0, pool.blobCount());
    }

    @Test
    void blobTransactionsNeedCancunAndTheForkFollowsTheHead() {
        MapState state = new MapState().rich(A);
        TransactionPool pool = new TransactionPool(config(), new PoolHead(state, Fork.SHANGHAI, U256.ZERO, U256.ONE));
        Transaction tx = blobTx(A, 0, 1, 10, 5, List.of(ONE));
        assertEquals(PoolRejection.TYPE_NOT_SUPPORTED, rejection(add(pool, tx, List.of(ONE))));
        pool.onNewHead(new PoolHead(state, Fork.CANCUN, U256.ZERO, U256.ONE));
        assertEquals(Fork.CANCUN, pool.head().fork());
        assertInstanceOf(AddResult.Pending.class, add(pool, tx, List.of(ONE)));
    }

    @Test
    void aNewForkDropsWhatItsRulesRefuse() {
        // EIP-3860 (Shanghai): init code above 49,152 bytes. Legal at Paris, pooled there.
        MapState state = new MapState().rich(A);
        TransactionPool pool = new TransactionPool(config(), new PoolHead(state, Fork.PARIS, U256.ZERO, U256.ONE));
        Transaction bigCreate = dev.multilane.chain.UnsignedTransaction.dynamicFee(CHAIN_ID, 0, U256.ONE, U256.of(10),
                10_000_000, null, U256.ZERO, new byte[49_153], List.of()).sign(A);
        assertInstanceOf(AddResult.Pending.class, pool.add(bigCreate));
        assertInstanceOf(AddResult.Queued.class, pool.add(tx(A, 2, 1, 10)));
        pool.onNewHead(new PoolHead(state, Fork.SHANGHAI, U256.ZERO, U256.ONE));
        assertNull(pool.get(bigCreate.hash()), "dropped under the new fork's rules");
        assertEquals(0, pool.pendingCount());
        assertEquals(1, pool.queuedCount(), "its successor waits behind the gap");
        assertEquals(PoolRejection.INVALID, rejection(pool.add(bigCreate)));
    }

    @Test
    void followsGethsBlobpoolRules() {
        TransactionPool pool = pool(new MapState().rich(A, B));
        Transaction first = blobTx(A, 0, 100, 1_000, 50, List.of(ONE));
        assertInstanceOf(AddResult.Pending.class, add(pool, first, List.of(ONE)));
        // No nonce gap for blob transactions.
        AddResult gap = add(pool, blobTx(A, 2, 100, 1_000, 50, List.of(ONE)), List.of(ONE));
        assertEquals(PoolRejection.NONCE_TOO_FAR_AHEAD, rejection(gap));
        // A sender holds blob transactions or others, both ways.
        assertEquals(PoolRejection.SENDER_RESERVED, rejection(pool.add(tx(A, 1, 1, 10))));
        assertInstanceOf(AddResult.Pending.class, pool.add(tx(B, 0, 1, 10)));
        assertEquals(PoolRejection.SENDER_RESERVED, rejection(add(pool, blobTx(B, 1, 1, 10, 5, List.of(ONE)),
                List.of(ONE))));
        // Replacement: 100% more on fee cap, tip and blob fee cap; 99% on any one is not enough.
        assertEquals(PoolRejection.REPLACEMENT_UNDERPRICED,
                rejection(add(pool, blobTx(A, 0, 199, 2_000, 100, List.of(ONE)), List.of(ONE))));
        assertEquals(PoolRejection.REPLACEMENT_UNDERPRICED,
                rejection(add(pool, blobTx(A, 0, 200, 1_999, 100, List.of(ONE)), List.of(ONE))));
        assertEquals(PoolRejection.REPLACEMENT_UNDERPRICED,
                rejection(add(pool, blobTx(A, 0, 200, 2_000, 99, List.of(ONE)), List.of(ONE))));
        Transaction doubled = blobTx(A, 0, 200, 2_000, 100, List.of(ONE, TWO));
        AddResult.Replaced r = assertInstanceOf(AddResult.Replaced.class, add(pool, doubled, List.of(ONE, TWO)));
        assertEquals(first.hash(), r.previous());
        assertNull(pool.blobs(first.hash()));
        assertEquals(2, pool.blobCount(), "the replaced blob left with its transaction");
        // A plain transaction cannot replace a blob one either.
        assertEquals(PoolRejection.SENDER_RESERVED, rejection(pool.add(tx(A, 0, 10_000, 100_000))));
    }

    @Test
    void boundsBlobsPerSenderAndInAll() {
        MapState state = new MapState().rich(A, B, key(13));
        TransactionPool pool = new TransactionPool(config().withBlobLimits(new PoolConfig.BlobLimits(100, 2, 3)),
                new PoolHead(state, Fork.CANCUN, U256.ZERO, U256.ONE));
        assertTrue(add(pool, blobTx(A, 0, 1, 10, 5, List.of(ONE)), List.of(ONE)).accepted());
        assertTrue(add(pool, blobTx(A, 1, 1, 10, 5, List.of(ONE)), List.of(ONE)).accepted());
        assertEquals(PoolRejection.SENDER_LIMIT, rejection(add(pool, blobTx(A, 2, 1, 10, 5, List.of(ONE)),
                List.of(ONE))));
        AddResult full = add(pool, blobTx(B, 0, 1, 10, 5, List.of(ONE, TWO)), List.of(ONE, TWO));
        assertEquals(PoolRejection.POOL_FULL, rejection(full));
        assertTrue(detail(full).contains("blob pool full"), detail(full));
        assertTrue(add(pool, blobTx(B, 0, 1, 10, 5, List.of(TWO)), List.of(TWO)).accepted());
        assertEquals(3, pool.blobCount());
        // Blob transactions do not count against maxTotal, nor are they evicted for others.
        TransactionPool small = new TransactionPool(config().withLimits(8, 1),
                new PoolHead(state, Fork.CANCUN, U256.ZERO, U256.ONE));
        Transaction blob = blobTx(A, 0, 1, 10, 5, List.of(ONE));
        Transaction cheap = tx(B, 0, 1, 10);
        assertTrue(add(small, blob, List.of(ONE)).accepted());
        assertTrue(small.add(cheap).accepted(), "the blob transaction leaves the one slot free");
        assertInstanceOf(AddResult.Pending.class, small.add(tx(key(13), 0, 100, 1_000)));
        assertNull(small.get(cheap.hash()), "the cheaper plain transaction made room");
        assertNotNull(small.get(blob.hash()), "the cheaper still blob transaction was not evicted");
    }

    @Test
    void balanceMustCoverTheBlobGasToo() {
        // value 0 + 21,000 · 10 + 131,072 · 5 = 865,360 wei.
        long needed = 21_000L * 10 + GAS_PER_BLOB * 5;
        TransactionPool pool = pool(new MapState().with(address(A), 0, U256.of(needed - 1))
                .with(address(B), 0, U256.of(needed)));
        assertEquals(PoolRejection.INSUFFICIENT_FUNDS, rejection(add(pool, blobTx(A, 0, 1, 10, 5, List.of(ONE)),
                List.of(ONE))));
        assertTrue(add(pool, blobTx(B, 0, 1, 10, 5, List.of(ONE)), List.of(ONE)).accepted());
    }

    @Test
    void selectionRespectsBlobBaseFeeAndBlobGas() {
        byte[] c = key(13);
        byte[] d = key(14);
        TransactionPool pool = pool(new MapState().rich(A, B, c, d));
        Transaction a = blobTx(A, 0, 40, 1_000, 100, List.of(ONE, TWO, ONE)); // three blobs, best tip
        Transaction b = blobTx(B, 0, 30, 1_000, 100, List.of(ONE, TWO, ONE, TWO)); // four blobs
        Transaction cheapBlob = blobTx(c, 0, 20, 1_000, 9, List.of(ONE)); // blob fee cap 9
        Transaction plain = tx(d, 0, 10, 1_000);
        assertTrue(add(pool, a, List.of(ONE, TWO, ONE)).accepted());
        assertTrue(add(pool, b, List.of(ONE, TWO, ONE, TWO)).accepted());
        assertTrue(add(pool, cheapBlob, List.of(ONE)).accepted());
        assertTrue(pool.add(plain).accepted());
        long sixBlobs = 6 * GAS_PER_BLOB;
        // Blob base fee 10: the cap-9 transaction waits; four blobs do not fit after three.
        assertEquals(List.of(a, plain), pool.selectForBlock(U256.ONE, U256.of(10), BLOCK_GAS, sixBlobs, 100));
        // Blob base fee 9: the one-blob transaction fills the block's fourth slot.
        assertEquals(List.of(a, cheapBlob, plain), pool.selectForBlock(U256.ONE, U256.of(9), BLOCK_GAS, sixBlobs, 100));
        // No blob gas (before Cancun): only the plain transaction.
        assertEquals(List.of(plain), pool.selectForBlock(U256.ONE, U256.ONE, BLOCK_GAS, 0, 100));
        assertEquals(List.of(plain), pool.selectForBlock(U256.ONE, BLOCK_GAS, 100));
    }

    @Test
    void aNewHeadDropsMinedBlobTransactionsAndNeverQueuesOne() {
        MapState state = new MapState().rich(A);
        TransactionPool pool = pool(state);
        Transaction t0 = blobTx(A, 0, 1, 10, 5, List.of(ONE));
        Transaction t1 = blobTx(A, 1, 1, 10, 5, List.of(TWO));
        Transaction t2 = blobTx(A, 2, 1, 20, 5, List.of(ONE)); // costs more than t1
        assertTrue(add(pool, t0, List.of(ONE)).accepted());
        assertTrue(add(pool, t1, List.of(TWO)).accepted());
        assertTrue(add(pool, t2, List.of(ONE)).accepted());
        assertEquals(3, pool.pendingCount());
        // t0 mined; the balance now pays t1 but not t2, which goes.
        BigInteger one = BigInteger.valueOf(21_000L * 10 + GAS_PER_BLOB * 5);
        pool.onNewHead(new PoolHead(new MapState().with(address(A), 1, U256.fromBigInteger(one)), Fork.CANCUN,
                U256.ZERO, U256.of(3)));
        assertNull(pool.get(t0.hash()));
        assertNull(pool.blobs(t0.hash()));
        assertEquals(1, pool.pendingCount());
        assertEquals(0, pool.queuedCount());
        assertEquals(1, pool.blobCount());
        // The middle one unaffordable: the one after it is dropped, not queued behind the gap.
        TransactionPool gap = pool(state);
        Transaction big = blobTx(A, 1, 1, 10_000, 5, List.of(TWO));
        assertTrue(add(gap, t0, List.of(ONE)).accepted());
        assertTrue(add(gap, big, List.of(TWO)).accepted());
        assertTrue(add(gap, t2, List.of(ONE)).accepted());
        gap.onNewHead(new PoolHead(new MapState().with(address(A), 0, U256.fromBigInteger(one.multiply(
                BigInteger.valueOf(3)))), Fork.CANCUN, U256.ZERO, U256.ONE));
        assertEquals(1, gap.pendingCount());
        assertEquals(0, gap.queuedCount(), "no blob transaction is queued");
        assertEquals(1, gap.blobCount());
    }
}
