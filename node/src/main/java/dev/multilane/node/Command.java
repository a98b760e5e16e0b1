package dev.multilane.node;

import java.io.PrintStream;
import java.util.List;

/**
 * One {@code ./multilane} subcommand. Results go to {@code out} (stdout, kept scriptable) and
 * diagnostics to {@code err}; the return value is the process exit code.
 */
public interface Command {

    /** The word that selects this command on the command line. */
    String name();

    /** The arguments the command takes, e.g. {@code "[--fork NAME] PATH..."}; empty for none. */
    String arguments();

    /** What the command does, in one line, for {@code ./multilane help}. */
    String summary();

    int run(List<String> args, PrintStream out, PrintStream err);
}
