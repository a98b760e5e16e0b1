package dev.multilane.node;

import dev.multilane.node.dev.DevConfig;
import dev.multilane.node.dev.DevNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * What {@code dev} and {@code node} have in common: the options that become a {@link DevConfig}
 * (data dir, host, port, block time, threads, pool limits) and running until SIGINT/SIGTERM. One
 * place, so the two commands keep the same flag names and error messages that scripts rely on.
 */
final class NodeOptions {
    private Path dataDir;
    private String host;
    private int port;
    private long blockTimeMs;
    private int threads;
    private int txpoolMax;
    private int txpoolPerSender;

    /** The defaults of {@link DevConfig#defaults()}, except the data dir ({@code node} has none by default). */
    NodeOptions(Path dataDir) {
        DevConfig d = DevConfig.defaults();
        this.dataDir = dataDir;
        this.host = d.host();
        this.port = d.port();
        this.blockTimeMs = d.blockTimeMs();
        this.threads = d.threads();
        this.txpoolMax = d.txpoolMax();
        this.txpoolPerSender = d.txpoolPerSender();
    }

    /**
     * The value after the flag at {@code i}.
     *
     * @throws IllegalArgumentException when the flag is the last argument
     */
    static String valueOf(List<String> args, int i) {
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException("unknown option or missing value: " + args.get(i));
        }
        return args.get(i + 1);
    }

    /**
     * Takes one of the shared options.
     *
     * @throws IllegalArgumentException for a flag that is not one of them, or a number that is not one
     */
    void set(String flag, String value) {
        switch (flag) {
            case "--data-dir" -> dataDir = Path.of(value);
            case "--host" -> host = value;
            case "--port" -> port = intValue(flag, value);
            case "--block-time" -> blockTimeMs = longValue(flag, value);
            case "--threads" -> threads = intValue(flag, value);
            case "--txpool-max" -> txpoolMax = intValue(flag, value);
            case "--txpool-max-per-sender" -> txpoolPerSender = intValue(flag, value);
            default -> throw new IllegalArgumentException("unknown option " + flag);
        }
    }

    static int intValue(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw notANumber(flag, value);
        }
    }

    static long longValue(String flag, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw notANumber(flag, value);
        }
    }

    private static IllegalArgumentException notANumber(String flag, String value) {
        return new IllegalArgumentException(flag + " needs a number, not '" + value + "'");
    }

    Path dataDir() {
        return dataDir;
    }

    long blockTimeMs() {
        return blockTimeMs;
    }

    /** @throws IllegalArgumentException from {@link DevConfig}'s checks */
    DevConfig config(long chainId) {
        return new DevConfig(dataDir, host, port, blockTimeMs, threads, chainId, txpoolMax, txpoolPerSender);
    }

    /**
     * Blocks until the JVM shuts down. The JVM runs hooks on SIGINT and SIGTERM; closing the node in
     * the hook stops mining and the server and closes the store before the process exits.
     */
    static void runUntilStopped(String command, DevNode node, PrintStream out) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("multilane " + command + ": shutting down");
            node.close();
            stopped.countDown();
        }, "multilane-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            node.close();
        }
    }
}
