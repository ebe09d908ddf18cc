package org.meanfield.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * What one {@code meanfield} invocation in this JVM printed and returned, for the tests of every
 * command.
 *
 * @param exit the exit code
 * @param out standard output
 * @param err standard error
 */
public record CliRun(int exit, String out, String err) {
    /** Runs {@code meanfield args} in this JVM. */
    public static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            exit = Main.execute(args, o, e);
        }
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** The non-blank lines of standard error. */
    public List<String> errLines() {
        return err.lines().filter(line -> !line.isBlank()).toList();
    }
}
