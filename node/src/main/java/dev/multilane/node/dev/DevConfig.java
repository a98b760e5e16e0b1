package dev.multilane.node.dev;

import java.nio.file.Path;

/**
 * How a dev node runs.
 *
 * @param blockTimeMs a block every this many milliseconds, empty or not; 0 means automine (a block
 *     as soon as transactions arrive)
 * @param threads Block-STM worker threads
 * @param txpoolMax transactions (without blobs) the pool holds before it evicts the cheapest; geth's
 *     --txpool.globalslots + globalqueue
 * @param txpoolPerSender transactions one sender may have pooled; geth's --txpool.accountqueue
 */
public record DevConfig(Path dataDir, String host, int port, long blockTimeMs, int threads, long chainId,
        int txpoolMax, int txpoolPerSender) {
    public static final int DEFAULT_PORT = 8545;
    public static final long DEFAULT_CHAIN_ID = 1337;
    /**
     * Far above geth's 5,120 slots: a dev chain is driven by scripts that queue a whole block's worth
     * with automining off (anvil has no limit), and a 1,000,000,000-gas block holds 47,619 transfers.
     * Pooled transactions cost about a kilobyte each, so this bounds the pool near 100 MB.
     */
    public static final int DEFAULT_TXPOOL_MAX = 100_000;
    /** Geth's per-account queue (64) would stop a deploy script that sends more with automining off. */
    public static final int DEFAULT_TXPOOL_PER_SENDER = 1_024;

    public DevConfig {
        if (port < 0 || port > 65_535 || blockTimeMs < 0 || threads < 1 || chainId < 1 || txpoolMax < 1
                || txpoolPerSender < 1) {
            throw new IllegalArgumentException("port 0..65535, block time >= 0, threads >= 1, chain id >= 1, "
                    + "txpool limits >= 1");
        }
    }

    /** With the default pool limits. */
    public DevConfig(Path dataDir, String host, int port, long blockTimeMs, int threads, long chainId) {
        this(dataDir, host, port, blockTimeMs, threads, chainId, DEFAULT_TXPOOL_MAX, DEFAULT_TXPOOL_PER_SENDER);
    }

    public static DevConfig defaults() {
        return new DevConfig(Path.of("data"), "127.0.0.1", DEFAULT_PORT, 0,
                Math.max(1, Runtime.getRuntime().availableProcessors()), DEFAULT_CHAIN_ID);
    }
}
