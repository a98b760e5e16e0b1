package dev.multilane.rpc.pubsub;

import static dev.multilane.rpc.pubsub.TestBlocks.A;
import static dev.multilane.rpc.pubsub.TestBlocks.B;
import static dev.multilane.rpc.pubsub.TestBlocks.T1;
import static dev.multilane.rpc.pubsub.TestBlocks.T2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.chain.block.Block;
import dev.multilane.evm.Log;
import dev.multilane.rpc.CallContext;
import dev.multilane.rpc.JsonRpcDispatcher;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The methods through the dispatcher, with a recording connection in place of a WebSocket. */
@Timeout(60)
class PubSubMethodsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> log = new ArrayList<>();
    private final EventHub hub = new EventHub(log::add);
    // No store: these tests never reach eth_getFilterLogs' stored-log query.
    private final JsonRpcDispatcher d = new PubSubMethods(null, hub).register(new JsonRpcDispatcher());

    @AfterEach
    void close() {
        hub.close();
    }

    private JsonNode call(CallContext caller, String method, String params) throws Exception {
        String reply = d.handle(("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params
                + "}").getBytes(), caller);
        caller.replied();
        return JSON.readTree(reply);
    }

    private static void assertError(JsonNode reply, int code, String message) {
        assertTrue(reply.has("error"), reply.toString());
        assertEquals(code, reply.get("error").get("code").asInt(), reply.toString());
        assertEquals(message, reply.get("error").get("message").asText(), reply.toString());
    }

    private void publish(long number, List<List<Log>> logs) {
        Block b = TestBlocks.block(number, logs);
        hub.onBlock(b, TestBlocks.receipts(logs));
    }

    @Test
    void subscriptionsDeliverInOrderAndEndWithTheConnection() throws Exception {
        FakeConnection ws = new FakeConnection();
        CallContext caller = new CallContext(ws);
        String heads = call(caller, "eth_subscribe", "[\"newHeads\"]").get("result").asText();
        String logs = call(caller, "eth_subscribe", "[\"logs\",{\"address\":\"" + A + "\",\"topics\":[null,\"" + T2
                + "\"]}]").get("result").asText();
        String pending = call(caller, "eth_subscribe", "[\"newPendingTransactions\"]").get("result").asText();
        String fullPending = call(caller, "eth_subscribe", "[\"newPendingTransactions\",true]").get("result").asText();
        assertTrue(heads.matches("0x[0-9a-f]{32}"), heads);
        assertEquals(4, hub.subscriptionCount());

        var tx = TestBlocks.tx(5);
        hub.onPendingTransaction(tx);
        JsonNode first = ws.next();
        JsonNode second = ws.next();
        // The two pending subscriptions, in either order.
        JsonNode hashOnly = first.get("params").get("subscription").asText().equals(pending) ? first : second;
        JsonNode full = hashOnly == first ? second : first;
        assertEquals("eth_subscription", hashOnly.get("method").asText());
        assertEquals("2.0", hashOnly.get("jsonrpc").asText());
        assertEquals(tx.hash().toString(), hashOnly.get("params").get("result").asText());
        assertEquals(fullPending, full.get("params").get("subscription").asText());
        assertEquals(tx.hash().toString(), full.get("params").get("result").get("hash").asText());
        assertTrue(full.get("params").get("result").get("blockHash").isNull());

        publish(1, List.of(List.of(TestBlocks.log(A, T1, T2), TestBlocks.log(B, T1, T2)),
                List.of(TestBlocks.log(A, T2, T2), TestBlocks.log(A, T1, T1))));
        List<JsonNode> got = List.of(ws.next(), ws.next(), ws.next());
        List<JsonNode> headMsgs = got.stream().filter(m -> m.get("params").get("subscription").asText().equals(heads)).toList();
        List<JsonNode> logMsgs = got.stream().filter(m -> m.get("params").get("subscription").asText().equals(logs)).toList();
        assertEquals(1, headMsgs.size());
        JsonNode header = headMsgs.get(0).get("params").get("result");
        assertEquals("0x1", header.get("number").asText());
        assertEquals("0x7", header.get("baseFeePerGas").asText());
        assertFalse(header.has("transactions"));
        assertFalse(header.has("totalDifficulty"));
        assertEquals(2, logMsgs.size(), "A's logs with T2 second");
        assertEquals("0x0", logMsgs.get(0).get("params").get("result").get("logIndex").asText());
        assertEquals("0x2", logMsgs.get(1).get("params").get("result").get("logIndex").asText());
        assertEquals("0x1", logMsgs.get(1).get("params").get("result").get("transactionIndex").asText());
        assertFalse(logMsgs.get(1).get("params").get("result").get("removed").asBoolean());
        assertTrue(ws.sent.isEmpty());

        assertTrue(call(caller, "eth_unsubscribe", "[\"" + heads + "\"]").get("result").asBoolean());
        assertError(call(caller, "eth_unsubscribe", "[\"" + heads + "\"]"), -32000, "subscription not found");
        assertEquals(3, hub.subscriptionCount());
        // Another connection cannot cancel this one's subscriptions.
        assertError(call(new CallContext(new FakeConnection()), "eth_unsubscribe", "[\"" + logs + "\"]"), -32000,
                "subscription not found");
        ws.clientLeft();
        assertEquals(0, hub.subscriptionCount());
    }

    /**
     * The notifier sends an event to the subscriptions one after another, so the witness receiving
     * block 1 does not mean the notifier is done with block 1: it may not have reached {@code ws}
     * yet, and activating {@code ws} then would let block 1 through. The events' order is the
     * barrier: the notifier is one thread, in publishing order, so once the witness has the
     * transaction published after block 1, every subscription has had its turn at block 1.
     */
    @Test
    void aSubscriptionIsSilentUntilItsReplyIsQueued() throws Exception {
        FakeConnection witness = new FakeConnection();
        CallContext w = new CallContext(witness);
        call(w, "eth_subscribe", "[\"newHeads\"]");
        call(w, "eth_subscribe", "[\"newPendingTransactions\"]");
        FakeConnection ws = new FakeConnection();
        CallContext caller = new CallContext(ws);
        String reply = d.handle("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}"
                .getBytes(), caller);
        publish(1, List.of());
        var barrier = TestBlocks.tx(5);
        hub.onPendingTransaction(barrier);
        assertEquals("0x1", witness.next().get("params").get("result").get("number").asText());
        assertEquals(barrier.hash().toString(), witness.next().get("params").get("result").asText());
        caller.replied();
        publish(2, List.of());
        JsonNode n = ws.next();
        assertEquals(JSON.readTree(reply).get("result").asText(), n.get("params").get("subscription").asText());
        assertEquals("0x2", n.get("params").get("result").get("number").asText(), "block 1 came before the reply");
    }

    /**
     * evm_revert undoes block 2: the logs subscription and the log filter get its matching log
     * again with removed: true; newHeads hears nothing until the next block, which it gets.
     */
    @Test
    void aRollbackSendsRemovedLogsAndNewHeadsGoesOn() throws Exception {
        FakeConnection ws = new FakeConnection();
        CallContext caller = new CallContext(ws);
        String logs = call(caller, "eth_subscribe", "[\"logs\",{\"topics\":[\"" + T1 + "\"]}]").get("result").asText();
        String heads = call(caller, "eth_subscribe", "[\"newHeads\"]").get("result").asText();
        String filter = call(CallContext.none(), "eth_newFilter", "[{\"topics\":[\"" + T1 + "\"]}]").get("result")
                .asText();
        List<List<Log>> twoLogs = List.of(List.of(TestBlocks.log(A, T2)), List.of(TestBlocks.log(B, T1)));
        Block two = TestBlocks.block(2, twoLogs);
        hub.onBlock(two, TestBlocks.receipts(twoLogs));
        List<JsonNode> added = List.of(ws.next(), ws.next());
        JsonNode addedLog = added.stream().filter(m -> m.get("params").get("subscription").asText().equals(logs))
                .findFirst().orElseThrow().get("params").get("result");
        assertFalse(addedLog.get("removed").asBoolean());

        hub.onRollback(List.of(two.header().hash()), BlockEvent.of(two, TestBlocks.receipts(twoLogs)).logs());
        JsonNode removed = ws.next();
        assertEquals(logs, removed.get("params").get("subscription").asText(), "newHeads hears nothing of it");
        JsonNode removedLog = removed.get("params").get("result");
        assertTrue(removedLog.get("removed").asBoolean());
        assertEquals(B.toString(), removedLog.get("address").asText());
        assertEquals(addedLog.get("transactionHash"), removedLog.get("transactionHash"));
        assertEquals(addedLog.get("logIndex"), removedLog.get("logIndex"));

        JsonNode changes = call(CallContext.none(), "eth_getFilterChanges", "[\"" + filter + "\"]").get("result");
        assertEquals(2, changes.size(), "the log, then its removal");
        assertFalse(changes.get(0).get("removed").asBoolean());
        assertTrue(changes.get(1).get("removed").asBoolean());
        assertEquals(changes.get(0).get("blockHash"), changes.get(1).get("blockHash"));

        publish(2, List.of());
        JsonNode head = ws.next();
        assertEquals(heads, head.get("params").get("subscription").asText());
        assertEquals("0x2", head.get("params").get("result").get("number").asText());
        assertTrue(ws.sent.isEmpty());
    }

    @Test
    void badSubscribeCallsAreErrors() throws Exception {
        assertError(call(CallContext.none(), "eth_subscribe", "[\"newHeads\"]"), -32601, "notifications not supported");
        CallContext ws = new CallContext(new FakeConnection());
        assertError(call(ws, "eth_subscribe", "[\"newBlocks\"]"), -32601, "no \"newBlocks\" subscription in eth namespace");
        assertError(call(ws, "eth_subscribe", "[]"), -32602, "expected subscription name as first element");
        assertError(call(ws, "eth_subscribe", "[5]"), -32602, "expected subscription name as first element");
        JsonNode badAddress = call(ws, "eth_subscribe", "[\"logs\",{\"address\":\"0x1\"}]");
        assertEquals(-32602, badAddress.get("error").get("code").asInt(), badAddress.toString());
        assertError(call(ws, "eth_subscribe", "[\"logs\",{\"topics\":[null,null,null,null,null]}]"), -32000,
                "exceed max topics");
        assertEquals(-32602, call(ws, "eth_subscribe", "[\"newPendingTransactions\",\"yes\"]").get("error").get("code")
                .asInt());
        assertError(call(ws, "eth_unsubscribe", "[\"0xabc\"]"), -32000, "subscription not found");
        assertError(call(CallContext.none(), "eth_unsubscribe", "[\"0xabc\"]"), -32000, "subscription not found");
        assertEquals(0, hub.subscriptionCount());
    }

    @Test
    void aConnectionHoldsABoundedNumberOfSubscriptions() throws Exception {
        CallContext ws = new CallContext(new FakeConnection());
        for (int i = 0; i < Subscriptions.MAX_PER_CONNECTION; i++) {
            assertTrue(call(ws, "eth_subscribe", "[\"newHeads\"]").has("result"));
        }
        JsonNode refused = call(ws, "eth_subscribe", "[\"newHeads\"]");
        assertEquals(-32000, refused.get("error").get("code").asInt(), refused.toString());
        assertTrue(call(new CallContext(new FakeConnection()), "eth_subscribe", "[\"newHeads\"]").has("result"),
                "another connection is not affected");
    }

    @Test
    void pollingFilters() throws Exception {
        CallContext http = CallContext.none();
        String blocks = call(http, "eth_newBlockFilter", "[]").get("result").asText();
        String pending = call(http, "eth_newPendingTransactionFilter", "[]").get("result").asText();
        String logs = call(http, "eth_newFilter", "[{\"topics\":[\"" + T1 + "\"]}]").get("result").asText();
        var tx = TestBlocks.tx(9);
        hub.onPendingTransaction(tx);
        publish(3, List.of(List.of(TestBlocks.log(B, T1)), List.of(TestBlocks.log(B, T2))));

        JsonNode b = call(http, "eth_getFilterChanges", "[\"" + blocks + "\"]").get("result");
        assertEquals(1, b.size());
        assertEquals(TestBlocks.block(3, List.of()).header().hash().toString(), b.get(0).asText());
        assertEquals(tx.hash().toString(), call(http, "eth_getFilterChanges", "[\"" + pending + "\"]").get("result")
                .get(0).asText());
        JsonNode l = call(http, "eth_getFilterChanges", "[\"" + logs + "\"]").get("result");
        assertEquals(1, l.size());
        assertEquals(B.toString(), l.get(0).get("address").asText());
        assertEquals("0x3", l.get(0).get("blockNumber").asText());
        assertEquals(0, call(http, "eth_getFilterChanges", "[\"" + logs + "\"]").get("result").size());

        assertTrue(call(http, "eth_uninstallFilter", "[\"" + logs + "\"]").get("result").asBoolean());
        assertFalse(call(http, "eth_uninstallFilter", "[\"" + logs + "\"]").get("result").asBoolean());
        assertError(call(http, "eth_getFilterChanges", "[\"" + logs + "\"]"), -32000, "filter not found");
        assertError(call(http, "eth_getFilterLogs", "[\"" + logs + "\"]"), -32000, "filter not found");
        assertError(call(http, "eth_getFilterLogs", "[\"" + blocks + "\"]"), -32000, "filter not found");
        assertEquals(-32602, call(http, "eth_newFilter", "[{\"address\":7}]").get("error").get("code").asInt());
        assertEquals(-32602, call(http, "eth_newFilter", "[]").get("error").get("code").asInt());
        assertEquals(-32602, call(http, "eth_getFilterChanges", "[]").get("error").get("code").asInt());
        assertEquals(-32602, call(http, "eth_newBlockFilter", "[1]").get("error").get("code").asInt());
        assertError(call(http, "eth_newFilter", "[{\"fromBlock\":\"0x9\",\"toBlock\":\"0x1\"}]"), -32000,
                "invalid from and to block combination");
    }
}
