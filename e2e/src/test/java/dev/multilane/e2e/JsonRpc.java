package dev.multilane.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal JSON-RPC 2.0 client over HTTP for the tests that talk to the node directly (the crash
 * test) rather than through web3j or ethers. Transport failures are {@link IOException}s: a killed
 * node is an expected outcome there, not a test failure.
 */
final class JsonRpc {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A JSON-RPC error object, kept as a value so callers can tell "refused" from "node gone". */
    record Reply(JsonNode result, JsonNode error) {
        boolean ok() {
            return error == null;
        }

        JsonNode orThrow(String method) {
            if (error != null) {
                throw new AssertionError(method + " failed: " + error);
            }
            return result;
        }
    }

    private final URI uri;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();

    JsonRpc(String url) {
        this.uri = URI.create(url);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    Reply call(String method, Object... params) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", ids.incrementAndGet(), "method", method,
                "params", List.of(params)));
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new IOException(method + ": HTTP " + res.statusCode() + " " + res.body());
        }
        JsonNode reply = JSON.readTree(res.body());
        return new Reply(reply.get("result"), reply.get("error"));
    }

    /** The result, or an AssertionError carrying the JSON-RPC error. */
    JsonNode result(String method, Object... params) throws IOException, InterruptedException {
        return call(method, params).orThrow(method);
    }

    static BigInteger quantity(JsonNode n) {
        String s = n.asText();
        if (!s.startsWith("0x")) {
            throw new AssertionError("not a quantity: " + n);
        }
        return new BigInteger(s.substring(2), 16);
    }

    static String hex(long n) {
        return "0x" + Long.toHexString(n);
    }
}
