package dev.multilane.rpc.pubsub;

import dev.multilane.primitives.Hash;
import dev.multilane.store.IndexedLog;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The polling filters (eth_newFilter, eth_newBlockFilter, eth_newPendingTransactionFilter): each
 * gathers what happened since it was last polled. As in geth, a filter not polled for {@link
 * #TIMEOUT_NANOS} is removed; a filter that gathers more than {@link #MAX_CHANGES} unpolled changes
 * is removed too, so a forgotten filter cannot grow without bound before it expires.
 *
 * <p>Thread-safe. The map is concurrent; a filter's changes and deadline are guarded by the
 * filter itself. Events are added on the publishing thread (the miner, or an RPC worker for pool
 * accepts), polls come from RPC workers.
 */
public final class Filters {
    /** geth's filter timeout: five minutes without a poll. */
    public static final long TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(5);
    static final int MAX_CHANGES = 100_000;
    static final int MAX_FILTERS = 10_000;

    public enum Kind { LOGS, BLOCKS, PENDING_TRANSACTIONS }

    /** What a poll returns: block or transaction hashes, or logs (for a log filter). */
    public record Changes(Kind kind, List<Hash> hashes, List<LogChange> logs) {}

    /** A log a log filter gathered: of a new block, or of an undone one ({@code removed}, geth's reorg case). */
    public record LogChange(IndexedLog log, boolean removed) {}

    private static final class Filter {
        final Kind kind;
        final LogCriteria criteria;
        long deadline;
        List<Hash> hashes = new ArrayList<>();
        List<LogChange> logs = new ArrayList<>();

        Filter(Kind kind, LogCriteria criteria, long deadline) {
            this.kind = kind;
            this.criteria = criteria;
            this.deadline = deadline;
        }

        int size() {
            return hashes.size() + logs.size();
        }
    }

    private final Map<String, Filter> filters = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public Filters() {
        this(System::nanoTime);
    }

    /** @param clock nanoseconds, monotonic; tests pass their own to expire filters without waiting */
    public Filters(LongSupplier clock) {
        this.clock = clock;
    }

    /** A new filter's id, or null when {@link #MAX_FILTERS} are installed. */
    public String install(Kind kind, LogCriteria criteria) {
        expire();
        if (filters.size() >= MAX_FILTERS) {
            return null;
        }
        String id = RandomIds.next();
        filters.put(id, new Filter(kind, kind == Kind.LOGS ? criteria : null, clock.getAsLong() + TIMEOUT_NANOS));
        return id;
    }

    public boolean uninstall(String id) {
        return filters.remove(id) != null;
    }

    /** What the filter gathered since the last poll (and restarts its timeout); null when there is no such filter. */
    public Changes poll(String id) {
        expire();
        Filter f = filters.get(id);
        if (f == null) {
            return null;
        }
        synchronized (f) {
            f.deadline = clock.getAsLong() + TIMEOUT_NANOS;
            Changes c = new Changes(f.kind, f.hashes, f.logs);
            f.hashes = new ArrayList<>();
            f.logs = new ArrayList<>();
            return c;
        }
    }

    /** A log filter's criteria; null when there is no such filter or it is not a log filter. */
    public LogCriteria criteria(String id) {
        expire();
        Filter f = filters.get(id);
        return f == null ? null : f.criteria;
    }

    public int size() {
        return filters.size();
    }

    void onBlock(BlockEvent event) {
        expire();
        for (Map.Entry<String, Filter> e : filters.entrySet()) {
            Filter f = e.getValue();
            synchronized (f) {
                switch (f.kind) {
                    case BLOCKS -> f.hashes.add(event.hash());
                    case LOGS -> {
                        for (IndexedLog l : event.logs()) {
                            if (f.criteria.matches(l)) {
                                f.logs.add(new LogChange(l, false));
                            }
                        }
                    }
                    case PENDING_TRANSACTIONS -> {}
                }
                if (f.size() > MAX_CHANGES) {
                    filters.remove(e.getKey(), f);
                }
            }
        }
    }

    /**
     * Blocks were undone. A log filter gathers each matching log of them again, marked removed, as
     * geth's filters do on a reorg, whether or not the first copy was polled. A block filter drops
     * the undone blocks' hashes it has not returned yet: the store no longer has those blocks, and
     * geth's block filters report only blocks that joined the chain.
     */
    void onRollback(Set<Hash> removedBlocks, List<IndexedLog> removedLogs) {
        expire();
        for (Map.Entry<String, Filter> e : filters.entrySet()) {
            Filter f = e.getValue();
            synchronized (f) {
                switch (f.kind) {
                    case BLOCKS -> f.hashes.removeIf(removedBlocks::contains);
                    case LOGS -> {
                        for (IndexedLog l : removedLogs) {
                            if (f.criteria.matches(l)) {
                                f.logs.add(new LogChange(l, true));
                            }
                        }
                    }
                    case PENDING_TRANSACTIONS -> {}
                }
                if (f.size() > MAX_CHANGES) {
                    filters.remove(e.getKey(), f);
                }
            }
        }
    }

    void onPendingTransaction(Hash hash) {
        for (Map.Entry<String, Filter> e : filters.entrySet()) {
            Filter f = e.getValue();
            if (f.kind == Kind.PENDING_TRANSACTIONS) {
                synchronized (f) {
                    f.hashes.add(hash);
                    if (f.size() > MAX_CHANGES) {
                        filters.remove(e.getKey(), f);
                    }
                }
            }
        }
    }

    /** Removes the filters whose deadline has passed. */
    void expire() {
        long now = clock.getAsLong();
        for (Iterator<Filter> it = filters.values().iterator(); it.hasNext(); ) {
            Filter f = it.next();
            synchronized (f) {
                if (now - f.deadline > 0) {
                    it.remove();
                }
            }
        }
    }
}
