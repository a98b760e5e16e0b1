package dev.multilane.rpc.eth;

import dev.multilane.chain.block.ChainConfig;
import dev.multilane.store.ChainStore;

/**
 * What the eth methods read: the store (chain and head state) and the chain's rules, which the
 * store does not keep (they come from the genesis file).
 */
public record RpcContext(ChainStore store, ChainConfig config, String clientVersion) {
    public static final String CLIENT_VERSION = "Multilane/v0.1.0/java";

    public RpcContext(ChainStore store, ChainConfig config) {
        this(store, config, CLIENT_VERSION);
    }
}
