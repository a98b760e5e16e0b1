package dev.multilane.rpc;

/**
 * A JSON-RPC method that needs to know who is calling: subscriptions, which push notifications
 * over the caller's connection. Thread-safe, as {@link RpcMethod}.
 */
@FunctionalInterface
public interface ConnectionMethod {
    MethodResult call(Params params, CallContext caller);
}
