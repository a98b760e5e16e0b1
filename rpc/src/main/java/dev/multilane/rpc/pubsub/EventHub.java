package dev.multilane.rpc.pubsub;

import dev.multilane.chain.Receipt;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.Block;
import dev.multilane.chain.pool.AddResult;
import dev.multilane.chain.pool.TransactionPool;
import dev.multilane.primitives.Hash;
import dev.multilane.store.IndexedLog;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Fans the node's events out to the polling {@link Filters} and the WebSocket {@link
 * Subscriptions}.
 *
 * <p><b>Threads.</b> Filters are updated on the publishing thread, so a client that polls after
 * eth_sendRawTransaction returned (automine has mined by then) sees the block. Notifications are
 * written on one {@code multilane-events} thread, in publishing order, so turning blocks into JSON
 * for many subscribers never delays the next block; its queue is bounded ({@link #MAX_BACKLOG}):
 * should it overflow, the subscribers have missed events, so their connections are closed and the
 * event dropped. Each connection bounds its own unsent messages as well ({@code
 * dev.multilane.rpc.BoundedConnection}).
 */
public final class EventHub implements ChainEvents, AutoCloseable {
    /** Events waiting for the notification thread before subscribers are cut off. */
    static final int MAX_BACKLOG = 1024;

    private final Filters filters;
    private final Subscriptions subscriptions = new Subscriptions();
    private final Consumer<String> log;
    private final ThreadPoolExecutor notifier;

    public EventHub(Filters filters, Consumer<String> log) {
        this.filters = filters;
        this.log = log;
        this.notifier = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_BACKLOG),
                r -> {
                    Thread t = new Thread(r, "multilane-events");
                    t.setDaemon(true);
                    return t;
                });
    }

    public EventHub(Consumer<String> log) {
        this(new Filters(), log);
    }

    public Filters filters() {
        return filters;
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    /** Live eth_subscribe subscriptions, for metrics. */
    public int subscriptionCount() {
        return subscriptions.size();
    }

    @Override
    public void onBlock(Block block, List<Receipt> receipts) {
        BlockEvent event = BlockEvent.of(block, receipts);
        filters.onBlock(event);
        notify(() -> subscriptions.publishBlock(event));
    }

    /**
     * Log filters and {@code logs} subscriptions get the undone blocks' matching logs with {@code
     * removed: true}; block filters forget undone blocks they have not returned yet.
     */
    @Override
    public void onRollback(List<Hash> removedBlocks, List<IndexedLog> removedLogs) {
        filters.onRollback(Set.copyOf(removedBlocks), removedLogs);
        if (!removedLogs.isEmpty()) {
            List<IndexedLog> logs = List.copyOf(removedLogs);
            notify(() -> subscriptions.publishRemoved(logs));
        }
    }

    @Override
    public boolean listensForRollbacks() {
        return filters.size() > 0 || !subscriptions.isEmpty();
    }

    @Override
    public void onPendingTransaction(Transaction tx) {
        filters.onPendingTransaction(tx.hash());
        notify(() -> subscriptions.publishPending(tx));
    }

    /**
     * Publishes the transaction the pool just took, pending or queued (geth announces queued ones
     * when they are promoted; the pool here does not say when that happens, so they are announced
     * on entry). Nothing for a rejection, nor when the transaction already left the pool (mined by
     * a timed block in between).
     */
    public void onAccepted(AddResult result, TransactionPool pool) {
        Hash hash = switch (result) {
            case AddResult.Pending p -> p.hash();
            case AddResult.Queued q -> q.hash();
            case AddResult.Replaced r -> r.hash();
            case AddResult.Rejected r -> null;
        };
        Transaction tx = hash == null ? null : pool.get(hash);
        if (tx != null) {
            onPendingTransaction(tx);
        }
    }

    private void notify(Runnable task) {
        if (subscriptions.isEmpty()) {
            return;
        }
        try {
            notifier.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.accept("rpc: publishing an event failed: " + e);
                }
            });
        } catch (RejectedExecutionException e) {
            if (!notifier.isShutdown()) {
                log.accept("rpc: " + MAX_BACKLOG + " events waiting for subscribers; closing their connections");
                subscriptions.dropAll("event backlog overflow");
            }
        }
    }

    /** Stops the notification thread; events still queued are dropped. */
    @Override
    public void close() {
        notifier.shutdownNow();
    }
}
