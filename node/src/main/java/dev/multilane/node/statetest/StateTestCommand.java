package dev.multilane.node.statetest;

import dev.multilane.evm.Fork;
import dev.multilane.node.Command;
import dev.multilane.node.Main;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./multilane statetest [--fork NAME] [--verbose] PATH...}: runs GeneralStateTests files
 * or folders and prints each failing vector, then one count line per fork. Exit 0 when every
 * vector passed, 1 when any failed, 2 on a bad command line.
 */
public final class StateTestCommand implements Command {

    @Override
    public String name() {
        return "statetest";
    }

    @Override
    public String arguments() {
        return "[--fork NAME] [--verbose] PATH...";
    }

    @Override
    public String summary() {
        return "run ethereum/tests GeneralStateTests JSON files or folders; --verbose also lists passes";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Fork fork = null;
        boolean verbose = false;
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--verbose", "-v" -> verbose = true;
                case "--fork" -> {
                    if (i + 1 >= args.size()) {
                        return usage(err, "--fork needs a fork name");
                    }
                    String name = args.get(++i);
                    fork = Fork.fromName(name);
                    if (fork == null) {
                        return usage(err, "fork '" + name + "' is not supported; supported: " + supportedForks());
                    }
                }
                default -> {
                    if (a.startsWith("-")) {
                        return usage(err, "unknown option " + a);
                    }
                    paths.add(Path.of(a));
                }
            }
        }
        if (paths.isEmpty()) {
            return usage(err, "no test files or folders given");
        }
        boolean printPasses = verbose;
        StateTestRunner runner =
                new StateTestRunner(TransactionExecutor.evm(), fork, Runtime.getRuntime().availableProcessors());
        StateTestReport report;
        try {
            report = runner.run(paths, r -> {
                if (!r.passed() || printPasses) {
                    out.println(r.line());
                }
            });
        } catch (NoSuchFileException e) {
            return usage(err, "no such file or folder: " + e.getFile());
        } catch (IOException e) {
            err.println("multilane statetest: " + e);
            return Main.USAGE_ERROR;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("multilane statetest: interrupted");
            return 1;
        }
        report.summaryLines().forEach(out::println);
        out.flush();
        return report.allPassed() ? 0 : 1;
    }

    private int usage(PrintStream err, String problem) {
        err.println("multilane statetest: " + problem);
        err.println("usage: multilane statetest " + arguments());
        return Main.USAGE_ERROR;
    }

    private static String supportedForks() {
        List<String> names = new ArrayList<>();
        for (Fork f : Fork.values()) {
            names.add(f.displayName());
        }
        return String.join(", ", names);
    }
}
