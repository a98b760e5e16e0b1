package dev.multilane.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** HTTP and WebSocket round trips against a server on an ephemeral loopback port. */
class RpcServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void httpAndWebSocketRoundTrips() throws Exception {
        JsonRpcDispatcher d = new JsonRpcDispatcher(4096, 10)
                .register("web3_clientVersion", p -> MethodResult.ok(TextNode.valueOf("test/1")));
        try (RpcServer server = new RpcServer(d, "127.0.0.1", 0)) {
            int port = server.start();
            HttpClient client = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + port + "/");
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Origin", "http://example.org")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"web3_clientVersion\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertEquals("test/1", JSON.readTree(r.body()).get("result").asText());
            assertEquals(7, JSON.readTree(r.body()).get("id").asInt());

            HttpResponse<String> big = client.send(HttpRequest.newBuilder(uri)
                    .POST(HttpRequest.BodyPublishers.ofString("x".repeat(10_000))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(413, big.statusCode());

            CompletableFuture<String> reply = new CompletableFuture<>();
            WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/"),
                    new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                reply.complete(text.toString());
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":\"w\",\"method\":\"web3_clientVersion\"}", true);
            assertEquals("test/1", JSON.readTree(reply.get(30, TimeUnit.SECONDS)).get("result").asText());
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void metricsAreServedAsPrometheusText() throws Exception {
        JsonRpcDispatcher d = new JsonRpcDispatcher();
        try (RpcServer server = new RpcServer(d, "127.0.0.1", 0, () -> "multilane_up 1\n", s -> {})) {
            int port = server.start();
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertEquals("multilane_up 1\n", r.body());
            assertEquals(RpcServer.METRICS_CONTENT_TYPE, r.headers().firstValue("Content-Type").orElse(null));
            HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, other.statusCode());
        }
        try (RpcServer server = new RpcServer(d, "127.0.0.1", 0)) {
            int port = server.start();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, r.statusCode());
        }
    }

    /** A method's after-reply action (how subscriptions start) reaches the client after the reply. */
    @Test
    void pushesAfterTheReplyOverTheSameWebSocket() throws Exception {
        JsonRpcDispatcher d = new JsonRpcDispatcher().registerWithCaller("test_push", (p, caller) -> {
            if (caller.connection() == null) {
                return MethodResult.err(RpcError.METHOD_NOT_FOUND, "notifications not supported");
            }
            caller.connection().send("{\"pushed\":1}");
            caller.afterReply(() -> caller.connection().send("{\"pushed\":2}"));
            return MethodResult.ok(TextNode.valueOf("subscribed"));
        });
        try (RpcServer server = new RpcServer(d, "127.0.0.1", 0)) {
            int port = server.start();
            HttpClient client = HttpClient.newHttpClient();
            java.util.concurrent.LinkedBlockingQueue<String> got = new java.util.concurrent.LinkedBlockingQueue<>();
            WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/"),
                    new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                got.add(text.toString());
                                text.setLength(0);
                            }
                            webSocket.request(1);
                            return null;
                        }
                    }).get(30, TimeUnit.SECONDS);
            ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_push\"}", true);
            assertEquals(1, JSON.readTree(got.poll(30, TimeUnit.SECONDS)).get("pushed").asInt());
            assertEquals("subscribed", JSON.readTree(got.poll(30, TimeUnit.SECONDS)).get("result").asText());
            assertEquals(2, JSON.readTree(got.poll(30, TimeUnit.SECONDS)).get("pushed").asInt());
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(30, TimeUnit.SECONDS);

            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_push\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(-32601, JSON.readTree(r.body()).get("error").get("code").asInt());
        }
    }
}
