package dev.multilane.rpc;

/** One JSON-RPC method. Implementations must be thread-safe: the server calls them from many threads. */
@FunctionalInterface
public interface RpcMethod {
    MethodResult call(Params params);
}
