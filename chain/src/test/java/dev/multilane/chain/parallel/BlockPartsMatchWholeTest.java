package dev.multilane.chain.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.Transaction;
import dev.multilane.chain.block.BlockBuilder;
import dev.multilane.chain.block.BlockError;
import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.InMemoryWorldStateAdapter;
import dev.multilane.chain.block.SequentialBlockExecutor;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.exec.ExecutorConfig;
import dev.multilane.exec.ParallelExecutor;
import dev.multilane.primitives.Address;
import dev.multilane.primitives.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A block executed in parts ({@link BlockBuilder}, as a node's pending block is) against the same
 * block processed whole by the sequential reference, on random blocks ({@link RandomBlockGenerator}):
 * each block's transactions are cut at random points and appended part by part with the parallel
 * engine, with the roots prepared between some parts. Verdict (an invalid transaction's index
 * counted from the block's start), receipts, gas, bloom, receipts root, state root and transactions
 * root must all equal the reference's.
 */
class BlockPartsMatchWholeTest {
    private static final int BLOCKS = Integer.getInteger("multilane.parts.blocks", 300);
    private static final long MASTER_SEED = 0x7061727473L; // "parts"

    @Test
    void blocksBuiltInPartsMatchTheWholeBlock() {
        SequentialBlockExecutor sequential = new SequentialBlockExecutor(RandomBlockGenerator.CHAIN_ID);
        TransactionProcessor processor = new TransactionProcessor(RandomBlockGenerator.CHAIN_ID);
        List<String> failures = new ArrayList<>();
        int multiPart = 0;
        int invalid = 0;
        try (ParallelBlockExecutor parallel = new ParallelBlockExecutor(processor,
                new ParallelExecutor(2, ExecutorConfig.alwaysParallel()))) {
            for (int b = 0; b < BLOCKS; b++) {
                long seed = ParallelMatchesSequentialTest.seedOf(MASTER_SEED, b);
                RandomBlock block = RandomBlockGenerator.generate(BlockSpec.fromSeed(seed));
                BlockOutcome reference = ParallelMatchesSequentialTest.process(block, sequential);
                if (reference instanceof BlockOutcome.Invalid) {
                    invalid++;
                }
                SplittableRandom random = new SplittableRandom(seed);
                List<Integer> cuts = cuts(block.block().transactions().size(), random);
                if (cuts.size() > 2) {
                    multiPart++;
                }
                List<String> problems = new ArrayList<>();
                BlockOutcome inParts = inParts(block, parallel, cuts, random, problems);
                problems.addAll(BlockComparison.differences(reference, inParts));
                if (!problems.isEmpty()) {
                    failures.add("block seed 0x" + Long.toHexString(seed) + " cut at " + cuts + ": " + problems);
                }
            }
        }
        System.out.println("BlockPartsMatchWhole: " + (BLOCKS - failures.size()) + " passed, " + failures.size()
                + " failed (" + BLOCKS + " random blocks, " + multiPart + " in several parts, " + invalid
                + " invalid)");
        failures.stream().limit(20).forEach(f -> System.out.println("  FAIL " + f));
        assertEquals(List.of(), failures);
        assertTrue(multiPart >= BLOCKS / 2, "only " + multiPart + " blocks were cut into several parts");
        assertTrue(invalid > 0, "no invalid block: the error index shift went untested");
    }

    /** Part boundaries: 0, a few random points, n. */
    private static List<Integer> cuts(int n, SplittableRandom random) {
        List<Integer> cuts = new ArrayList<>();
        cuts.add(0);
        int at = 0;
        while (at < n) {
            at = Math.min(n, at + 1 + random.nextInt(Math.max(1, n / 3)));
            cuts.add(at);
        }
        if (cuts.size() == 1) {
            cuts.add(0);
        }
        return cuts;
    }

    private static BlockOutcome inParts(RandomBlock block, ParallelBlockExecutor executor, List<Integer> cuts,
            SplittableRandom random, List<String> problems) {
        BlockProcessor processor = new BlockProcessor(block.config(), executor, true);
        BlockBuilder builder;
        switch (processor.begin(block.block(), new InMemoryWorldStateAdapter(block.newPreState()), null)) {
            case BlockBuilder.Begun.Invalid(BlockError error) -> {
                return new BlockOutcome.Invalid(error);
            }
            case BlockBuilder.Begun.Ready(BlockBuilder ready) -> builder = ready;
        }
        List<Transaction> txs = block.block().transactions();
        for (int p = 0; p + 1 < cuts.size(); p++) {
            int from = cuts.get(p);
            int to = cuts.get(p + 1);
            List<Address> senders = block.senders() == null ? null : block.senders().subList(from, to);
            BlockError error = builder.append(txs.subList(from, to), senders);
            if (error != null) {
                return new BlockOutcome.Invalid(error);
            }
            if (random.nextBoolean()) {
                builder.prepareRoots();
            }
        }
        Hash txRoot = builder.transactionsRoot();
        if (!txRoot.equals(block.block().computeTransactionsRoot())) {
            problems.add("transactions root " + txRoot + ", expected " + block.block().computeTransactionsRoot());
        }
        return new BlockOutcome.Processed(builder.finish());
    }
}
