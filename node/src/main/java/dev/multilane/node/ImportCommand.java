package dev.multilane.node;

import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.parallel.ParallelBlockExecutor;
import dev.multilane.store.ChainImporter;
import dev.multilane.store.ChainStore;
import dev.multilane.store.Genesis;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./multilane import --genesis FILE [--data-dir DIR] CHAIN.rlp}, like {@code geth import}:
 * reads RLP blocks back to back, checks each header against its parent as geth's consensus engine
 * does (base fee, excess blob gas, gas limit, timestamp, fork fields; see {@link
 * dev.multilane.chain.validation.HeaderValidator}), executes the block with the Block-STM executor,
 * validates the result fully against the header (see {@link ChainImporter}) and commits it. Stops
 * at the first invalid block with its number, hash and what mismatched (the field, the header's
 * value and the expected one), and exits 1; blocks before it stay imported. Proof-of-stake chains
 * only: a proof-of-work block is refused as unsupported.
 */
final class ImportCommand implements Command {
    /** At most one progress line per this many nanoseconds. */
    private static final long PROGRESS_NANOS = 2_000_000_000L;

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String arguments() {
        return "--genesis FILE [--data-dir DIR] [--threads N] CHAIN.rlp";
    }

    @Override
    public String summary() {
        return "import and fully validate RLP-encoded blocks (geth export format) into a data directory";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Path genesisFile = null;
        Path dataDir = Path.of("data");
        Path chain = null;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        try {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("--")) {
                    if (chain != null) {
                        throw new IllegalArgumentException("one chain file only, got " + chain + " and " + a);
                    }
                    chain = Path.of(a);
                    continue;
                }
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("missing value for " + a);
                }
                String value = args.get(++i);
                switch (a) {
                    case "--genesis" -> genesisFile = Path.of(value);
                    case "--data-dir" -> dataDir = Path.of(value);
                    case "--threads" -> threads = positive(a, value);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (genesisFile == null || chain == null) {
                throw new IllegalArgumentException("--genesis FILE and CHAIN.rlp are required");
            }
            if (!Files.isRegularFile(chain)) {
                throw new IllegalArgumentException("no chain file at " + chain);
            }
        } catch (IllegalArgumentException e) {
            err.println("multilane import: " + e.getMessage());
            err.println("usage: multilane import " + arguments());
            return Main.USAGE_ERROR;
        }
        Genesis genesis;
        byte[] rlp;
        try {
            genesis = Genesis.read(genesisFile);
            rlp = Files.readAllBytes(chain);
        } catch (IOException | RuntimeException e) {
            err.println("multilane import: cannot read " + (e instanceof IOException ? "the input" : "the genesis")
                    + ": " + e.getMessage());
            return 1;
        }
        return importInto(dataDir, genesis, rlp, threads, out, err);
    }

    private static int importInto(Path dataDir, Genesis genesis, byte[] rlp, int threads, PrintStream out,
            PrintStream err) {
        long start = System.nanoTime();
        long[] lastReport = {start};
        ChainImporter.Result result;
        long head;
        try (ChainStore store = ChainStore.open(dataDir);
                ParallelBlockExecutor executor = new ParallelBlockExecutor(genesis.config().chainId(), threads)) {
            BlockProcessor processor = new BlockProcessor(genesis.config(), executor, true);
            long[] count = {0, 0};
            result = ChainImporter.importChain(store, genesis, processor, rlp, block -> {
                count[0]++;
                count[1] += block.transactions().size();
                long now = System.nanoTime();
                if (now - lastReport[0] >= PROGRESS_NANOS) {
                    lastReport[0] = now;
                    out.printf(Locale.ROOT, "imported block %d (%d blocks, %d txs so far, %.1f s)%n", block.number(),
                            count[0], count[1], (now - start) / 1e9);
                }
            });
            head = store.head().map(h -> h.number()).orElse(-1L);
        } catch (RuntimeException e) {
            err.println("multilane import: " + e.getMessage());
            return 1;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        out.printf(Locale.ROOT, "imported %d blocks (%d already present), %d transactions in %.2f s; head is block %d%n",
                result.imported(), result.skipped(), result.transactions(), seconds, head);
        if (!result.ok()) {
            err.println("multilane import: invalid " + result.failure());
            return 1;
        }
        return 0;
    }

    private static int positive(String flag, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(flag + " needs a positive number, not '" + value + "'");
    }
}
