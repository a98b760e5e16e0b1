package dev.multilane.node.statetest;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multilane.evm.Fork;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Multilane's EVM against every GeneralStateTests vector of ethereum/tests (v13.3) for the forks
 * it supports. Writes the per-fork counts and every failure to
 * {@code node/target/statetest-report.txt}, prints the counts and the first failures, and requires
 * at least {@value #REQUIRED_PASS_RATE} of each fork's vectors to pass.
 */
class GeneralStateTestsTest {
    private static final double REQUIRED_PASS_RATE = 0.995;
    private static final int FAILURES_SHOWN = 50;

    @Test
    void generalStateTests() throws IOException, InterruptedException {
        Path suite = Fixtures.generalStateTests();
        StateTestReport report = StateTestRunner.withEvm().run(List.of(suite));

        List<String> summary = report.summaryLines();
        Path reportFile = writeReport(suite, report);
        System.out.println("GeneralStateTests (" + suite + "):");
        summary.forEach(line -> System.out.println("  " + line));
        report.failures().stream().limit(FAILURES_SHOWN).forEach(f -> System.out.println(f.line()));
        if (report.failures().size() > FAILURES_SHOWN) {
            System.out.println("... " + (report.failures().size() - FAILURES_SHOWN) + " more failures in " + reportFile);
        }

        List<Executable> checks = new ArrayList<>();
        List<VectorResult> unreadable =
                report.failures().stream().filter(f -> f.id().fork() == null).toList();
        checks.add(() -> assertEquals(List.of(), unreadable, "fixture files that could not be read"));
        for (Fork fork : Fork.values()) {
            ForkTally t = report.tally(fork);
            checks.add(() -> assertTrue(
                    t.total() > 0 && t.passRate() >= REQUIRED_PASS_RATE,
                    String.format(Locale.ROOT, "%s: %d passed, %d failed (%.2f%%, need %.1f%%); see %s",
                            fork.displayName(), t.passed(), t.failed(), 100 * t.passRate(),
                            100 * REQUIRED_PASS_RATE, reportFile)));
        }
        assertAll("GeneralStateTests pass rate per fork", checks);
    }

    private static Path writeReport(Path suite, StateTestReport report) throws IOException {
        Path target = Path.of(System.getProperty("basedir", ".")).resolve("target");
        Files.createDirectories(target);
        Path file = target.resolve("statetest-report.txt");
        List<String> lines = new ArrayList<>();
        lines.add("GeneralStateTests: " + suite);
        lines.addAll(report.summaryLines());
        lines.add("");
        report.failures().forEach(f -> lines.add(f.line()));
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file.toAbsolutePath();
    }
}
