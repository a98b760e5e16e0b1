package dev.multilane.chain.pool;

import static dev.multilane.chain.pool.PoolFixtures.address;
import static dev.multilane.chain.pool.PoolFixtures.config;
import static dev.multilane.chain.pool.PoolFixtures.key;
import static dev.multilane.chain.pool.PoolFixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.SenderResult;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.pool.PoolFixtures.MapState;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Several threads add (out of nonce order, and racing replacements of one nonce) while another
 * selects blocks. Every selection must be duplicate-free and per sender a contiguous nonce run from
 * the state nonce; at the end the pool must hold exactly the acknowledged transactions that were
 * not reported replaced.
 */
class TransactionPoolConcurrencyTest {
    static final int THREADS = 4;
    static final int SENDERS = 4;
    static final int NONCES = 24;

    @Test
    void addersAndASelectorKeepThePoolConsistent() throws Exception {
        byte[][] keys = new byte[SENDERS + 1][];
        MapState state = new MapState();
        for (int s = 0; s <= SENDERS; s++) {
            keys[s] = key(10 + s);
            state.rich(keys[s]);
        }
        TransactionPool pool = new TransactionPool(config(), state, U256.of(7));

        // Thread t sends nonces n ≡ t (mod THREADS) of every sender, shuffled, so gaps open and close
        // across threads; each thread also offers its own price for the racing sender's nonce 0.
        long[] racingTips = {100, 110, 121, 134};
        List<List<Transaction>> work = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<Transaction> mine = new ArrayList<>();
            for (int s = 0; s < SENDERS; s++) {
                for (int n = t; n < NONCES; n += THREADS) {
                    mine.add(tx(keys[s], n, 1 + s, 1_000));
                }
            }
            mine.add(tx(keys[SENDERS], 0, racingTips[t], 10 * racingTips[t]));
            Collections.shuffle(mine, new Random(t));
            work.add(mine);
        }

        Set<Hash> acknowledged = ConcurrentHashMap.newKeySet();
        Set<Hash> replaced = ConcurrentHashMap.newKeySet();
        List<String> violations = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean addersDone = new AtomicBoolean();

        List<Thread> adders = new ArrayList<>();
        for (List<Transaction> mine : work) {
            adders.add(Thread.ofPlatform().start(() -> {
                await(start);
                for (int i = 0; i < mine.size(); i++) {
                    // Alternate single adds and small batches to exercise both paths.
                    List<AddResult> results = i % 3 == 0 && i + 1 < mine.size()
                            ? pool.addAll(mine.subList(i, i + 2))
                            : List.of(pool.add(mine.get(i)));
                    for (AddResult r : results) {
                        switch (r) {
                            case AddResult.Pending p -> acknowledged.add(p.hash());
                            case AddResult.Queued q -> acknowledged.add(q.hash());
                            case AddResult.Replaced rep -> {
                                acknowledged.add(rep.hash());
                                replaced.add(rep.previous());
                            }
                            case AddResult.Rejected rej -> {
                                if (rej.reason() != PoolRejection.REPLACEMENT_UNDERPRICED) {
                                    violations.add("unexpected rejection " + rej);
                                }
                            }
                        }
                    }
                    if (results.size() == 2) {
                        i++;
                    }
                }
            }));
        }
        int[] selections = {0};
        Thread selector = Thread.ofPlatform().start(() -> {
            await(start);
            do {
                checkSelection(pool.selectForBlock(U256.of(7), 30_000_000, 1_000), violations);
                selections[0]++;
            } while (!addersDone.get());
        });
        start.countDown();
        for (Thread t : adders) {
            t.join();
        }
        addersDone.set(true);
        selector.join();

        assertEquals(List.of(), violations);
        assertTrue(selections[0] > 0);
        Set<Hash> expected = new HashSet<>(acknowledged);
        expected.removeAll(replaced);
        assertEquals(SENDERS * NONCES + 1, expected.size(), "one survivor per sender and nonce");
        for (Hash h : expected) {
            assertTrue(pool.get(h) != null, "acknowledged and not replaced, but gone: " + h);
        }
        for (Hash h : replaced) {
            assertEquals(null, pool.get(h), "replaced but still pooled: " + h);
        }
        assertEquals(SENDERS * NONCES + 1, pool.pendingCount());
        assertEquals(0, pool.queuedCount());
        List<Transaction> block = pool.selectForBlock(U256.of(7), 30_000_000, 1_000);
        checkSelection(block, violations);
        assertEquals(List.of(), violations);
        assertEquals(expected, new HashSet<>(block.stream().map(Transaction::hash).toList()));
        // The racing sender's survivor pays the most of those acknowledged for its nonce 0.
        Transaction survivor = pool.pending().get(address(keys[SENDERS])).getFirst();
        assertTrue(acknowledged.contains(survivor.hash()));
        for (Hash h : acknowledged) {
            Transaction other = findRacing(work, h, keys[SENDERS]);
            if (other != null) {
                assertTrue(other.maxPriorityFeePerGas().compareTo(survivor.maxPriorityFeePerGas()) <= 0);
            }
        }
    }

    /** No duplicates; per sender, nonces 0, 1, 2, ... in order (the state nonce is 0 for all). */
    private static void checkSelection(List<Transaction> block, List<String> violations) {
        Set<Hash> seen = new HashSet<>();
        Map<Address, Long> next = new HashMap<>();
        for (Transaction t : block) {
            if (!seen.add(t.hash())) {
                violations.add("duplicate " + t.hash());
            }
            Address sender = ((SenderResult.Recovered) t.recoverSender()).sender();
            long expected = next.getOrDefault(sender, 0L);
            if (t.nonce() != expected) {
                violations.add("sender " + sender + " nonce " + t.nonce() + " where " + expected + " was due");
            }
            next.put(sender, expected + 1);
        }
    }

    private static Transaction findRacing(List<List<Transaction>> work, Hash h, byte[] racingKey) {
        Address racing = address(racingKey);
        for (List<Transaction> mine : work) {
            for (Transaction t : mine) {
                if (t.hash().equals(h) && t.recoverSender().equals(new SenderResult.Recovered(racing))) {
                    return t;
                }
            }
        }
        return null;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
