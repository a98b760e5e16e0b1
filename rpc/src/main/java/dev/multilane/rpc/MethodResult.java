package dev.multilane.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** What a method gave: a result (JSON null included) or an error. */
public sealed interface MethodResult {

    record Ok(JsonNode value) implements MethodResult {}

    record Err(RpcError error) implements MethodResult {}

    static MethodResult ok(JsonNode value) {
        return new Ok(value == null ? NullNode.getInstance() : value);
    }

    static MethodResult err(RpcError error) {
        return new Err(error);
    }

    static MethodResult err(int code, String message) {
        return new Err(new RpcError(code, message));
    }
}
