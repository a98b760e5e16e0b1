package dev.multilane.rpc;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.concurrent.TimeUnit;

/**
 * JSON-RPC over HTTP (POST) and WebSocket on one port, both handed to one
 * {@link JsonRpcDispatcher}. Methods run on Vert.x worker threads (they read RocksDB and run the
 * EVM, which must not block the event loop). CORS headers allow any origin, as geth's
 * {@code --http.corsdomain "*"} dev setting. Bodies over the dispatcher's limit get 413 without
 * being buffered further.
 */
public final class RpcServer implements AutoCloseable {
    private final JsonRpcDispatcher dispatcher;
    private final String host;
    private final int requestedPort;
    private Vertx vertx;
    private HttpServer server;

    public RpcServer(JsonRpcDispatcher dispatcher, String host, int port) {
        this.dispatcher = dispatcher;
        this.host = host;
        this.requestedPort = port;
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
                    response.setStatusCode(500).end();
                    return;
                }
                response.putHeader("Content-Type", "application/json");
                // A body of notifications only has no response; JSON-RPC over HTTP still answers.
                response.end(ar.result() == null ? "" : ar.result());
            });
        });
    }

    private void webSocket(ServerWebSocket ws) {
        ws.textMessageHandler(text -> vertx.<String>executeBlocking(() -> dispatcher.handle(text), false)
                .onSuccess(reply -> {
                    if (reply != null && !ws.isClosed()) {
                        ws.writeTextMessage(reply);
                    }
                }));
        ws.binaryMessageHandler(bin -> vertx.<String>executeBlocking(() -> dispatcher.handle(bin.getBytes()), false)
                .onSuccess(reply -> {
                    if (reply != null && !ws.isClosed()) {
                        ws.writeTextMessage(reply);
                    }
                }));
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
