package dev.multilane.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRpcDispatcherTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonRpcDispatcher d = new JsonRpcDispatcher(1024, 3)
            .register("echo", p -> MethodResult.ok(p.node(0)))
            .register("num", p -> MethodResult.ok(TextNode.valueOf(RpcHex.quantity(p.quantity(0)))))
            .register("block", p -> MethodResult.ok(TextNode.valueOf(p.block(0, false).toString())))
            .register("boom", p -> {
                throw new IllegalStateException("bug");
            });

    private JsonNode call(String body) throws Exception {
        String r = d.handle(body);
        return r == null ? null : JSON.readTree(r);
    }

    @Test
    void singleRequestEchoesIdAndResult() throws Exception {
        JsonNode r = call("{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"echo\",\"params\":[[1,2]]}");
        assertEquals("a", r.get("id").asText());
        assertEquals("[1,2]", r.get("result").toString());
        assertEquals("2.0", r.get("jsonrpc").asText());
    }

    @Test
    void batchAnswersEachRequestAndSkipsNotifications() throws Exception {
        JsonNode r = call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"num\",\"params\":[\"0x10\"]},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"num\",\"params\":[\"0x1\"]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope\"}]");
        assertEquals(2, r.size());
        assertEquals("0x10", r.get(0).get("result").asText());
        assertEquals(-32601, r.get(1).get("error").get("code").asInt());
        assertNull(call("[{\"jsonrpc\":\"2.0\",\"method\":\"num\",\"params\":[\"0x1\"]}]"));
    }

    @Test
    void standardErrors() throws Exception {
        assertEquals(-32700, call("{not json").get("error").get("code").asInt());
        assertEquals(-32600, call("[]").get("error").get("code").asInt());
        assertEquals(-32600, call("42").get("error").get("code").asInt());
        assertEquals(-32600, call("{\"id\":1,\"method\":\"echo\"}").get("error").get("code").asInt());
        assertEquals(-32601, call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"x\"}").get("error").get("code").asInt());
        assertEquals(-32603, call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"boom\"}").get("error").get("code").asInt());
        JsonNode missing = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"num\",\"params\":[]}").get("error");
        assertEquals(-32602, missing.get("code").asInt());
        assertEquals("missing value for required argument 0", missing.get("message").asText());
    }

    @Test
    void batchLimit() throws Exception {
        String one = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"num\",\"params\":[\"0x1\"]}";
        JsonNode r = call("[" + String.join(",", List.of(one, one, one, one)) + "]");
        assertEquals(-32600, r.get("error").get("code").asInt());
        assertEquals("batch too large", r.get("error").get("message").asText());
    }

    @Test
    void oversizedBodyIsRefusedBeforeParsing() throws Exception {
        JsonNode r = call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":[\"" + "a".repeat(2000) + "\"]}");
        assertEquals(-32600, r.get("error").get("code").asInt());
        assertTrue(r.get("error").get("message").asText().startsWith("request too large"));
    }

    @Test
    void junkNeverThrows() throws Exception {
        JsonRpcDispatcher big = new JsonRpcDispatcher().register("echo", p -> MethodResult.ok(p.node(0)));
        List<String> junk = List.of("", " ", "null", "[null]", "[1,2]", "\"x\"", "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"echo\"}",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"echo\",\"params\":{}}", "[".repeat(100_000), "{\"a\":" .repeat(5000),
                "\u0000\u0001", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}");
        for (String j : junk) {
            String r = big.handle(j);
            JsonNode n = JSON.readTree(r);
            JsonNode first = n.isArray() ? n.get(0) : n;
            assertTrue(first.has("error"), j.length() > 40 ? j.substring(0, 40) : j);
        }
    }

    @Test
    void hexQuantitiesFollowGethRules() throws Exception {
        String base = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"num\",\"params\":[\"%s\"]}";
        assertEquals("0x0", call(base.formatted("0x0")).get("result").asText());
        assertEquals("invalid argument 0: hex number with leading zero digits",
                call(base.formatted("0x01")).get("error").get("message").asText());
        assertEquals("invalid argument 0: hex string without 0x prefix",
                call(base.formatted("1")).get("error").get("message").asText());
        assertEquals("invalid argument 0: hex number > 64 bits",
                call(base.formatted("0x1" + "0".repeat(16))).get("error").get("message").asText());
    }

    @Test
    void blockParameters() throws Exception {
        String base = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"block\",\"params\":[%s]}";
        assertEquals("Named[tag=SAFE]", call(base.formatted("\"safe\"")).get("result").asText());
        assertEquals("Number[number=16]", call(base.formatted("\"0x10\"")).get("result").asText());
        String hash = "0x" + "ab".repeat(32);
        assertTrue(call(base.formatted("{\"blockHash\":\"" + hash + "\",\"requireCanonical\":true}"))
                .get("result").asText().contains("requireCanonical=true"));
        assertEquals("Number[number=2]", call(base.formatted("{\"blockNumber\":\"0x2\"}")).get("result").asText());
        assertEquals(-32602, call(base.formatted("\"2\"")).get("error").get("code").asInt());
    }
}
