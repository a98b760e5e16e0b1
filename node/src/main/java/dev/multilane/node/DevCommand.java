package dev.multilane.node;

import dev.multilane.node.dev.DevAccounts;
import dev.multilane.node.dev.DevConfig;
import dev.multilane.node.dev.DevNode;
import dev.multilane.primitives.Hex;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code ./multilane dev}: a single-node development chain with JSON-RPC, like {@code anvil} or
 * {@code hardhat node}. Runs until SIGINT/SIGTERM, then shuts down in order (mining, server, store).
 */
final class DevCommand implements Command {
    /** What the pool options mean, printed under the usage line of {@code dev} and {@code node}. */
    static final String POOL_OPTIONS = """
              --txpool-max N             transactions the pool holds before it evicts the cheapest
                                         (default %d; geth: --txpool.globalslots + --txpool.globalqueue)
              --txpool-max-per-sender N  transactions one sender may have pooled (default %d;
                                         geth: --txpool.accountqueue)
            """.formatted(DevConfig.DEFAULT_TXPOOL_MAX, DevConfig.DEFAULT_TXPOOL_PER_SENDER);

    @Override
    public String name() {
        return "dev";
    }

    @Override
    public String arguments() {
        return "[--data-dir DIR] [--port N] [--host H] [--block-time MS] [--threads N] [--chain-id N]"
                + " [--txpool-max N] [--txpool-max-per-sender N]";
    }

    @Override
    public String summary() {
        return "start a development node (JSON-RPC on 127.0.0.1:8545, automine unless --block-time)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        DevConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("multilane dev: " + e.getMessage());
            err.println("usage: multilane dev " + arguments());
            err.print(POOL_OPTIONS);
            return Main.USAGE_ERROR;
        }
        DevNode node;
        try {
            node = DevNode.start(config, out);
        } catch (RuntimeException e) {
            err.println("multilane dev: cannot start: " + e.getMessage());
            return 1;
        }
        printBanner(config, node, out);
        NodeOptions.runUntilStopped("dev", node, out);
        return 0;
    }

    static DevConfig parse(List<String> args) {
        DevConfig d = DevConfig.defaults();
        NodeOptions shared = new NodeOptions(d.dataDir());
        long chainId = d.chainId();
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            String value = NodeOptions.valueOf(args, i++);
            if (flag.equals("--chain-id")) {
                chainId = NodeOptions.longValue(flag, value);
            } else {
                shared.set(flag, value);
            }
        }
        return shared.config(chainId);
    }

    private static void printBanner(DevConfig config, DevNode node, PrintStream out) {
        out.println("Multilane dev chain " + config.chainId() + ", data in " + config.dataDir().toAbsolutePath()
                + ", head block " + node.store().head().orElseThrow().number());
        out.println();
        out.println("Available accounts (10,000 ETH each at genesis)");
        out.println("WARNING: these private keys are publicly known (keccak256(\"multilane dev account \" + i)).");
        out.println("Any funds sent to them on a real network WILL BE LOST.");
        for (DevAccounts.Account a : DevAccounts.all()) {
            out.println("(" + a.index() + ") " + a.address() + "  private key " + Hex.encode(a.privateKey()));
        }
        out.println();
        out.println("Mining: " + (config.blockTimeMs() == 0 ? "automine (a block as soon as transactions arrive)"
                : "a block every " + config.blockTimeMs() + " ms"));
        out.println("JSON-RPC listening on http://" + config.host() + ":" + node.port() + " (HTTP and WebSocket)");
    }
}
