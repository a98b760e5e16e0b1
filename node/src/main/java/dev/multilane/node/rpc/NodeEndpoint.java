package dev.multilane.node.rpc;

import dev.multilane.node.dev.DevConfig;
import dev.multilane.node.dev.DevNode;
import dev.multilane.rpc.conformance.ConformanceSuite;
import dev.multilane.store.Genesis;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A node started for the conformance cases: {@link DevNode} on the imported data directory with
 * mining off, reached over HTTP on an ephemeral loopback port, so each case crosses the same server,
 * dispatcher and methods a client would.
 */
final class NodeEndpoint implements ConformanceSuite.Endpoint {
    private final DevNode node;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI uri;

    private NodeEndpoint(DevNode node) {
        this.node = node;
        this.uri = URI.create("http://127.0.0.1:" + node.port());
    }

    static NodeEndpoint start(Path dataDir, Genesis genesis) {
        // The node's block log goes nowhere: nothing is mined.
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        DevNode node = DevNode.start(new DevConfig(dataDir, "127.0.0.1", 0, 0, 2, DevConfig.DEFAULT_CHAIN_ID), genesis,
                quiet);
        node.setAutomine(false);
        return new NodeEndpoint(node);
    }

    @Override
    public String handle(String request) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request)).build();
        try {
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            return res.body().isEmpty() ? null : res.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        http.close();
        node.close();
    }
}
