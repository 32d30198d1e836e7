package dstcow.tools;

import dstcow.tools.cli.CheckCommand;
import dstcow.tools.cli.DiffCommand;
import dstcow.tools.cli.LayoutCommand;
import dstcow.tools.cli.RunCommand;
import dstcow.tools.cli.SimCommand;
import dstcow.tools.cli.CompareCommand;
import dstcow.tools.cli.BenchCommand;
import dstcow.tools.cli.ReportCommand;
import dstcow.tools.cli.TourCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * {@code dstcow}: see, check and measure Linux commit 62fa8a846d7d ("net: Implement read-only
 * protection and COW'ing of metrics") without building a kernel.
 */
@Command(name = "dstcow", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"See, check and measure Linux commit 62fa8a846d7d (dst metrics COW) on every ABI."},
        subcommands = {TourCommand.class, LayoutCommand.class, CheckCommand.class, DiffCommand.class, RunCommand.class, SimCommand.class,
                ReportCommand.class, CompareCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code for bad input (unknown struct, ABI, option ...). */
    public static final int EXIT_USAGE = 2;
    /** Exit code for an unexpected internal failure. */
    public static final int EXIT_INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with the given streams; returns the exit code. Tests call this. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof IllegalArgumentException) {
                commandLine.getErr().println(prefix(commandLine, cl) + ex.getMessage());
                return EXIT_USAGE;
            }
            commandLine.getErr().println(prefix(commandLine, cl) + "internal error: " + ex);
            if (System.getenv("DSTCOW_DEBUG") != null) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("(set DSTCOW_DEBUG=1 to see the stack trace)");
            }
            return EXIT_INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println((c == cl ? "dstcow" : "dstcow " + c.getCommandName()) + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.getErr().println("Try 'dstcow " + (c == cl ? "" : c.getCommandName() + " ") + "--help'.");
            return EXIT_USAGE;
        });
        return cl.execute(args);
    }

    private static String prefix(CommandLine c, CommandLine root) {
        return (c == root ? "dstcow" : "dstcow " + c.getCommandName()) + ": ";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"dstcow " + (v == null ? "dev" : v) + " (Linux 62fa8a846d7d), JDK " + Runtime.version()};
        }
    }
}
