package dev.multilane.node;

import dev.multilane.node.bench.BenchCommand;
import dev.multilane.node.replay.ReplayCommand;
import dev.multilane.node.statetest.StateTestCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ./multilane} entry point: picks a {@link Command} by its first argument. Adding a
 * command is one line in {@link #COMMANDS}.
 */
public final class Main {
    /** Exit code for a command line that cannot be understood. */
    public static final int USAGE_ERROR = 2;

    private static final List<Command> COMMANDS = List.of(new StateTestCommand(), new ReplayCommand(), new BenchCommand(),
            new DevCommand(), new NodeCommand(), new ImportCommand(), new dev.multilane.node.rpc.RpcConformanceCommand());

    private Main() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns its exit code, without exiting (for tests). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> byName = new LinkedHashMap<>();
        for (Command c : COMMANDS) {
            byName.put(c.name(), c);
        }
        if (args.length == 0) {
            usage(err);
            return USAGE_ERROR;
        }
        String name = args[0];
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            usage(out);
            return 0;
        }
        Command command = byName.get(name);
        if (command == null) {
            err.println("multilane: unknown command '" + name + "'");
            usage(err);
            return USAGE_ERROR;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        return command.run(rest, out, err);
    }

    private static void usage(PrintStream to) {
        to.println("usage: multilane <command> [arguments]");
        to.println();
        to.println("commands:");
        to.println("  help");
        to.println("      show this message");
        for (Command c : COMMANDS) {
            to.println(("  " + c.name() + " " + c.arguments()).stripTrailing());
            to.println("      " + c.summary());
        }
    }
}
