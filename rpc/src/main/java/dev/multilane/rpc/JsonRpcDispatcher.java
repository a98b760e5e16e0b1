package dev.multilane.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON-RPC 2.0 over any transport: a request body (one request or a batch) in, a response body out.
 * Methods are registered by name. Nothing the client sends makes {@link #handle} throw: oversized
 * bodies are refused before parsing (so a huge body cannot exhaust memory), malformed JSON is a
 * parse error, and a method that fails unexpectedly becomes an internal error for that request
 * only.
 *
 * <p>A body may come with a {@link CallContext} naming its connection, which methods registered
 * with {@link #registerWithCaller} receive (subscriptions need it); over HTTP there is none.
 *
 * <p>Thread-safe: methods may be registered at any time and requests handled concurrently.
 */
public final class JsonRpcDispatcher {
    /** geth's default HTTP body limit (5 MiB). */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 5 * 1024 * 1024;
    /** geth's default batch item limit. */
    public static final int DEFAULT_MAX_BATCH = 1000;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper json;
    private final Map<String, ConnectionMethod> methods = new ConcurrentHashMap<>();
    private final int maxRequestBytes;
    private final int maxBatch;
    private volatile CallObserver observer = (method, error) -> {};

    /** Told of every call that named a method, for metrics. Must be cheap and thread-safe. */
    @FunctionalInterface
    public interface CallObserver {
        /**
         * @param method the method's name, or {@code "unknown"} for a name that is not registered
         *     (so clients cannot grow the set of names without bound)
         * @param error whether the call answered an error
         */
        void called(String method, boolean error);
    }

    public JsonRpcDispatcher() {
        this(DEFAULT_MAX_REQUEST_BYTES, DEFAULT_MAX_BATCH);
    }

    public JsonRpcDispatcher(int maxRequestBytes, int maxBatch) {
        this.maxRequestBytes = maxRequestBytes;
        this.maxBatch = maxBatch;
        this.json = new ObjectMapper();
        // Deeply nested junk is a parse error, not a stack overflow.
        json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    public JsonRpcDispatcher register(String name, RpcMethod method) {
        methods.put(name, (params, caller) -> method.call(params));
        return this;
    }

    /** Registers a method that is told who is calling (see {@link CallContext}). */
    public JsonRpcDispatcher registerWithCaller(String name, ConnectionMethod method) {
        methods.put(name, method);
        return this;
    }

    /** Sets the one observer of calls (replacing any earlier one). */
    public JsonRpcDispatcher observe(CallObserver observer) {
        this.observer = observer;
        return this;
    }

    public boolean has(String name) {
        return methods.containsKey(name);
    }

    public int maxRequestBytes() {
        return maxRequestBytes;
    }

    /** Handles a body; returns the response body, or null when every request was a notification. */
    public String handle(String body) {
        return handle(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Handles a body; returns the response body, or null when every request was a notification. */
    public String handle(byte[] body) {
        return handle(body, CallContext.none());
    }

    /** Handles a body from {@code caller}; returns the response body, or null for notifications only. */
    public String handle(byte[] body, CallContext caller) {
        JsonNode response = handleNode(body, caller);
        return response == null ? null : write(response);
    }

    JsonNode handleNode(byte[] body) {
        return handleNode(body, CallContext.none());
    }

    JsonNode handleNode(byte[] body, CallContext caller) {
        if (body.length > maxRequestBytes) {
            return error(NullNode.getInstance(), new RpcError(RpcError.INVALID_REQUEST,
                    "request too large: " + body.length + " bytes, at most " + maxRequestBytes));
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException | RuntimeException e) {
            return error(NullNode.getInstance(), new RpcError(RpcError.PARSE_ERROR, "parse error"));
        }
        if (request == null || request.isMissingNode()) {
            return error(NullNode.getInstance(), new RpcError(RpcError.PARSE_ERROR, "parse error"));
        }
        if (!request.isArray()) {
            return handleOne(request, caller);
        }
        if (request.isEmpty()) {
            return error(NullNode.getInstance(), new RpcError(RpcError.INVALID_REQUEST, "empty batch"));
        }
        if (request.size() > maxBatch) {
            return error(NullNode.getInstance(), new RpcError(RpcError.INVALID_REQUEST, "batch too large"));
        }
        ArrayNode responses = NODES.arrayNode();
        for (JsonNode r : request) {
            JsonNode response = handleOne(r, caller);
            if (response != null) {
                responses.add(response);
            }
        }
        return responses.isEmpty() ? null : responses;
    }

    /** One request object; null for a notification (no id). */
    public JsonNode handleOne(JsonNode request) {
        return handleOne(request, CallContext.none());
    }

    /** One request object from {@code caller}; null for a notification (no id). */
    public JsonNode handleOne(JsonNode request, CallContext caller) {
        if (!request.isObject()) {
            return error(NullNode.getInstance(), new RpcError(RpcError.INVALID_REQUEST, "invalid request"));
        }
        JsonNode idNode = request.get("id");
        boolean notification = idNode == null;
        JsonNode id = idNode == null ? NullNode.getInstance() : idNode;
        if (!(id.isNull() || id.isTextual() || id.isNumber())) {
            return error(NullNode.getInstance(), new RpcError(RpcError.INVALID_REQUEST, "invalid request"));
        }
        JsonNode version = request.get("jsonrpc");
        JsonNode methodNode = request.get("method");
        if (version == null || !"2.0".equals(version.asText()) || methodNode == null || !methodNode.isTextual()) {
            return error(id, new RpcError(RpcError.INVALID_REQUEST, "invalid request"));
        }
        String name = methodNode.asText();
        ConnectionMethod method = methods.get(name);
        MethodResult result;
        if (method == null) {
            result = MethodResult.err(RpcError.METHOD_NOT_FOUND, "the method " + name + " does not exist/is not available");
        } else {
            JsonNode rawParams = request.get("params");
            if (rawParams != null && !rawParams.isNull() && !rawParams.isArray()) {
                result = MethodResult.err(RpcError.INVALID_PARAMS, "non-array args");
            } else {
                ArrayNode params = rawParams == null || rawParams.isNull() ? NODES.arrayNode() : (ArrayNode) rawParams;
                result = invoke(method, new Params(params), caller);
            }
        }
        observer.called(method == null ? "unknown" : name, result instanceof MethodResult.Err);
        if (notification) {
            return null;
        }
        return switch (result) {
            case MethodResult.Ok ok -> {
                ObjectNode r = NODES.objectNode();
                r.put("jsonrpc", "2.0");
                r.set("id", id);
                r.set("result", ok.value());
                yield r;
            }
            case MethodResult.Err err -> error(id, err.error());
        };
    }

    /**
     * Calls a registered method from inside the node (a method built on others, such as
     * eth_sendTransaction on eth_sendRawTransaction), with the same error handling as a request;
     * not counted by the observer, since no client asked for it.
     */
    public MethodResult call(String name, Params params) {
        ConnectionMethod method = methods.get(name);
        return method == null
                ? MethodResult.err(RpcError.METHOD_NOT_FOUND, "the method " + name + " does not exist/is not available")
                : invoke(method, params, CallContext.none());
    }

    /** Runs a method; a decoding failure or an unexpected exception becomes an error value here. */
    private static MethodResult invoke(ConnectionMethod method, Params params, CallContext caller) {
        try {
            return method.call(params, caller);
        } catch (RpcException e) {
            return MethodResult.err(e.error());
        } catch (RuntimeException | StackOverflowError e) {
            return MethodResult.err(RpcError.INTERNAL_ERROR, "internal error: " + e);
        }
    }

    public static ObjectNode error(JsonNode id, RpcError error) {
        ObjectNode r = NODES.objectNode();
        r.put("jsonrpc", "2.0");
        r.set("id", id);
        ObjectNode e = r.putObject("error");
        e.put("code", error.code());
        e.put("message", error.message());
        if (error.data() != null) {
            e.set("data", error.data());
        }
        return r;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
