package dev.multilane.node.statetest;

import dev.multilane.evm.Fork;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a run found: counts per fork (only forks that had vectors, in fork order) and every failure
 * in run order. A file that could not be read is a failure that belongs to no fork.
 */
public record StateTestReport(Map<Fork, ForkTally> tallies, List<VectorResult> failures) {

    public StateTestReport {
        tallies = Collections.unmodifiableMap(new EnumMap<>(tallies));
        failures = List.copyOf(failures);
    }

    public ForkTally tally(Fork fork) {
        return tallies.getOrDefault(fork, ForkTally.NONE);
    }

    public boolean allPassed() {
        return failures.isEmpty();
    }

    /** One {@code "Cancun: N passed, M failed"} line per fork that had vectors, in fork order. */
    public List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        tallies.forEach((fork, t) -> lines.add(fork.displayName() + ": " + t.passed() + " passed, " + t.failed() + " failed"));
        return lines;
    }
}
