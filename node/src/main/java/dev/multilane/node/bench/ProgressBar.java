package dev.multilane.node.bench;

import dev.multilane.bench.defi.BlockBenchmark;
import java.io.PrintStream;

/**
 * A one-line progress bar on stderr, redrawn in place with a carriage return, so that stdout
 * holds only results.
 */
final class ProgressBar implements BlockBenchmark.Progress {
    private static final int WIDTH = 30;

    private final PrintStream err;
    private final String prefix;

    ProgressBar(PrintStream err, String prefix) {
        this.err = err;
        this.prefix = prefix;
    }

    @Override
    public void update(int done, int total, String next) {
        int filled = total == 0 ? WIDTH : done * WIDTH / total;
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        err.print("\r" + prefix + "[" + bar + "] " + done + "/" + total + " " + pad(next));
        if (done == total) {
            err.println();
        }
        err.flush();
    }

    /** Pads to a fixed width, so that a shorter label overwrites the end of a longer one. */
    private static String pad(String s) {
        return s.length() >= 24 ? s : s + " ".repeat(24 - s.length());
    }
}
