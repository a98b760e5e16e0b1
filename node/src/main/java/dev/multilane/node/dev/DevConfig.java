package dev.multilane.node.dev;

import java.nio.file.Path;

/**
 * How a dev node runs.
 *
 * @param blockTimeMs a block every this many milliseconds, empty or not; 0 means automine (a block
 *     as soon as transactions arrive)
 * @param threads Block-STM worker threads
 */
public record DevConfig(Path dataDir, String host, int port, long blockTimeMs, int threads, long chainId) {
    public static final int DEFAULT_PORT = 8545;
    public static final long DEFAULT_CHAIN_ID = 1337;

    public DevConfig {
        if (port < 0 || port > 65_535 || blockTimeMs < 0 || threads < 1 || chainId < 1) {
            throw new IllegalArgumentException("port 0..65535, block time >= 0, threads >= 1, chain id >= 1");
        }
    }

    public static DevConfig defaults() {
        return new DevConfig(Path.of("data"), "127.0.0.1", DEFAULT_PORT, 0,
                Math.max(1, Runtime.getRuntime().availableProcessors()), DEFAULT_CHAIN_ID);
    }
}
