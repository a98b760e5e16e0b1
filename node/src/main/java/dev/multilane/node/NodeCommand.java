package dev.multilane.node;

import dev.multilane.evm.Fork;
import dev.multilane.node.dev.BlockProducer;
import dev.multilane.node.dev.DevConfig;
import dev.multilane.node.dev.DevNode;
import dev.multilane.store.Genesis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code ./multilane node --genesis FILE --data-dir DIR}: a node for the chain a geth-format
 * genesis.json describes, with the dev node's JSON-RPC (including evm_mine, evm_setAutomine,
 * evm_snapshot and evm_revert, so scripts drive mining as with anvil) and its block producer:
 * automine unless {@code --block-time}, no mining at all with {@code --no-mining} (blocks then come
 * only from evm_mine, or from {@code ./multilane import} while the node is stopped). Unlike {@code
 * dev} it funds no accounts and prints no keys: the alloc is whatever the genesis says.
 *
 * <p>Blocks follow the genesis's fork schedule from the Merge to Cancun (Paris, Shanghai and Cancun
 * headers); a chain whose next block would be before the Merge is refused, as it would need proof of
 * work.
 */
final class NodeCommand implements Command {

    /** The parsed command line. */
    record Options(Path genesis, DevConfig config, boolean mining) {}

    @Override
    public String name() {
        return "node";
    }

    @Override
    public String arguments() {
        return "--genesis FILE --data-dir DIR [--port N] [--host H] [--block-time MS] [--threads N] [--no-mining]"
                + " [--txpool-max N] [--txpool-max-per-sender N]";
    }

    @Override
    public String summary() {
        return "run a node for the chain of a geth genesis.json (JSON-RPC on 127.0.0.1:8545, automine unless "
                + "--block-time)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("multilane node: " + e.getMessage());
            err.println("usage: multilane node " + arguments());
            err.print(DevCommand.POOL_OPTIONS);
            return Main.USAGE_ERROR;
        }
        Genesis genesis;
        try {
            genesis = readGenesis(options.genesis());
        } catch (IllegalArgumentException e) {
            err.println("multilane node: " + e.getMessage());
            return 1;
        }
        DevNode node;
        try {
            node = DevNode.start(options.config(), genesis, out);
        } catch (RuntimeException e) {
            err.println("multilane node: cannot start: " + e.getMessage());
            return 1;
        }
        if (!options.mining()) {
            node.setAutomine(false);
        }
        out.println("Multilane node, chain " + genesis.config().chainId() + ", genesis " + genesis.hash() + ", data in "
                + options.config().dataDir().toAbsolutePath() + ", head block "
                + node.store().head().orElseThrow().number());
        out.println("Mining: " + (!options.mining() ? "off (evm_mine mines a block)"
                : options.config().blockTimeMs() == 0 ? "automine (a block as soon as transactions arrive)"
                : "a block every " + options.config().blockTimeMs() + " ms"));
        out.println("JSON-RPC listening on http://" + options.config().host() + ":" + node.port()
                + " (HTTP and WebSocket)");
        NodeOptions.runUntilStopped("node", node, out);
        return 0;
    }

    /**
     * Reads and checks a genesis file for a node that mines: the next block must be one the producer
     * builds (Paris to Cancun); later blocks follow the schedule, which only moves forward.
     *
     * @throws IllegalArgumentException with a message naming the file and the problem
     */
    static Genesis readGenesis(Path file) {
        Genesis genesis;
        try {
            genesis = Genesis.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the genesis " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad genesis " + file + ": " + e.getMessage());
        }
        long now = Math.max(System.currentTimeMillis() / 1000, genesis.block().header().timestamp() + 1);
        Fork next = genesis.config().forks().forkAt(genesis.block().number() + 1, now);
        String unsupported = BlockProducer.unsupported(next);
        if (unsupported != null) {
            throw new IllegalArgumentException("the genesis " + file + " cannot be mined: block "
                    + (genesis.block().number() + 1) + " would be " + unsupported);
        }
        return genesis;
    }

    static Options parse(List<String> args) {
        NodeOptions shared = new NodeOptions(null);
        Path genesis = null;
        boolean mining = true;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--no-mining")) {
                mining = false;
                continue;
            }
            String value = NodeOptions.valueOf(args, i++);
            if (flag.equals("--genesis")) {
                genesis = Path.of(value);
            } else {
                shared.set(flag, value);
            }
        }
        if (genesis == null || shared.dataDir() == null) {
            throw new IllegalArgumentException("--genesis and --data-dir are required");
        }
        if (!Files.isRegularFile(genesis)) {
            throw new IllegalArgumentException("no genesis file at " + genesis);
        }
        if (!mining && shared.blockTimeMs() > 0) {
            throw new IllegalArgumentException("--no-mining and --block-time exclude each other");
        }
        // The chain id comes from the genesis; DevConfig's is unused by DevNode.start(config, genesis, log).
        return new Options(genesis, shared.config(DevConfig.DEFAULT_CHAIN_ID), mining);
    }
}
