package dev.multilane.rpc.pubsub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.rpc.CallContext;
import dev.multilane.rpc.Connection;
import dev.multilane.rpc.eth.EthJson;
import dev.multilane.store.IndexedLog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live subscriptions (eth_subscribe) of every connection, and the notifications they get. A
 * subscription belongs to its connection: only that connection can cancel it, and it ends when the
 * connection closes.
 *
 * <p>A subscription starts inactive and is activated once the eth_subscribe reply is queued
 * ({@link CallContext#afterReply}), so its id reaches the client before its first notification.
 *
 * <p>Thread-safe: RPC workers subscribe and unsubscribe; one publishing thread calls {@link
 * #publishBlock}, {@link #publishRemoved} and {@link #publishPending}. {@code active} is
 * volatile: set once by the worker
 * after the reply, read by the publisher.
 */
final class Subscriptions {
    enum Kind { NEW_HEADS, LOGS, NEW_PENDING_TRANSACTIONS }

    /** Subscriptions one connection may hold, so a client cannot grow the server's memory without bound. */
    static final int MAX_PER_CONNECTION = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final class Subscription {
        final String id;
        final Kind kind;
        final LogCriteria criteria;
        final boolean fullTransactions;
        final Connection connection;
        volatile boolean active;

        Subscription(String id, Kind kind, LogCriteria criteria, boolean fullTransactions, Connection connection) {
            this.id = id;
            this.kind = kind;
            this.criteria = criteria;
            this.fullTransactions = fullTransactions;
            this.connection = connection;
        }
    }

    private final Map<String, Subscription> all = new ConcurrentHashMap<>();
    /** The ids per connection; a connection is present from its first subscription until it closes. */
    private final Map<Connection, Set<String>> byConnection = new ConcurrentHashMap<>();

    /**
     * Registers a subscription for the caller's connection (which must exist); returns its id, or
     * null when the connection already holds {@link #MAX_PER_CONNECTION}.
     */
    String subscribe(Kind kind, LogCriteria criteria, boolean fullTransactions, CallContext caller) {
        Connection c = caller.connection();
        Set<String> held = byConnection.get(c);
        if (held != null && held.size() >= MAX_PER_CONNECTION) {
            return null;
        }
        String id = RandomIds.next();
        Subscription s = new Subscription(id, kind, criteria, fullTransactions, c);
        boolean[] first = {false};
        byConnection.computeIfAbsent(c, k -> {
            first[0] = true;
            return ConcurrentHashMap.newKeySet();
        }).add(id);
        all.put(id, s);
        if (first[0]) {
            c.onClose(() -> closed(c));
        }
        caller.afterReply(() -> s.active = true);
        return id;
    }

    /** Cancels a subscription of {@code connection}; false when it has none with that id. */
    boolean unsubscribe(String id, Connection connection) {
        Subscription s = all.get(id);
        if (s == null || connection == null || s.connection != connection) {
            return false;
        }
        all.remove(id);
        Set<String> ids = byConnection.get(connection);
        if (ids != null) {
            ids.remove(id);
        }
        return true;
    }

    boolean isEmpty() {
        return all.isEmpty();
    }

    int size() {
        return all.size();
    }

    private void closed(Connection c) {
        Set<String> ids = byConnection.remove(c);
        if (ids != null) {
            ids.forEach(all::remove);
        }
    }

    /** Closes every subscriber's connection (their notifications could not be delivered). */
    void dropAll(String reason) {
        for (Subscription s : List.copyOf(all.values())) {
            s.connection.close(reason);
            all.remove(s.id);
        }
    }

    /** The block's header to {@code newHeads}, its matching logs (one notification each) to {@code logs}. */
    void publishBlock(BlockEvent event) {
        String header = null;
        String[] logs = new String[event.logs().size()];
        for (Subscription s : all.values()) {
            if (!s.active) {
                continue;
            }
            switch (s.kind) {
                case NEW_HEADS -> {
                    if (header == null) {
                        header = write(EthJson.header(event.block().header(), null, -1));
                    }
                    s.connection.send(notification(s.id, header));
                }
                case LOGS -> sendLogs(s, event.logs(), logs, false);
                case NEW_PENDING_TRANSACTIONS -> {}
            }
        }
    }

    /**
     * The logs of undone blocks, each to the {@code logs} subscriptions it matches again, with
     * {@code removed: true}: geth's notification for logs a reorg drops. {@code newHeads} hears
     * nothing; it goes on with the next block.
     */
    void publishRemoved(List<IndexedLog> removed) {
        String[] logs = new String[removed.size()];
        for (Subscription s : all.values()) {
            if (s.active && s.kind == Kind.LOGS) {
                sendLogs(s, removed, logs, true);
            }
        }
    }

    /** Sends {@code s} each log it matches; {@code json} caches each log's JSON across subscriptions. */
    private static void sendLogs(Subscription s, List<IndexedLog> logs, String[] json, boolean removed) {
        for (int i = 0; i < logs.size(); i++) {
            IndexedLog l = logs.get(i);
            if (s.criteria.matches(l)) {
                if (json[i] == null) {
                    json[i] = write(LogJson.of(l, removed));
                }
                if (!s.connection.send(notification(s.id, json[i]))) {
                    break;
                }
            }
        }
    }

    void publishPending(Transaction tx) {
        String hash = null;
        String full = null;
        for (Subscription s : all.values()) {
            if (!s.active || s.kind != Kind.NEW_PENDING_TRANSACTIONS) {
                continue;
            }
            if (s.fullTransactions) {
                if (full == null) {
                    full = write(EthJson.transaction(tx, (BlockHeader) null, 0));
                }
                s.connection.send(notification(s.id, full));
            } else {
                if (hash == null) {
                    hash = "\"" + tx.hash() + "\"";
                }
                s.connection.send(notification(s.id, hash));
            }
        }
    }

    /** geth's notification: the result's JSON spliced in, so a result shared by many subscriptions is written once. */
    static String notification(String id, String resultJson) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + id
                + "\",\"result\":" + resultJson + "}}";
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
