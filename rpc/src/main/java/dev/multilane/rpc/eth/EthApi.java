package dev.multilane.rpc.eth;

import dev.multilane.rpc.JsonRpcDispatcher;

/** Registers every method this package serves on a dispatcher. */
public final class EthApi {
    private EthApi() {}

    public static JsonRpcDispatcher register(JsonRpcDispatcher d, RpcContext ctx) {
        new ChainMethods(ctx).register(d);
        new StateMethods(ctx).register(d);
        new FeeMethods(ctx).register(d);
        new CallMethods(ctx).register(d);
        return d;
    }
}
