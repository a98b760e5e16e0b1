package dev.multilane.chain.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.chain.block.BlockOutcome;
import dev.multilane.chain.block.BlockProcessor;
import dev.multilane.chain.block.BlockValidation;
import dev.multilane.chain.block.ChainConfig;
import dev.multilane.chain.block.InMemoryWorldStateAdapter;
import dev.multilane.chain.block.MainnetBlockFixture;
import dev.multilane.chain.block.TransactionsExecutor;
import dev.multilane.evm.TransactionProcessor;
import dev.multilane.exec.ExecutionStats;
import dev.multilane.exec.ExecutorConfig;
import dev.multilane.exec.ParallelExecutor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every block of {@code shared/fixtures/mainnet-blocks} run with {@link ParallelBlockExecutor}
 * against mainnet's own header: gasUsed, receiptsRoot and logsBloom must match at 1, 2 and 8
 * threads with {@link ExecutorConfig#alwaysParallel()} (so that even the one-transaction blocks go
 * through Block-STM), and at 8 threads with the default config, the one the node runs. Each
 * parallel run must also equal the sequential run of the same block in every receipt and in the
 * root over the (partial) post-state: the header cannot check the state root of a partial state,
 * but the sequential run can.
 */
// Hang guard only (a lost wake-up in the engine would spin forever), not a timing assertion.
@Timeout(value = 20, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MainnetBlocksParallelTest {
    private static final int[] THREADS = {1, 2, 8};

    @Test
    void everyBlockMatchesItsHeaderAndTheSequentialRunInParallel() throws IOException {
        List<Path> dirs = mainnetBlocks();
        List<ParallelBlockExecutor> executors = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        int passed = 0;
        long reExecutions = 0;
        int parallelRuns = 0;
        try {
            for (int threads : THREADS) {
                executors.add(new ParallelBlockExecutor(new TransactionProcessor(ChainConfig.MAINNET.chainId()),
                        new ParallelExecutor(threads, ExecutorConfig.alwaysParallel())));
            }
            executors.add(new ParallelBlockExecutor(ChainConfig.MAINNET.chainId(), 8));
            BlockProcessor sequential = BlockProcessor.sequential(ChainConfig.MAINNET, true);
            for (Path dir : dirs) {
                List<String> problems = new ArrayList<>();
                MainnetBlockFixture fixture;
                try {
                    fixture = MainnetBlockFixture.load(dir);
                } catch (IOException | RuntimeException e) {
                    failures.add(dir.getFileName() + ": cannot load: " + e);
                    continue;
                }
                BlockOutcome reference = sequential.process(fixture.block(),
                        new InMemoryWorldStateAdapter(fixture.newPreState()), fixture.blockHashes(), fixture.senders());
                StringBuilder line = new StringBuilder("  " + fixture.block().number() + " txs="
                        + fixture.block().transactions().size());
                for (ParallelBlockExecutor executor : executors) {
                    String label = executor.name() + (executor == executors.getLast() ? "/default" : "/alwaysParallel");
                    try {
                        BlockOutcome actual = process(fixture, executor);
                        problems.addAll(againstHeader(label, fixture, actual));
                        for (String d : BlockComparison.differences(reference, actual)) {
                            problems.add(label + " vs sequential: " + d);
                        }
                        ExecutionStats stats = executor.lastStats();
                        String mode = EngineTally.mode(stats, executor.lastFallbackReason());
                        parallelRuns += mode.equals(ExecutionStats.Mode.PARALLEL.name()) ? 1 : 0;
                        reExecutions += stats.reExecutions();
                        line.append(" | ").append(label).append(' ').append(mode).append(" reexec=")
                                .append(stats.reExecutions());
                    } catch (RuntimeException e) {
                        problems.add(label + " threw " + e);
                        e.printStackTrace(System.out);
                    }
                }
                System.out.println(line);
                if (problems.isEmpty()) {
                    passed++;
                } else {
                    failures.add(fixture.block().number() + ": " + problems);
                }
            }
        } finally {
            executors.forEach(ParallelBlockExecutor::close);
        }
        System.out.println("MainnetBlocksParallel: " + passed + " passed, " + failures.size() + " failed ("
                + parallelRuns + " runs fully parallel, " + reExecutions + " re-executions in all)");
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(passed + failures.size() >= 22, "expected the 22 fixture blocks, found " + dirs.size());
        assertEquals(List.of(), failures);
        assertTrue(parallelRuns >= dirs.size(), "only " + parallelRuns + " runs went fully through Block-STM");
    }

    private static BlockOutcome process(MainnetBlockFixture fixture, TransactionsExecutor executor) {
        return new BlockProcessor(ChainConfig.MAINNET, executor, true).process(fixture.block(),
                new InMemoryWorldStateAdapter(fixture.newPreState()), fixture.blockHashes(), fixture.senders());
    }

    private static List<String> againstHeader(String label, MainnetBlockFixture fixture, BlockOutcome outcome) {
        return switch (outcome) {
            case BlockOutcome.Invalid inv -> List.of(label + " rejected the block: " + inv.error());
            case BlockOutcome.Processed p -> {
                BlockValidation v = BlockValidation.of(fixture.block().header(), p.result(), false);
                yield v.mismatches().stream().map(m -> label + " vs header: " + m).toList();
            }
        };
    }

    /** Every mainnet block folder, in block-number order. */
    static List<Path> mainnetBlocks() throws IOException {
        Path dir = fixturesRoot().resolve("mainnet-blocks");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> blocks = s.filter(MainnetBlockFixture::isFixture)
                    .sorted((a, b) -> Long.compare(Long.parseLong(a.getFileName().toString()),
                            Long.parseLong(b.getFileName().toString())))
                    .toList();
            if (blocks.isEmpty()) {
                throw new IllegalStateException("no block folders under " + dir);
            }
            return blocks;
        }
    }

    /** The shared fixtures folder: the {@code multilane.fixtures} property, else up from here. */
    static Path fixturesRoot() {
        String prop = System.getProperty("multilane.fixtures");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("fixtures");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("fixtures not found: set -Dmultilane.fixtures or run beside shared/fixtures");
    }
}
