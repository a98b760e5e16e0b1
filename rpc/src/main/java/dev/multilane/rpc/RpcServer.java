package dev.multilane.rpc;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * JSON-RPC over HTTP (POST) and WebSocket on one port, both handed to one
 * {@link JsonRpcDispatcher}. Methods run on Vert.x worker threads (they read RocksDB and run the
 * EVM, which must not block the event loop). CORS headers allow any origin, as geth's
 * {@code --http.corsdomain "*"} dev setting. Bodies over the dispatcher's limit get 413 without
 * being buffered further.
 *
 * <p>A WebSocket is a {@link Connection} the dispatcher's subscription methods can push to; its
 * unsent messages are bounded by {@link #MAX_QUEUED_MESSAGES} ({@link BoundedConnection}). {@code GET
 * /metrics} answers the metrics text when a source was given.
 */
public final class RpcServer implements AutoCloseable {
    /** Messages a WebSocket client may leave unread before it is disconnected. */
    public static final int MAX_QUEUED_MESSAGES = 4096;
    /** Prometheus text exposition format, version 0.0.4. */
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final JsonRpcDispatcher dispatcher;
    private final String host;
    private final int requestedPort;
    private final Supplier<String> metrics;
    private final Consumer<String> log;
    private Vertx vertx;
    private HttpServer server;

    public RpcServer(JsonRpcDispatcher dispatcher, String host, int port) {
        this(dispatcher, host, port, null, System.err::println);
    }

    /**
     * @param metrics the text {@code GET /metrics} answers, or null to serve none (404)
     * @param log where dropped connections are reported
     */
    public RpcServer(JsonRpcDispatcher dispatcher, String host, int port, Supplier<String> metrics,
            Consumer<String> log) {
        this.dispatcher = dispatcher;
        this.host = host;
        this.requestedPort = port;
        this.metrics = metrics;
        this.log = log;
    }

    /** Binds and starts serving; returns the bound port (useful with port 0). */
    public synchronized int start() {
        if (server != null) {
            return server.actualPort();
        }
        vertx = Vertx.vertx(new VertxOptions().setWorkerPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors())));
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(requestedPort)
                .setMaxWebSocketFrameSize(dispatcher.maxRequestBytes())
                .setMaxWebSocketMessageSize(dispatcher.maxRequestBytes());
        HttpServer s = vertx.createHttpServer(options).webSocketHandler(this::webSocket).requestHandler(this::http);
        try {
            server = s.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            vertx = null;
            throw new IllegalStateException("cannot listen on " + host + ":" + requestedPort, e);
        }
        return server.actualPort();
    }

    public synchronized int port() {
        return server == null ? -1 : server.actualPort();
    }

    public synchronized void stop() {
        if (vertx == null) {
            return;
        }
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stopping the RPC server", e);
        } finally {
            vertx = null;
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void http(HttpServerRequest req) {
        var response = req.response();
        response.putHeader("Access-Control-Allow-Origin", "*");
        response.putHeader("Vary", "Origin");
        if (req.method() == HttpMethod.OPTIONS) {
            response.putHeader("Access-Control-Allow-Methods", "POST, GET, OPTIONS");
            response.putHeader("Access-Control-Allow-Headers", "Content-Type");
            response.setStatusCode(204).end();
            return;
        }
        if (req.method() == HttpMethod.GET && "/metrics".equals(req.path())) {
            metrics(req);
            return;
        }
        if (req.method() != HttpMethod.POST) {
            response.setStatusCode(405).end("method not allowed");
            return;
        }
        int limit = dispatcher.maxRequestBytes();
        String declared = req.getHeader("Content-Length");
        if (declared != null && parseLong(declared) > limit) {
            response.setStatusCode(413).end("content length too large");
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] tooLarge = {false};
        req.handler(chunk -> {
            if (tooLarge[0]) {
                return;
            }
            if (body.length() + chunk.length() > limit) {
                tooLarge[0] = true;
                response.setStatusCode(413).end("content length too large");
                return;
            }
            body.appendBuffer(chunk);
        });
        req.endHandler(v -> {
            if (tooLarge[0]) {
                return;
            }
            vertx.<String>executeBlocking(() -> dispatcher.handle(body.getBytes()), false).onComplete(ar -> {
                if (ar.failed()) {
                    // The dispatcher turns every client error into a response; this is a bug.
                    log.accept("rpc: request failed: " + ar.cause());
                    response.setStatusCode(500).end();
                    return;
                }
                response.putHeader("Content-Type", "application/json");
                // A body of notifications only has no response; JSON-RPC over HTTP still answers.
                response.end(ar.result() == null ? "" : ar.result());
            });
        });
    }

    private void metrics(HttpServerRequest req) {
        var response = req.response();
        if (metrics == null) {
            response.setStatusCode(404).end("no metrics");
            return;
        }
        vertx.<String>executeBlocking(metrics::get, false).onComplete(ar -> {
            if (ar.failed()) {
                response.setStatusCode(500).end();
                return;
            }
            response.putHeader("Content-Type", METRICS_CONTENT_TYPE).end(ar.result());
        });
    }

    /**
     * Every message the client gets (replies and notifications) goes through one {@link
     * BoundedConnection}, whose writes run in order on the socket's event loop.
     */
    private void webSocket(ServerWebSocket ws) {
        Context context = vertx.getOrCreateContext();
        BoundedConnection connection = new BoundedConnection(new BoundedConnection.Sink() {
            @Override
            public void write(String message, Runnable written) {
                context.runOnContext(v -> {
                    if (ws.isClosed()) {
                        written.run();
                    } else {
                        ws.writeTextMessage(message).onComplete(ar -> written.run());
                    }
                });
            }

            @Override
            public void close(String reason) {
                context.runOnContext(v -> ws.close((short) 1008, reason));
            }
        }, MAX_QUEUED_MESSAGES, String.valueOf(ws.remoteAddress()), log);
        ws.closeHandler(v -> connection.closed());
        ws.exceptionHandler(e -> connection.closed());
        ws.textMessageHandler(text -> handle(text.getBytes(StandardCharsets.UTF_8), connection));
        ws.binaryMessageHandler(bin -> handle(bin.getBytes(), connection));
    }

    private void handle(byte[] body, BoundedConnection connection) {
        CallContext caller = new CallContext(connection);
        vertx.<Void>executeBlocking(() -> {
            String reply = dispatcher.handle(body, caller);
            if (reply != null) {
                connection.send(reply);
            }
            caller.replied();
            return null;
        }, false);
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
