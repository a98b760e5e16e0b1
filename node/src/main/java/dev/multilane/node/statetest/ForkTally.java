package dev.multilane.node.statetest;

/** Vectors passed and failed under one fork. */
public record ForkTally(int passed, int failed) {
    public static final ForkTally NONE = new ForkTally(0, 0);

    public int total() {
        return passed + failed;
    }

    /** Fraction passed, in [0, 1]; zero when there were no vectors. */
    public double passRate() {
        return total() == 0 ? 0 : (double) passed / total();
    }

    ForkTally plus(ForkTally o) {
        return new ForkTally(passed + o.passed, failed + o.failed);
    }
}
