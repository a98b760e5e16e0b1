package dev.multilane.node.statetest;

/**
 * The verdict on one vector.
 *
 * @param failure why it failed, or null when it passed
 */
public record VectorResult(VectorId id, String failure) {

    public boolean passed() {
        return failure == null;
    }

    /** {@code PASS <id>} or {@code FAIL <id>: <reason>}, the runner's output format. */
    public String line() {
        return passed() ? "PASS " + id : "FAIL " + id + ": " + failure;
    }
}
