package dev.multilane.node.replay;

import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.BlockValidation;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.block.InMemoryWorldStateAdapter;
import dev.multilane.chain.block.MainnetBlockFixture;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays one fixture block: loads it, checks the header hash and the senders, then runs it on a
 * fresh copy of its pre-state and compares the result with the header. Only {@link
 * BlockProcessor#process} is timed; loading, copying the pre-state and the checks are not.
 *
 * <p>The parallel engine plugs in as a second {@link BlockProcessor} built over its {@code
 * TransactionsExecutor}: it runs on its own copy of the pre-state and must agree with the
 * sequential run. Until it exists, {@code parallel} is null and only the sequential run happens.
 */
public final class BlockReplayer {
    private final BlockProcessor sequential;
    private final BlockProcessor parallel;

    /** @param parallel the parallel processor, or null to run sequentially only */
    public BlockReplayer(ChainConfig config, BlockProcessor parallel) {
        // Fixture pre-states are partial, so no state root is computed (or could be checked).
        this.sequential = BlockProcessor.sequential(config, false);
        this.parallel = parallel;
    }

    public ReplayResult replay(Path dir) {
        MainnetBlockFixture fixture;
        try {
            fixture = MainnetBlockFixture.load(dir);
        } catch (IOException | RuntimeException e) {
            return ReplayResult.failed(dir, -1, 0, List.of("cannot load: " + e.getMessage()));
        }
        long number = fixture.block().number();
        int txCount = fixture.block().transactions().size();
        List<String> problems = new ArrayList<>();
        if (!fixture.block().header().hash().equals(fixture.expectedHash())) {
            problems.add("header hashes to " + fixture.block().header().hash() + ", not " + fixture.expectedHash());
        }
        problems.addAll(fixture.senderMismatches());

        InMemoryWorldStateAdapter state = new InMemoryWorldStateAdapter(fixture.newPreState());
        long start = System.nanoTime();
        BlockOutcome outcome = sequential.process(fixture.block(), state, fixture.blockHashes(), fixture.senders());
        long sequentialNanos = System.nanoTime() - start;

        return switch (outcome) {
            case BlockOutcome.Invalid inv -> {
                problems.add("invalid block: " + inv.error());
                yield ReplayResult.failed(dir, number, txCount, problems);
            }
            case BlockOutcome.Processed p -> {
                BlockValidation validation = BlockValidation.of(fixture.block().header(), p.result(), false);
                long parallelNanos = parallel == null ? -1 : runParallel(fixture, p, state, problems);
                yield new ReplayResult(dir, number, txCount, p.result().gasUsed(), validation, problems,
                        sequentialNanos, parallelNanos);
            }
        };
    }

    /**
     * Runs the parallel processor on its own copy of the pre-state. Any difference from the
     * sequential run — receipts, gas, bloom, or the root over the (partial) post-state — is a
     * problem: parallel must equal sequential exactly.
     */
    private long runParallel(MainnetBlockFixture fixture, BlockOutcome.Processed expected,
            InMemoryWorldStateAdapter sequentialState, List<String> problems) {
        InMemoryWorldStateAdapter state = new InMemoryWorldStateAdapter(fixture.newPreState());
        long start = System.nanoTime();
        BlockOutcome outcome = parallel.process(fixture.block(), state, fixture.blockHashes(), fixture.senders());
        long nanos = System.nanoTime() - start;
        if (!(outcome instanceof BlockOutcome.Processed p)) {
            problems.add("parallel run rejected the block: " + outcome);
        } else if (!p.result().receiptsRoot().equals(expected.result().receiptsRoot())
                || p.result().gasUsed() != expected.result().gasUsed()
                || !java.util.Arrays.equals(p.result().logsBloom().toBytes(), expected.result().logsBloom().toBytes())) {
            problems.add("parallel receipts differ from sequential");
        } else if (!state.stateRoot().equals(sequentialState.stateRoot())) {
            problems.add("parallel post-state root " + state.stateRoot().orElse(null) + " != sequential "
                    + sequentialState.stateRoot().orElse(null));
        }
        return nanos;
    }
}
