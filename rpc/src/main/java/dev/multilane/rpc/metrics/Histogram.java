package dev.multilane.rpc.metrics;

/**
 * A Prometheus histogram of seconds with fixed cumulative buckets. Observed once per block, so a
 * lock is cheaper to reason about than striped adders; rendering takes the same lock and so sees a
 * consistent count, sum and buckets.
 */
final class Histogram {
    /** From half a millisecond to ten seconds: dev blocks take milliseconds, big bench blocks seconds. */
    static final double[] SECONDS_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1,
        2.5, 5, 10};

    private final double[] bounds;
    private final long[] counts;
    private long count;
    private double sum;

    Histogram(double[] bounds) {
        this.bounds = bounds.clone();
        this.counts = new long[bounds.length];
    }

    synchronized void observe(double value) {
        for (int i = 0; i < bounds.length; i++) {
            if (value <= bounds[i]) {
                counts[i]++;
            }
        }
        count++;
        sum += value;
    }

    /** Writes the _bucket, _sum and _count samples; {@code labels} is null or {@code k="v"} pairs. */
    synchronized void write(Exposition out, String name, String labels) {
        String prefix = labels == null ? "" : labels + ",";
        for (int i = 0; i < bounds.length; i++) {
            out.sample(name + "_bucket", prefix + "le=\"" + Exposition.number(bounds[i]) + "\"", counts[i]);
        }
        out.sample(name + "_bucket", prefix + "le=\"+Inf\"", count);
        out.sample(name + "_sum", labels, sum);
        out.sample(name + "_count", labels, count);
    }
}
