package dev.multilane.node.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.multilane.primitives.Address;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the DevNode* tests share: a dev node in-process on an ephemeral loopback port, in a temporary
 * data dir with its log discarded, and JSON-RPC to it over HTTP. Closed after each test.
 */
abstract class DevNodeFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long CHAIN_ID = 1337;

    @TempDir
    Path dir;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    DevNode node;

    @AfterEach
    void stopNode() {
        if (node != null) {
            node.close();
        }
        http.close();
    }

    /** A dev node (chain {@link #CHAIN_ID}, two threads) on {@code dir/data}; automine when the block time is 0. */
    DevNode start(long blockTimeMs) {
        node = DevNode.start(new DevConfig(dir.resolve("data"), "127.0.0.1", 0, blockTimeMs, 2, CHAIN_ID), log);
        return node;
    }

    /** Posts a raw body; the answer must be HTTP 200 (JSON-RPC errors are too). */
    JsonNode rpcBody(String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        return JSON.readTree(res.body());
    }

    /** The whole JSON-RPC response, result or error. */
    JsonNode rpc(String method, Object... params) throws Exception {
        return rpcBody(JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method,
                "params", List.of(params))));
    }

    /** The result; fails the test on an error. */
    JsonNode result(String method, Object... params) throws Exception {
        JsonNode r = rpc(method, params);
        assertFalse(r.has("error"), method + " failed: " + r);
        return r.get("result");
    }

    /** The error message; fails the test on a result. */
    String error(String method, Object... params) throws Exception {
        JsonNode r = rpc(method, params);
        assertTrue(r.has("error"), method + " should fail: " + r);
        return r.get("error").get("message").asText();
    }

    static BigInteger quantity(JsonNode n) {
        return new BigInteger(n.asText().substring(2), 16);
    }

    BigInteger balance(Address a) throws Exception {
        return quantity(result("eth_getBalance", a.toString(), "latest"));
    }

    long blockNumber() throws Exception {
        return quantity(result("eth_blockNumber")).longValueExact();
    }
}
