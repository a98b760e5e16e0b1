package dev.multilane.node;

import java.io.PrintStream;
import java.util.List;

/** {@code ./multilane dev}: a single-node development chain. Not built yet; says so plainly. */
final class DevCommand implements Command {

    @Override
    public String name() {
        return "dev";
    }

    @Override
    public String arguments() {
        return "";
    }

    @Override
    public String summary() {
        return "start a development node (not implemented yet)";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        err.println("multilane dev: the node is not implemented yet; only 'statetest' runs today.");
        return 1;
    }
}
