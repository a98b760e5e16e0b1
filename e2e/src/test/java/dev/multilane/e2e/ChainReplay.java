package dev.multilane.e2e;

import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.BlockResult;
import dev.multilane.chain.block.InMemoryWorldStateAdapter;
import dev.multilane.primitives.Hash;
import dev.multilane.store.ChainStore;
import dev.multilane.store.Genesis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Re-executes a stopped node's whole chain from its genesis, sequentially and in memory, and
 * compares every header with the result: an independent recomputation of what the node committed
 * with Block-STM into RocksDB. The data directory must not be open in a running node.
 */
final class ChainReplay {
    /** Blocks replayed and the mismatches found (empty when the chain is consistent). */
    record Outcome(long blocks, long transactions, List<String> problems) {}

    private ChainReplay() {}

    static Outcome replay(Path dataDir, Genesis genesis) {
        List<String> problems = new ArrayList<>();
        try (ChainStore store = ChainStore.open(dataDir)) {
            if (!store.genesisHash().orElseThrow().equals(genesis.hash())) {
                problems.add("genesis " + store.genesisHash() + " is not the dev genesis " + genesis.hash());
                return new Outcome(0, 0, problems);
            }
            long head = store.head().orElseThrow().number();
            BlockProcessor processor = BlockProcessor.sequential(genesis.config(), true);
            InMemoryWorldStateAdapter state = new InMemoryWorldStateAdapter(genesis.state());
            long txs = 0;
            Hash parent = genesis.hash();
            for (long n = 1; n <= head; n++) {
                Block block = store.block(n).orElse(null);
                if (block == null) {
                    problems.add("block " + n + " of " + head + " is missing");
                    break;
                }
                BlockHeader h = block.header();
                if (!h.parentHash().equals(parent)) {
                    problems.add("block " + n + " parent " + h.parentHash() + " is not block " + (n - 1) + " " + parent);
                }
                if (store.receipts(h.hash()).map(List::size).orElse(-1) != block.transactions().size()) {
                    problems.add("block " + n + " has " + block.transactions().size() + " transactions but receipts "
                            + store.receipts(h.hash()).map(List::size).orElse(-1));
                }
                switch (processor.process(block, state, m -> store.canonicalHash(m).orElse(null), null)) {
                    case BlockOutcome.Invalid inv -> {
                        problems.add("block " + n + " does not re-execute: " + inv.error());
                        return new Outcome(n, txs, problems);
                    }
                    case BlockOutcome.Processed(BlockResult r) -> {
                        check(problems, n, "stateRoot", h.stateRoot(), r.stateRoot());
                        check(problems, n, "receiptsRoot", h.receiptsRoot(), r.receiptsRoot());
                        check(problems, n, "gasUsed", h.gasUsed(), r.gasUsed());
                    }
                }
                txs += block.transactions().size();
                parent = h.hash();
            }
            return new Outcome(head, txs, problems);
        }
    }

    private static void check(List<String> problems, long n, String what, Object header, Object replayed) {
        if (!header.equals(replayed)) {
            problems.add("block " + n + " " + what + ": header " + header + ", re-executed " + replayed);
        }
    }
}
