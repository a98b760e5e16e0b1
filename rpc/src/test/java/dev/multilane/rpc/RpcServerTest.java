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
}
