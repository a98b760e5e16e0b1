package dev.multilane.bench.defi;

import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.InMemoryWorldStateAdapter;
import dev.multilane.chain.Transaction;
import dev.multilane.primitives.Address;
import dev.multilane.state.InMemoryWorldState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The most any parallel executor could get out of this machine on a block: its transactions split
 * by sender into one share per thread, each share run by the plain sequential executor on its own
 * copy of the pre-state, all shares at once. No multi-version memory, no validation, no
 * scheduling, no shared data: what is left is the interpreter on every core at once, with the
 * memory bandwidth, caches and garbage collector the cores share. A Block-STM run can only be
 * slower than this, so the ratio of this to one sequential run bounds the speedup a target may ask
 * for.
 *
 * <p>The shares are not a valid block: each pays its own fees, and a transaction that depends on
 * another sender's (a swap after someone else's swap in the same pool) sees different state. That
 * is fine for a bound on speed of conflict-free workloads such as {@code erc20} over many accounts;
 * for contended workloads the shares do less work than the block and the bound is loose. Nothing
 * here is compared or checked: it is a measurement, not an execution.
 */
public final class PartitionCeiling {

    /**
     * @param sequentialNanos the median time of the whole block on one thread
     * @param partitionedNanos the median time from starting all shares to the last one finishing
     * @param oneAfterAnotherNanos the median time of the same shares run one after another on one
     *     thread: against {@code sequentialNanos} it shows what splitting the block costs, against
     *     {@code partitionedNanos} what running on all cores at once costs (shared caches, memory,
     *     the garbage collector)
     * @param shares transactions per share
     */
    public record Result(int threads, long sequentialNanos, long partitionedNanos, long oneAfterAnotherNanos,
            List<Integer> shares) {
        public double speedup() {
            return (double) sequentialNanos / partitionedNanos;
        }
    }

    private PartitionCeiling() {}

    public static Result run(BenchBlock bench, int threads, int runs, int warmups) {
        List<Share> shares = split(bench, threads);
        BlockProcessor sequential = BlockProcessor.sequential(BenchChain.CONFIG, false);
        List<Long> whole = new ArrayList<>();
        List<Long> split = new ArrayList<>();
        List<Long> serial = new ArrayList<>();
        for (int round = 0; round < warmups + runs; round++) {
            long w = timeWhole(bench, sequential);
            long s = timeShares(bench, shares, sequential);
            long o = timeSharesOneAfterAnother(bench, shares, sequential);
            if (round >= warmups) {
                whole.add(w);
                split.add(s);
                serial.add(o);
            }
        }
        List<Integer> sizes = new ArrayList<>();
        shares.forEach(share -> sizes.add(share.block.transactions().size()));
        return new Result(threads, median(whole), median(split), median(serial), sizes);
    }

    /** One thread's part of the block: whole senders, in block order. */
    private record Share(Block block, List<Address> senders) {}

    /**
     * Senders go to the share with the fewest transactions so far, in the order they first appear:
     * shares stay within a sender's transaction count of each other.
     */
    private static List<Share> split(BenchBlock bench, int threads) {
        List<Transaction> txs = bench.block().transactions();
        Map<Address, Integer> shareOf = new HashMap<>();
        Map<Address, Integer> perSender = new HashMap<>();
        bench.senders().forEach(a -> perSender.merge(a, 1, Integer::sum));
        int[] load = new int[threads];
        List<List<Transaction>> shareTxs = new ArrayList<>();
        List<List<Address>> shareSenders = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            shareTxs.add(new ArrayList<>());
            shareSenders.add(new ArrayList<>());
        }
        for (int i = 0; i < txs.size(); i++) {
            Address sender = bench.senders().get(i);
            int share = shareOf.computeIfAbsent(sender, a -> {
                int least = 0;
                for (int t = 1; t < threads; t++) {
                    least = load[t] < load[least] ? t : least;
                }
                load[least] += perSender.get(a);
                return least;
            });
            shareTxs.get(share).add(txs.get(i));
            shareSenders.get(share).add(sender);
        }
        List<Share> shares = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Block b = bench.block();
            shares.add(new Share(new Block(b.header(), shareTxs.get(t), b.ommers(), b.withdrawals()),
                    shareSenders.get(t)));
        }
        return shares;
    }

    private static long timeWhole(BenchBlock bench, BlockProcessor processor) {
        InMemoryWorldStateAdapter world = new InMemoryWorldStateAdapter(bench.preState().copy());
        System.gc();
        long start = System.nanoTime();
        BlockOutcome outcome = processor.process(bench.block(), world, null, bench.senders());
        long nanos = System.nanoTime() - start;
        requireProcessed(outcome, "the whole block");
        return nanos;
    }

    /** The shares on this thread, one after another, each on its own state copy; their times summed. */
    private static long timeSharesOneAfterAnother(BenchBlock bench, List<Share> shares, BlockProcessor processor) {
        long total = 0;
        for (int t = 0; t < shares.size(); t++) {
            InMemoryWorldStateAdapter world = new InMemoryWorldStateAdapter(bench.preState().copy());
            System.gc();
            long start = System.nanoTime();
            BlockOutcome outcome = processor.process(shares.get(t).block(), world, null, shares.get(t).senders());
            total += System.nanoTime() - start;
            requireProcessed(outcome, "share " + t);
        }
        return total;
    }

    /** All shares at once, each on its own thread and state copy; from the start signal to the last finish. */
    private static long timeShares(BenchBlock bench, List<Share> shares, BlockProcessor processor) {
        List<InMemoryWorldStateAdapter> worlds = new ArrayList<>();
        for (int t = 0; t < shares.size(); t++) {
            worlds.add(new InMemoryWorldStateAdapter(bench.preState().copy()));
        }
        CountDownLatch ready = new CountDownLatch(shares.size());
        CountDownLatch go = new CountDownLatch(1);
        BlockOutcome[] outcomes = new BlockOutcome[shares.size()];
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < shares.size(); t++) {
            int i = t;
            threads.add(Thread.ofPlatform().name("ceiling-" + t).start(() -> {
                ready.countDown();
                await(go);
                outcomes[i] = processor.process(shares.get(i).block(), worlds.get(i), null, shares.get(i).senders());
            }));
        }
        await(ready);
        System.gc();
        long start = System.nanoTime();
        go.countDown();
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while timing the shares", e);
            }
        }
        long nanos = System.nanoTime() - start;
        for (int t = 0; t < outcomes.length; t++) {
            requireProcessed(outcomes[t], "share " + t);
        }
        return nanos;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while timing the shares", e);
        }
    }

    /** A share that is not a valid block measures nothing useful; say so instead of printing a number. */
    private static void requireProcessed(BlockOutcome outcome, String what) {
        if (outcome instanceof BlockOutcome.Invalid invalid) {
            throw new IllegalStateException("ceiling: " + what + " is invalid: " + invalid.error());
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
