package dev.multilane.rpc.pubsub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.multilane.rpc.CallContext;
import dev.multilane.rpc.JsonRpcDispatcher;
import dev.multilane.rpc.MethodResult;
import dev.multilane.rpc.Params;
import dev.multilane.rpc.RpcError;
import dev.multilane.store.ChainStore;

/**
 * eth_subscribe / eth_unsubscribe (WebSocket only) and the polling filters, with geth's names,
 * results and error messages:
 *
 * <ul>
 *   <li>{@code eth_subscribe("newHeads")}: each new block's header (eth_getBlockByNumber's header
 *       fields, without size and totalDifficulty, as geth sends it);
 *   <li>{@code eth_subscribe("logs", {address, topics, fromBlock, toBlock})}: one notification per
 *       matching log, in block order, {@code removed: false}; when evm_revert undoes blocks, their
 *       matching logs again with {@code removed: true}, as geth sends the logs a reorg drops;
 *   <li>{@code eth_subscribe("newPendingTransactions"[, true])}: the hash (or the whole
 *       transaction) of each transaction the pool accepts.
 * </ul>
 *
 * Over HTTP eth_subscribe answers geth's -32601 "notifications not supported".
 */
public final class PubSubMethods {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ChainStore store;
    private final EventHub hub;

    public PubSubMethods(ChainStore store, EventHub hub) {
        this.store = store;
        this.hub = hub;
    }

    public JsonRpcDispatcher register(JsonRpcDispatcher d) {
        d.registerWithCaller("eth_subscribe", this::subscribe);
        d.registerWithCaller("eth_unsubscribe", this::unsubscribe);
        d.register("eth_newFilter", this::newFilter);
        d.register("eth_newBlockFilter", p -> install(p.atMost(0), Filters.Kind.BLOCKS, null));
        d.register("eth_newPendingTransactionFilter",
                p -> install(p.atMost(0), Filters.Kind.PENDING_TRANSACTIONS, null));
        d.register("eth_getFilterChanges", p -> changes(p.atMost(1).text(0)));
        d.register("eth_getFilterLogs", p -> filterLogs(p.atMost(1).text(0)));
        d.register("eth_uninstallFilter", p -> MethodResult.ok(BooleanNode.valueOf(
                hub.filters().uninstall(p.atMost(1).text(0)))));
        return d;
    }

    private MethodResult subscribe(Params p, CallContext caller) {
        if (caller.connection() == null) {
            return MethodResult.err(RpcError.METHOD_NOT_FOUND, "notifications not supported");
        }
        if (p.absent(0) || !p.node(0).isTextual()) {
            return MethodResult.err(RpcError.invalidParams("expected subscription name as first element"));
        }
        String name = p.text(0);
        Subscriptions.Kind kind;
        LogCriteria criteria = null;
        boolean full = false;
        switch (name) {
            case "newHeads" -> {
                p.atMost(1);
                kind = Subscriptions.Kind.NEW_HEADS;
            }
            case "logs" -> {
                p.atMost(2);
                kind = Subscriptions.Kind.LOGS;
                if (p.absent(1)) {
                    criteria = LogCriteria.any();
                } else {
                    LogCriteria.Decoded d = LogCriteria.parse(p.node(1), 1);
                    if (d.error() != null) {
                        return MethodResult.err(d.error());
                    }
                    criteria = d.criteria();
                }
            }
            case "newPendingTransactions" -> {
                p.atMost(2);
                kind = Subscriptions.Kind.NEW_PENDING_TRANSACTIONS;
                full = !p.absent(1) && p.bool(1);
            }
            default -> {
                return MethodResult.err(RpcError.METHOD_NOT_FOUND, "no \"" + name + "\" subscription in eth namespace");
            }
        }
        String id = hub.subscriptions().subscribe(kind, criteria, full, caller);
        if (id == null) {
            return MethodResult.err(RpcError.server("too many subscriptions on this connection (at most "
                    + Subscriptions.MAX_PER_CONNECTION + ")"));
        }
        return MethodResult.ok(TextNode.valueOf(id));
    }

    private MethodResult unsubscribe(Params p, CallContext caller) {
        String id = p.atMost(1).text(0);
        if (!hub.subscriptions().unsubscribe(id, caller.connection())) {
            return MethodResult.err(RpcError.server("subscription not found"));
        }
        return MethodResult.ok(BooleanNode.TRUE);
    }

    private MethodResult newFilter(Params p) {
        LogCriteria.Decoded d = LogCriteria.parse(p.atMost(1).node(0), 0);
        if (d.error() != null) {
            return MethodResult.err(d.error());
        }
        return install(p, Filters.Kind.LOGS, d.criteria());
    }

    private MethodResult install(Params p, Filters.Kind kind, LogCriteria criteria) {
        String id = hub.filters().install(kind, criteria);
        if (id == null) {
            return MethodResult.err(RpcError.server("too many filters installed (" + Filters.MAX_FILTERS
                    + "); uninstall some or let them expire"));
        }
        return MethodResult.ok(TextNode.valueOf(id));
    }

    private MethodResult changes(String id) {
        Filters.Changes c = hub.filters().poll(id);
        if (c == null) {
            return MethodResult.err(RpcError.server("filter not found"));
        }
        ArrayNode out = NODES.arrayNode();
        if (c.kind() == Filters.Kind.LOGS) {
            c.logs().forEach(l -> out.add(LogJson.of(l.log(), l.removed())));
        } else {
            c.hashes().forEach(h -> out.add(h.toString()));
        }
        return MethodResult.ok(out);
    }

    /** Every stored log the filter's criteria match, as eth_getLogs would return them. */
    private MethodResult filterLogs(String id) {
        LogCriteria c = hub.filters().criteria(id);
        if (c == null) {
            return MethodResult.err(RpcError.server("filter not found"));
        }
        LogCriteria.Query q = c.storedQuery(store);
        if (q.error() != null) {
            return MethodResult.err(q.error());
        }
        ArrayNode out = NODES.arrayNode();
        store.logs(q.filter()).forEach(l -> out.add(LogJson.of(l, false)));
        return MethodResult.ok(out);
    }
}
