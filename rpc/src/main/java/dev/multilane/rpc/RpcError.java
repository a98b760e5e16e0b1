package dev.multilane.rpc;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON-RPC error object. The codes are those of JSON-RPC 2.0 plus the two geth uses for Ethereum
 * methods: -32000 for a server-side failure of a valid call, and 3 for an execution that reverted
 * (with the revert data in {@code data}, as EIP-1474 and geth do).
 *
 * @param data extra detail, or null for none
 */
public record RpcError(int code, String message, JsonNode data) {
    public static final int PARSE_ERROR = -32700;
    public static final int INVALID_REQUEST = -32600;
    public static final int METHOD_NOT_FOUND = -32601;
    public static final int INVALID_PARAMS = -32602;
    public static final int INTERNAL_ERROR = -32603;
    public static final int SERVER_ERROR = -32000;
    public static final int EXECUTION_REVERTED = 3;

    public RpcError(int code, String message) {
        this(code, message, null);
    }

    public static RpcError invalidParams(String message) {
        return new RpcError(INVALID_PARAMS, message);
    }

    /** geth's wording for a parameter that does not decode: "invalid argument N: why". */
    public static RpcError invalidArgument(int index, String why) {
        return new RpcError(INVALID_PARAMS, "invalid argument " + index + ": " + why);
    }

    public static RpcError server(String message) {
        return new RpcError(SERVER_ERROR, message);
    }
}
