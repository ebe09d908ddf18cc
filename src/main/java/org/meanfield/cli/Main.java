package org.meanfield.cli;

import java.io.PrintWriter;

import org.meanfield.config.ParamType;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.KernelChoice;
import org.meanfield.folder.CheckpointException;
import org.meanfield.model.UnitKind;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code meanfield} command line: subcommands only, errors as one line and an exit code. */
@Command(name = "meanfield", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train one-hidden-layer networks as interacting particle systems (mean-field scaling).",
        subcommands = {TrainCommand.class, SweepCommand.class, ReportCommand.class, ExportCommand.class,
            BenchCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for a bad option or value. */
    public static final int USAGE = 2;
    /** Exit code for a run that could not complete (I/O, divergence, an unusable checkpoint). */
    public static final int FAILURE = 1;
    /**
     * Exit code for a run stopped on request after writing its checkpoint, as a shell reports
     * Ctrl-C; a JVM ended by SIGINT or SIGTERM exits with 130 or 143 whatever this says.
     */
    public static final int INTERRUPTED = 130;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int code = execute(args, out, err);
        // Autoflush covers println only; a table written with print would be lost at exit.
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command line and returns its exit code; never prints a stack trace for user errors. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setOut(out);
        cli.setErr(err);
        // Enums read as the run parameters read them: lower-case names in values and messages alike.
        cli.registerConverter(UnitKind.class, enumConverter(UnitKind.class));
        cli.registerConverter(DynamicsKind.class, enumConverter(DynamicsKind.class));
        cli.registerConverter(KernelChoice.class, enumConverter(KernelChoice.class));
        cli.setParameterExceptionHandler((ex, argv) -> {
            ex.getCommandLine().getErr().println("meanfield: " + printable(ex.getMessage()) + suggestion(ex)
                    + " (see 'meanfield " + commandName(ex.getCommandLine()) + "--help')");
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
        return cli.getParent() == null ? "" : cli.getCommandName() + " ";
    }

    /** "; did you mean train?" for a mistyped command or option that resembles one, else "". */
    private static String suggestion(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return "; did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?";
        }
        return "";
    }

    private static <E extends Enum<E>> CommandLine.ITypeConverter<E> enumConverter(Class<E> type) {
        ParamType<E> values = ParamType.of(type);
        return text -> {
            try {
                return values.parse(text);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    private static String oneLine(Throwable ex) {
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            message = ex.getClass().getSimpleName();
        } else if (!(ex instanceof IllegalArgumentException) && !(ex instanceof IllegalStateException)
                && !(ex instanceof org.meanfield.run.DivergenceException)
                && !(ex instanceof org.meanfield.folder.FolderBusyException)
                && !(ex instanceof org.meanfield.folder.FileWriteException)
                && !(ex instanceof org.meanfield.folder.CheckpointException)) {
            message = ex.getClass().getSimpleName() + ": " + message;
        }
        return printable(message);
    }

    /** One line without control characters: a value typed with a NUL or a newline cannot garble the error. */
    private static String printable(String message) {
        return message == null ? "" : message.replaceAll("\\p{Cntrl}", " ").strip();
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
