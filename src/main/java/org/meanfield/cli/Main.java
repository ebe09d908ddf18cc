package org.meanfield.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code meanfield} command line: subcommands only, errors as one line and an exit code. */
@Command(name = "meanfield", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train one-hidden-layer networks as interacting particle systems (mean-field scaling).",
        subcommands = {TrainCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for a bad option or value. */
    public static final int USAGE = 2;
    /** Exit code for a run that could not complete (I/O, divergence). */
    public static final int FAILURE = 1;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code; never prints a stack trace for user errors. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, argv) -> {
            ex.getCommandLine().getErr().println("meanfield: " + ex.getMessage()
                    + " (see 'meanfield " + commandName(ex.getCommandLine()) + " --help')");
            return USAGE;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("meanfield: " + oneLine(ex));
            return ex instanceof IllegalArgumentException ? USAGE : FAILURE;
        });
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("meanfield: out of memory (" + e.getMessage() + "); use fewer particles or points, "
                    + "or give the JVM more heap with MEANFIELD_JAVA_OPTS=-Xmx...");
            return FAILURE;
        }
    }

    private static String commandName(CommandLine cli) {
        return cli.getParent() == null ? "" : cli.getCommandName();
    }

    private static String oneLine(Throwable ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            message = ex.getClass().getSimpleName();
        } else if (!(ex instanceof IllegalArgumentException) && !(ex instanceof IllegalStateException)
                && !(ex instanceof org.meanfield.run.DivergenceException)) {
            message = ex.getClass().getSimpleName() + ": " + message;
        }
        return message.replace('\n', ' ');
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"meanfield " + (version == null ? "(development build)" : version),
                "JVM " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
