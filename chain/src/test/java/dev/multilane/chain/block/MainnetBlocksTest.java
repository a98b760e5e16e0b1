package dev.multilane.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.evm.TxResult;
import dev.multilane.primitives.Hash;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every block of {@code shared/fixtures/mainnet-blocks}, checked against mainnet's own header:
 * the header must hash to the block's hash (a test of the header encoding), the body must hash to
 * the transactions and withdrawals roots, the senders must recover, and running the block
 * sequentially on its pre-state must reproduce gasUsed, receiptsRoot, logsBloom and blobGasUsed.
 */
class MainnetBlocksTest {
    private static final List<MainnetBlockFixture> FIXTURES = new ArrayList<>();
    private static final List<String> LOAD_FAILURES = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        for (Path dir : Fixtures.mainnetBlocks()) {
            try {
                FIXTURES.add(MainnetBlockFixture.load(dir));
            } catch (IOException | RuntimeException e) {
                LOAD_FAILURES.add(dir.getFileName() + ": " + e);
            }
        }
    }

    @Test
    void everyFixtureLoads() {
        System.out.println("MainnetBlocks load: " + FIXTURES.size() + " passed, " + LOAD_FAILURES.size() + " failed");
        LOAD_FAILURES.forEach(f -> System.out.println("  FAIL " + f));
        assertEquals(List.of(), LOAD_FAILURES);
        assertTrue(FIXTURES.size() >= 22, "expected the 22 fixture blocks, found " + FIXTURES.size());
    }

    @Test
    void headersHashAndBodiesMatchTheirRoots() {
        List<String> failures = new ArrayList<>();
        int passed = 0;
        int withWithdrawals = 0;
        for (MainnetBlockFixture f : FIXTURES) {
            Block b = f.block();
            BlockHeader h = b.header();
            List<String> problems = new ArrayList<>();
            if (!h.hash().equals(f.expectedHash())) {
                problems.add("header hash " + h.hash() + " != " + f.expectedHash());
            }
            if (!b.computeTransactionsRoot().equals(h.transactionsRoot())) {
                problems.add("transactionsRoot " + b.computeTransactionsRoot());
            }
            Hash parallelRoot = b.computeTransactionsRoot(
                    (count, action) -> java.util.stream.IntStream.range(0, count).parallel().forEach(action));
            if (!parallelRoot.equals(h.transactionsRoot())) {
                problems.add("transactionsRoot through OrderedTrieRoot " + parallelRoot);
            }
            if (!Objects.equals(b.computeWithdrawalsRoot(), h.withdrawalsRoot())) {
                problems.add("withdrawalsRoot " + b.computeWithdrawalsRoot() + " != " + h.withdrawalsRoot());
            }
            if (f.ommerHashes().isEmpty() && !b.computeOmmersHash().equals(h.ommersHash())) {
                problems.add("ommersHash " + b.computeOmmersHash());
            }
            problems.addAll(f.senderMismatches());
            if (problems.isEmpty()) {
                passed++;
                withWithdrawals += b.withdrawals() == null ? 0 : 1;
            } else {
                failures.add(b.number() + ": " + problems);
            }
        }
        System.out.println("MainnetBlocks headers/bodies: " + passed + " passed, " + failures.size() + " failed");
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(withWithdrawals > 0, "no block with withdrawals was checked");
        assertEquals(List.of(), failures);
    }

    @Test
    void sequentialExecutionMatchesEveryHeader() {
        BlockProcessor processor = BlockProcessor.sequential(ChainConfig.MAINNET, false);
        List<String> failures = new ArrayList<>();
        int passed = 0;
        for (MainnetBlockFixture f : FIXTURES) {
            String failure;
            try {
                failure = replay(processor, f);
            } catch (RuntimeException e) {
                failure = "threw " + e;
                e.printStackTrace(System.out);
            }
            if (failure == null) {
                passed++;
            } else {
                failures.add(f.block().number() + ": " + failure);
            }
        }
        System.out.println("MainnetBlocks sequential: " + passed + " passed, " + failures.size() + " failed");
        failures.forEach(f -> System.out.println("  FAIL " + f));
        assertTrue(passed + failures.size() >= 22, "fewer blocks than fixtures");
        assertEquals(List.of(), failures);
    }

    /** Null when the block matches its header; otherwise the mismatches and each tx's gas, to bisect. */
    private static String replay(BlockProcessor processor, MainnetBlockFixture f) {
        BlockOutcome outcome = processor.process(f.block(), new InMemoryWorldStateAdapter(f.newPreState()),
                f.blockHashes(), f.senders());
        return switch (outcome) {
            case BlockOutcome.Invalid inv -> "invalid: " + inv.error();
            case BlockOutcome.Processed p -> {
                BlockValidation v = BlockValidation.of(f.block().header(), p.result(), false);
                yield v.passed() ? null : v.mismatches() + "\n" + perTxGas(f, p.result());
            }
        };
    }

    private static String perTxGas(MainnetBlockFixture f, BlockResult r) {
        StringBuilder sb = new StringBuilder("    per-tx gas used (index hash gas status):\n");
        for (int i = 0; i < r.transactions().size(); i++) {
            TxResult.Executed e = r.transactions().get(i);
            Hash h = f.block().transactions().get(i).hash();
            sb.append("    ").append(i).append(' ').append(h).append(' ').append(e.gasUsed()).append(' ')
                    .append(e.success() ? "ok" : "failed").append('\n');
        }
        return sb.toString();
    }
}
