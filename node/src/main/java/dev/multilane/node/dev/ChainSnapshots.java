package dev.multilane.node.dev;

import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.pool.TransactionPool;
import dev.multilane.rpc.eth.DevChain;
import dev.multilane.rpc.RpcHex;
import dev.multilane.store.ChainHead;
import dev.multilane.store.ChainStore;
import dev.multilane.store.CommitOutcome;
import dev.multilane.store.PersistentWorldState;
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
 * <p>Threads: a rollback writes the world state, which only the miner thread may do, so {@link
 * #revert} runs there; the id map is guarded by this object's monitor.
 */
final class ChainSnapshots {
    private final ChainStore store;
    private final PersistentWorldState world;
    private final TransactionPool pool;
    private final ExecutorService miner;
    private final long waitSeconds;
    /** Snapshot id → the head it recorded; guarded by {@code this}. */
    private final TreeMap<Long, ChainHead> snapshots = new TreeMap<>();
    private long nextId = 1;

    ChainSnapshots(ChainStore store, PersistentWorldState world, TransactionPool pool, ExecutorService miner,
            long waitSeconds) {
        this.store = store;
        this.world = world;
        this.pool = pool;
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
        CommitOutcome outcome = world.rollback(target.number());
        if (outcome instanceof CommitOutcome.Refused r) {
            return DevChain.RevertOutcome.failed("cannot revert to block " + target.number() + ": " + r);
        }
        BlockHeader head = store.header(target.hash()).orElseThrow();
        pool.onNewHead(store.state(), BlockProducer.nextBaseFee(head));
        return DevChain.RevertOutcome.done();
    }
}
