package dev.multilane.node.dev;

import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.pool.TransactionPool;
import dev.multilane.primitives.Hash;
import dev.multilane.rpc.eth.DevChain;
import dev.multilane.rpc.RpcHex;
import dev.multilane.rpc.pubsub.ChainEvents;
import dev.multilane.store.ChainHead;
import dev.multilane.store.ChainStore;
import dev.multilane.store.CommitOutcome;
import dev.multilane.store.IndexedLog;
import dev.multilane.store.LogFilter;
import dev.multilane.store.PersistentWorldState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * evm_snapshot and evm_revert as Hardhat and anvil define them: a snapshot is an id ("0x1", "0x2",
 * ...) for the head at that moment; reverting to it rolls blocks and state back to that head
 * ({@link PersistentWorldState#rollback}, one atomic batch in the store) and forgets that snapshot
 * and every later one, so each id reverts at most once.
 *
 * <p>The pool is kept, as anvil keeps it: its transactions are re-checked against the rolled-back
 * state ({@code onNewHead}); transactions of the undone blocks are not put back (they left the
 * pool when mined). Nothing is mined by the revert itself.
 *
 * <p>Subscribers hear of the undone blocks after the rollback ({@link ChainEvents#onRollback}),
 * as geth's clients hear of a reorg: their hashes and logs are read before the store forgets them,
 * and only when someone listens.
 *
 * <p>Threads: a rollback writes the world state, which only the miner thread may do, so {@link
 * #revert} runs there; the id map is guarded by this object's monitor.
 */
final class ChainSnapshots {
    private final ChainStore store;
    private final ChainConfig config;
    private final PersistentWorldState world;
    private final TransactionPool pool;
    private final ChainEvents events;
    private final ExecutorService miner;
    private final long waitSeconds;
    /** Snapshot id → the head it recorded; guarded by {@code this}. */
    private final TreeMap<Long, ChainHead> snapshots = new TreeMap<>();
    private long nextId = 1;

    ChainSnapshots(ChainStore store, ChainConfig config, PersistentWorldState world, TransactionPool pool,
            ChainEvents events, ExecutorService miner, long waitSeconds) {
        this.store = store;
        this.config = config;
        this.world = world;
        this.pool = pool;
        this.events = events;
        this.miner = miner;
        this.waitSeconds = waitSeconds;
    }

    synchronized String take() {
        long id = nextId++;
        snapshots.put(id, store.head().orElseThrow());
        return RpcHex.quantity(id);
    }

    DevChain.RevertOutcome revert(long id) {
        try {
            return miner.submit(() -> revertOnMiner(id)).get(waitSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DevChain.RevertOutcome.failed("interrupted");
        } catch (ExecutionException e) {
            return DevChain.RevertOutcome.failed("revert failed: " + e.getCause());
        } catch (TimeoutException e) {
            return DevChain.RevertOutcome.failed("revert did not finish within " + waitSeconds + " s");
        } catch (RejectedExecutionException e) {
            return DevChain.RevertOutcome.failed("the node is shutting down");
        }
    }

    private DevChain.RevertOutcome revertOnMiner(long id) {
        ChainHead target;
        synchronized (this) {
            target = snapshots.get(id);
            if (target == null) {
                return DevChain.RevertOutcome.unknown();
            }
            snapshots.tailMap(id, true).clear();
        }
        // Snapshots above a revert are forgotten, so the recorded block is still canonical.
        if (!store.canonicalHash(target.number()).equals(Optional.of(target.hash()))) {
            return DevChain.RevertOutcome.failed("snapshot " + RpcHex.quantity(id) + " names block " + target.number()
                    + " " + target.hash() + ", which is no longer canonical");
        }
        long oldHead = store.head().orElseThrow().number();
        boolean tell = oldHead > target.number() && events.listensForRollbacks();
        List<Hash> undone = tell ? undoneBlocks(target.number() + 1, oldHead) : List.of();
        List<IndexedLog> logs = tell
                ? store.logs(new LogFilter(target.number() + 1, oldHead, List.of(), List.of()))
                : List.of();
        // The pool's pass for the last mined block may still be running on a background thread;
        // it reads the head state, which the rollback is about to change under it.
        pool.applyDeferredHead();
        CommitOutcome outcome = world.rollback(target.number());
        if (outcome instanceof CommitOutcome.Refused r) {
            return DevChain.RevertOutcome.failed("cannot revert to block " + target.number() + ": " + r);
        }
        BlockHeader head = store.header(target.hash()).orElseThrow();
        pool.onNewHead(NextBlock.poolHead(config, head, world.headState()));
        if (tell) {
            try {
                events.onRollback(undone, logs);
            } catch (RuntimeException e) {
                // The revert is done whatever a subscriber does; losing a notification is the lesser harm.
                System.err.println("multilane dev: rollback notification failed: " + e);
            }
        }
        return DevChain.RevertOutcome.done();
    }

    /** The canonical hashes of blocks {@code from} to {@code to}, lowest first. */
    private List<Hash> undoneBlocks(long from, long to) {
        List<Hash> hashes = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            store.canonicalHash(n).ifPresent(hashes::add);
        }
        return hashes;
    }
}
