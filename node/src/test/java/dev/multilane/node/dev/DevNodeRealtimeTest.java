package dev.multilane.node.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.multilane.chain.Transaction;
import dev.multilane.chain.UnsignedTransaction;
import dev.multilane.evm.interpreter.Evm;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hex;
import dev.multilane.primitives.U256;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dev node's real-time APIs end to end: eth_subscribe over a WebSocket, the polling filters
 * and GET /metrics, around one contract creation whose constructor emits a log.
 */
@Timeout(120)
class DevNodeRealtimeTest extends DevNodeFixture {
    private static final String TOPIC = "0x" + "11".repeat(32);
    /** Init code: mstore(0, 42); log1(0, 32, TOPIC); stop. Creates an empty contract that logged once. */
    private static final String INIT_CODE = "0x602a600052" + "7f" + "11".repeat(32) + "60206000a100";

    private WebSocket ws;
    private final LinkedBlockingQueue<JsonNode> wsMessages = new LinkedBlockingQueue<>();
    private int wsId;

    /** Runs before the fixture closes the node. */
    @AfterEach
    void closeWebSocket() {
        if (ws != null) {
            ws.abort();
        }
    }

    private void start() throws Exception {
        start(0);
        ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + node.port() + "/"),
                new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            try {
                                wsMessages.add(JSON.readTree(text.toString()));
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(30, TimeUnit.SECONDS);
    }

    private JsonNode nextWs() throws Exception {
        JsonNode m = wsMessages.poll(30, TimeUnit.SECONDS);
        assertNotNull(m, "no WebSocket message within 30 s");
        return m;
    }

