package dev.multilane.chain.pool;

import static dev.multilane.chain.pool.PoolFixtures.config;
import static dev.multilane.chain.pool.PoolFixtures.key;
import static dev.multilane.chain.pool.PoolFixtures.tx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.pool.PoolFixtures.MapState;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.U256;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The pool's heap selection against a direct reading of geth's miner rule, written as plainly as
 * possible: at each step scan every sender's next transaction, take the best payer (effective tip,
 * then arrival), and drop a sender whose next transaction does not fit the gas left. Random pools
 * with nonce gaps, equal tips (so arrival decides), fee caps around the base fee and mixed gas.
 */
class BlockSelectionTest {
    private static final int SENDERS = 24;
    private static final int POOLS = 60;

    @Test
    void heapSelectionMatchesTheExhaustiveScan() {
        Random random = new Random(20261122);
        int passed = 0;
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < POOLS; round++) {
            MapState state = new MapState();
            byte[][] keys = richSenders(state);
            TransactionPool pool = new TransactionPool(config(), state, U256.ZERO);
            // Accepted transactions in arrival order: the pool numbers arrivals the same way.
            List<Transaction> arrivals = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                int count = random.nextInt(5);
                for (long nonce = 0; nonce < count; nonce++) {
                    long n = random.nextInt(8) == 0 ? nonce + 1 : nonce; // now and then a gap
                    long tip = 1 + random.nextInt(3);
                    long maxFee = 95 + random.nextInt(20);
                    long gas = random.nextBoolean() ? 21_000 : 21_000 + random.nextInt(60_000);
                    Transaction t = tx(keys[i], n, tip, maxFee, gas, 0);
                    if (pool.add(t).accepted()) {
                        arrivals.add(t);
                    }
                }
            }
            U256 baseFee = U256.of(random.nextInt(110));
            long gasLimit = 21_000 + random.nextInt(1_500_000);
            int maxCount = 1 + random.nextInt(80);
            List<Transaction> expected = reference(pool.pending(), arrivals, baseFee, gasLimit, maxCount);
            List<Transaction> actual = pool.selectForBlock(baseFee, gasLimit, maxCount);
            if (expected.equals(actual)) {
                passed++;
            } else {
                failures.add("pool " + round + " (base fee " + baseFee + ", gas " + gasLimit + ", max " + maxCount
                        + "): expected " + expected.size() + " txs, got " + actual.size());
            }
        }
        System.out.println("BlockSelectionTest: " + passed + " passed, " + failures.size() + " failed");
        failures.forEach(System.out::println);
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertEquals(POOLS, passed);
    }

    /**
     * A producer keeps one selection and extends it as transactions arrive ({@link
     * TransactionPool#extendSelection}): after every change to random pools (appends, nonce gaps
     * and the promotions that fill them, replacements, tips above the selection's lowest, new
     * heads, limits that cut the block short), the extended selection must equal a fresh one, and
     * the extension must actually be taken in most steps of a pool that only grows at its ends.
     */
    @Test
    void anExtendedSelectionEqualsAFreshOne() {
        Random random = new Random(5);
        int steps = 0;
        int extended = 0;
        List<String> failures = new ArrayList<>();
        for (int round = 0; round < 40; round++) {
            MapState state = new MapState();
            byte[][] keys = richSenders(state);
            TransactionPool pool = new TransactionPool(config(), state, U256.ZERO);
            long[] next = new long[SENDERS]; // each sender's lowest nonce not pooled yet
            List<java.util.Set<Long>> sent = new ArrayList<>();
            for (int k = 0; k < SENDERS; k++) {
                sent.add(new java.util.HashSet<>());
            }
            boolean calm = random.nextBoolean(); // only appends at equal or falling tips: the usual load
            long tipNow = 5;
            U256 baseFee = U256.of(random.nextInt(40));
            long gasLimit = random.nextInt(4) == 0 ? 21_000 * (1 + random.nextInt(30)) : PoolFixtures.BLOCK_GAS;
            TransactionPool.Selection selection = null;
            for (int step = 0; step < 60; step++) {
                int i = random.nextInt(SENDERS);
                int what = calm ? 0 : random.nextInt(10);
                long tip = calm ? (tipNow = Math.max(1, tipNow - (random.nextInt(6) == 0 ? 1 : 0))) : 1 + random.nextInt(6);
                long nonce = switch (what) {
                    case 1 -> next[i] + 1; // a gap: queued
                    case 2 -> Math.max(0, next[i] - 1); // a replacement (or a refusal)
                    default -> next[i];
                };
                long maxFee = what == 3 ? baseFee.u0() : 60 + tip;
                if (pool.add(tx(keys[i], nonce, what == 2 ? tip * 3 : tip, maxFee)).accepted()) {
                    sent.get(i).add(nonce); // filling a gap promotes the queued ones after it
                    while (sent.get(i).contains(next[i])) {
                        next[i]++;
                    }
                }
                if (what == 4) {
                    state.with(PoolFixtures.address(keys[i]), 1, PoolFixtures.RICH);
                    pool.onNewHead(state, baseFee);
                    sent.get(i).add(0L);
                    while (sent.get(i).contains(next[i])) {
                        next[i]++;
                    }
                }
                if (what == 5 && random.nextBoolean()) {
                    selection = null; // a producer that starts over
                }
                TransactionPool.Selection now = pool.extendSelection(selection, baseFee, U256.ONE, gasLimit, 0, 10_000);
                List<Transaction> fresh = pool.selectForBlock(baseFee, U256.ONE, gasLimit, 0, 10_000);
                steps++;
                if (now.extendedFrom() >= 0) {
                    extended++;
                }
                if (!fresh.equals(now.transactions())) {
                    failures.add("round " + round + " step " + step + " (extended from " + now.extendedFrom()
                            + "): " + now.transactions().size() + " txs, a fresh selection " + fresh.size());
                }
                selection = now;
            }
        }
        System.out.println("BlockSelectionTest extensions: " + (steps - failures.size()) + " passed, " + failures.size()
                + " failed; " + extended + " of " + steps + " selections extended the last");
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertTrue(extended > steps / 4, extended + " of " + steps + " selections extended the last");
    }

    /** {@link #SENDERS} keys whose accounts {@code state} funds. */
    private static byte[][] richSenders(MapState state) {
        byte[][] keys = new byte[SENDERS][];
        for (int i = 0; i < SENDERS; i++) {
            keys[i] = key(i + 1);
            state.rich(keys[i]);
        }
        return keys;
    }

    @Test
    void aBlockOfManySendersTakesEachOnceByTipThenArrival() {
        MapState state = new MapState();
        TransactionPool pool = new TransactionPool(config(), state, U256.ZERO);
        List<Transaction> sent = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            state.rich(key(i));
            Transaction t = tx(key(i), 0, i % 4, 1_000);
            assertTrue(pool.add(t).accepted());
            sent.add(t);
        }
        List<Transaction> block = pool.selectForBlock(U256.of(10), PoolFixtures.BLOCK_GAS, 1_000);
        assertEquals(200, block.size());
        List<Transaction> expected = new ArrayList<>();
        for (int tip = 3; tip >= 0; tip--) {
            for (Transaction t : sent) {
                if (t.maxPriorityFeePerGas().equals(U256.of(tip))) {
                    expected.add(t);
                }
            }
        }
        assertEquals(expected, block);
    }

    /** geth's rule by exhaustive scan; {@code arrivals} gives the tie-break order. */
    private static List<Transaction> reference(Map<Address, List<Transaction>> pending, List<Transaction> arrivals,
            U256 baseFee, long gasLimit, int maxCount) {
        Map<Transaction, Integer> arrival = new HashMap<>();
        for (int i = 0; i < arrivals.size(); i++) {
            arrival.put(arrivals.get(i), i);
        }
        Map<Address, Integer> next = new HashMap<>();
        pending.keySet().forEach(a -> next.put(a, 0));
        List<Transaction> out = new ArrayList<>();
        long gasLeft = gasLimit;
        while (out.size() < maxCount && gasLeft >= BlockSelection.TX_GAS) {
            Address best = null;
            Transaction bestTx = null;
            U256 bestTip = null;
            for (Map.Entry<Address, Integer> e : next.entrySet()) {
                List<Transaction> run = pending.get(e.getKey());
                if (e.getValue() >= run.size()) {
                    continue;
                }
                Transaction t = run.get(e.getValue());
                if (t.maxFeePerGas().compareTo(baseFee) < 0) {
                    continue; // cannot pay the base fee: the sender's rest waits too
                }
                U256 tip = U256.min(t.maxPriorityFeePerGas(), t.maxFeePerGas().sub(baseFee));
                int c = bestTip == null ? 1 : tip.compareTo(bestTip);
                if (c > 0 || (c == 0 && arrival.get(t) < arrival.get(bestTx))) {
                    best = e.getKey();
                    bestTx = t;
                    bestTip = tip;
                }
            }
            if (best == null) {
                break;
            }
            if (bestTx.gasLimit() > gasLeft) {
                next.put(best, Integer.MAX_VALUE); // does not fit: the sender is out of this block
                continue;
            }
            out.add(bestTx);
            gasLeft -= bestTx.gasLimit();
            next.put(best, next.get(best) + 1);
        }
        return out;
    }
}
