package dev.multilane.rpc.conformance;

import dev.multilane.chain.block.Block;
import dev.multilane.chain.block.BlockHeader;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.BlockResult;
import dev.multilane.primitives.RlpReader;
import dev.multilane.store.BlockCodec;
import dev.multilane.store.ChainStore;
import dev.multilane.store.CommitOutcome;
import dev.multilane.store.Genesis;
import dev.multilane.store.PersistentWorldState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Imports an RLP file of consecutive blocks (geth's export format, as in the execution-apis
 * chain.rlp): each block is executed with {@link BlockProcessor} on a {@link PersistentWorldState},
 * checked against its header (gas used, receipts root, bloom, state root) and committed.
 */
public final class ChainImporter {
    private ChainImporter() {}

    /** How many blocks were imported, and the first problem (null when every block went in). */
    public record Result(int imported, String problem) {}

    public static Result importChain(ChainStore store, Genesis genesis, byte[] rlp) {
        CommitOutcome init = store.initialize(genesis);
        if (!(init instanceof CommitOutcome.Committed)) {
            return new Result(0, "genesis: " + init);
        }
        PersistentWorldState world = PersistentWorldState.open(store);
        BlockProcessor processor = BlockProcessor.sequential(genesis.config(), true);
        RlpReader reader = new RlpReader(rlp);
        int imported = 0;
        while (reader.hasNext()) {
            Block block = BlockCodec.readBlock(reader);
            BlockHeader h = block.header();
            BlockOutcome outcome = processor.process(block, world, n -> store.canonicalHash(n).orElse(null), null);
            if (!(outcome instanceof BlockOutcome.Processed(BlockResult r))) {
                world.discard();
                return new Result(imported, "block " + h.number() + ": " + outcome);
            }
            List<String> problems = new ArrayList<>();
            if (r.gasUsed() != h.gasUsed()) {
                problems.add("gasUsed " + r.gasUsed() + " != " + h.gasUsed());
            }
            if (!r.receiptsRoot().equals(h.receiptsRoot())) {
                problems.add("receiptsRoot");
            }
            if (!Arrays.equals(r.logsBloom().toBytes(), h.logsBloom())) {
                problems.add("logsBloom");
            }
            if (!problems.isEmpty()) {
                world.discard();
                return new Result(imported, "block " + h.number() + ": " + problems);
            }
            CommitOutcome committed = world.commit(block, r.receipts());
            if (!(committed instanceof CommitOutcome.Committed)) {
                world.discard();
                return new Result(imported, "block " + h.number() + ": " + committed);
            }
            imported++;
        }
        return new Result(imported, null);
    }
}