    /** Sends a request over the WebSocket and returns its reply (no subscription is live yet, or none fires). */
    private JsonNode wsCall(String method, Object... params) throws Exception {
        int id = ++wsId;
        ws.sendText(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", id, "method", method,
                "params", List.of(params))), true).get(30, TimeUnit.SECONDS);
        JsonNode reply = nextWs();
        assertEquals(id, reply.get("id").asInt(), reply.toString());
        return reply;
    }

    private String metrics() throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
                + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        return res.body();
    }

    private static Map<String, Double> samples(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1).replace("+Inf",
                        "Infinity")));
            }
        }
        return out;
    }

    private static String deploy(long nonce) {
        Transaction tx = UnsignedTransaction.dynamicFee(1337, nonce, U256.of(1_000_000_000L), U256.of(3_000_000_000L),
                200_000, null, U256.ZERO, Hex.decode(INIT_CODE), List.of()).sign(DevAccounts.account(0).privateKey());
        return Hex.encode(tx.encode());
    }

    @Test
    void subscriptionsFiltersAndMetricsFollowOneTransaction() throws Exception {
        start();
        Address sender = DevAccounts.account(0).address();
        Address contract = Evm.createAddress(sender, 0);
        String heads = wsCall("eth_subscribe", "newHeads").get("result").asText();
        String logs = wsCall("eth_subscribe", "logs", Map.of("address", contract.toString(), "topics",
                List.of(TOPIC))).get("result").asText();
        String otherLogs = wsCall("eth_subscribe", "logs", Map.of("topics", List.of("0x" + "22".repeat(32))))
                .get("result").asText();
        String pending = wsCall("eth_subscribe", "newPendingTransactions").get("result").asText();
        assertTrue(heads.matches("0x[0-9a-f]{32}"), heads);
        String blockFilter = result("eth_newBlockFilter").asText();
        String logFilter = result("eth_newFilter", Map.of("topics", List.of(TOPIC))).asText();
        String txFilter = result("eth_newPendingTransactionFilter").asText();

        String hash = result("eth_sendRawTransaction", deploy(0)).asText();
        JsonNode receipt = result("eth_getTransactionReceipt", hash);
        assertEquals("0x1", receipt.get("status").asText());
        assertEquals(contract.toString(), receipt.get("contractAddress").asText());

        // Over the WebSocket: the pending transaction, then the block's header and its one matching log.
        JsonNode p = nextWs();
        assertEquals("eth_subscription", p.get("method").asText());
        assertEquals(pending, p.get("params").get("subscription").asText());
        assertEquals(hash, p.get("params").get("result").asText());
        JsonNode a = nextWs();
        JsonNode b = nextWs();
        JsonNode head = a.get("params").get("subscription").asText().equals(heads) ? a : b;
        JsonNode logMsg = head == a ? b : a;
        assertEquals(heads, head.get("params").get("subscription").asText());
        assertEquals(logs, logMsg.get("params").get("subscription").asText());

        JsonNode block = result("eth_getBlockByNumber", receipt.get("blockNumber").asText(), false);
        JsonNode header = head.get("params").get("result");
        for (Iterator<String> it = header.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            assertEquals(block.get(f), header.get(f), "header field " + f);
        }
        for (String f : List.of("parentHash", "stateRoot", "receiptsRoot", "logsBloom", "baseFeePerGas", "hash",
                "number", "timestamp", "gasUsed", "miner", "mixHash", "withdrawalsRoot", "parentBeaconBlockRoot")) {
            assertTrue(header.has(f), "newHeads lacks " + f);
        }
        JsonNode l = logMsg.get("params").get("result");
        assertEquals(result("eth_getLogs", Map.of("fromBlock", "0x1", "toBlock", "0x1")).get(0), l);
        assertEquals(contract.toString(), l.get("address").asText());
        assertEquals(TOPIC, l.get("topics").get(0).asText());
        assertEquals("0x" + "00".repeat(31) + "2a", l.get("data").asText());
        assertEquals(hash, l.get("transactionHash").asText());
        assertFalse(l.get("removed").asBoolean());

        // The polling filters saw the same (filters are fed before eth_sendRawTransaction answers).
        JsonNode blocks = result("eth_getFilterChanges", blockFilter);
        assertEquals(1, blocks.size());
        assertEquals(receipt.get("blockHash").asText(), blocks.get(0).asText());
        assertEquals(List.of(l), List.copyOf(toList(result("eth_getFilterChanges", logFilter))));
        assertEquals(0, result("eth_getFilterChanges", logFilter).size());
        assertEquals(List.of(l), toList(result("eth_getFilterLogs", logFilter)));
        assertEquals(hash, result("eth_getFilterChanges", txFilter).get(0).asText());
        assertTrue(result("eth_uninstallFilter", txFilter).asBoolean());
        assertEquals("filter not found", rpc("eth_getFilterChanges", txFilter).get("error").get("message").asText());

        // Metrics moved with the block and the calls.
        Map<String, Double> m = samples(metrics());
        assertEquals(1.0, m.get("multilane_blocks_mined_total"));
        assertEquals(1.0, m.get("multilane_transactions_mined_total"));
        assertEquals(1.0, m.get("multilane_head_block_number"));
        assertEquals(1.0, m.get("multilane_rpc_requests_total{method=\"eth_sendRawTransaction\"}"));
        assertEquals(1.0, m.get("multilane_rpc_errors_total{method=\"eth_getFilterChanges\"}"));
        assertEquals(0.0, m.get("multilane_pool_pending"));
        assertEquals(4.0, m.get("multilane_rpc_subscriptions"));
        assertEquals(1.0, m.get("multilane_block_phase_seconds_count{phase=\"execution\"}"));
        assertTrue(m.get("multilane_block_phase_seconds_sum{phase=\"execution\"}") > 0);
        assertTrue(m.get("multilane_block_phase_seconds_sum{phase=\"commit\"}") > 0);
        assertTrue(m.get("multilane_block_phase_seconds_sum{phase=\"pool_selection\"}") > 0);
        assertTrue(m.get("multilane_block_phase_seconds_sum{phase=\"pool_update\"}") > 0);
        assertTrue(m.get("multilane_transactions_per_second") > 0);
        double engineBlocks = 0;
        for (var e : m.entrySet()) {
            if (e.getKey().startsWith("multilane_parallel_blocks_total")) {
                engineBlocks += e.getValue();
            }
        }
        assertEquals(1.0, engineBlocks, "the engine ran the one block");

        // Unsubscribing stops notifications; the other subscriptions go on.
        assertTrue(wsCall("eth_unsubscribe", logs).get("result").asBoolean());
        assertEquals("subscription not found", wsCall("eth_unsubscribe", logs).get("error").get("message").asText());
        assertEquals(otherLogs.length(), 34);
        assertTrue(wsCall("eth_unsubscribe", pending).get("result").asBoolean());
        assertTrue(wsCall("eth_unsubscribe", otherLogs).get("result").asBoolean());
        result("evm_mine");
        JsonNode second = nextWs();
        assertEquals(heads, second.get("params").get("subscription").asText());
        assertEquals("0x2", second.get("params").get("result").get("number").asText());

        // Subscriptions die with their connection.
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(30, TimeUnit.SECONDS);
        ws = null;
        double live = -1;
        for (int i = 0; i < 200 && live != 0; i++) {
            live = samples(metrics()).get("multilane_rpc_subscriptions");
            Thread.sleep(50);
        }
        assertEquals(0.0, live);
    }

    @Test
    void badSubscriptionRequestsAreErrors() throws Exception {
        start();
        JsonNode overHttp = rpc("eth_subscribe", "newHeads");
        assertEquals(-32601, overHttp.get("error").get("code").asInt());
        assertEquals("notifications not supported", overHttp.get("error").get("message").asText());

        JsonNode unknown = wsCall("eth_subscribe", "newBlocks").get("error");
        assertEquals(-32601, unknown.get("code").asInt());
        assertEquals("no \"newBlocks\" subscription in eth namespace", unknown.get("message").asText());
        JsonNode badFilter = wsCall("eth_subscribe", "logs", Map.of("address", "0x1234")).get("error");
        assertEquals(-32602, badFilter.get("code").asInt(), badFilter.toString());
        JsonNode badTopics = wsCall("eth_subscribe", "logs", Map.of("topics", List.of("nope"))).get("error");
        assertEquals(-32602, badTopics.get("code").asInt(), badTopics.toString());
        JsonNode noId = wsCall("eth_unsubscribe", "0x0123456789abcdef0123456789abcdef").get("error");
        assertEquals(-32000, noId.get("code").asInt());
        assertEquals("subscription not found", noId.get("message").asText());

        assertEquals(-32602, rpc("eth_newFilter", Map.of("fromBlock", "0xnope")).get("error").get("code").asInt());
        assertEquals("filter not found", rpc("eth_getFilterLogs", "0xdead").get("error").get("message").asText());
        assertFalse(result("eth_uninstallFilter", "0xdead").asBoolean());
        // The node still serves.
        assertEquals("0x0", result("eth_blockNumber").asText());
        assertTrue(wsCall("eth_subscribe", "newHeads").get("result").asText().startsWith("0x"));
    }

    private static List<JsonNode> toList(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }
}
