package dev.multilane.rpc.metrics;

/**
 * Builds the Prometheus text exposition format, version 0.0.4: a HELP and a TYPE line per metric
 * family, then one {@code name{labels} value} line per sample.
 */
final class Exposition {
    private final StringBuilder out = new StringBuilder(4096);

    /** Starts a family; {@code type} is counter, gauge or histogram. */
    Exposition family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n"))
                .append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} is null or already formatted {@code k="v"} pairs. */
    Exposition sample(String name, String labels, double value) {
        out.append(name);
        if (labels != null && !labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** A single-sample family. */
    Exposition single(String name, String type, String help, double value) {
        return family(name, type, help).sample(name, null, value);
    }

    /** {@code key="value"} with the value escaped as the format requires. */
    static String label(String key, String value) {
        return key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    /** Whole numbers without a fraction (counters read better), others as Java writes doubles (Go parses both). */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
