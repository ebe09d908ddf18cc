package org.meanfield.sweep;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * SLURM's client commands (sbatch, sinfo, squeue), run as processes with a time limit; what fails
 * becomes one line naming the command and what it said.
 */
public final class SlurmTools {
    /** How long a client command may take (an unreachable controller makes sinfo retry for seconds). */
    private static final long TIMEOUT_S = 60;

    /**
     * What a command printed and returned.
     *
     * @param exit its exit status
     * @param out standard output
     * @param err standard error
     */
    public record Result(int exit, String out, String err) {
        /** The first non-blank line of standard error, else of standard output. */
        String firstLine() {
            for (String text : List.of(err, out)) {
                Optional<String> line = text.lines().map(String::strip).filter(s -> !s.isEmpty()).findFirst();
                if (line.isPresent()) {
                    return line.get();
                }
            }
            return "no output";
        }
    }

    private SlurmTools() {
    }

    /** The executable {@code name} on the PATH, if there is one. */
    public static Optional<Path> onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Checks, writing nothing, that jobs can be submitted to {@code partition} (null: the default):
     * sbatch and sinfo on the PATH, the controller answering, the partition known to it.
     *
     * @throws IllegalStateException one line naming what failed
     */
    public static void requireCluster(String partition) {
        for (String tool : List.of("sbatch", "sinfo", "squeue")) {
            if (onPath(tool).isEmpty()) {
                throw new IllegalStateException("--executor slurm: " + tool + " is not on the PATH (is SLURM installed here?)");
            }
        }
        String conf = System.getenv("SLURM_CONF");
        if (conf != null && !conf.isEmpty() && !Files.isRegularFile(Path.of(conf))) {
            // SLURM's clients would retry for a minute before saying so.
            throw new IllegalStateException("--executor slurm: SLURM_CONF names " + conf + ", which is not a file");
        }
        List<String> sinfo = new ArrayList<>(List.of("sinfo", "--noheader", "--format=%P"));
        if (partition != null) {
            sinfo.add("--partition=" + partition);
        }
        Result result = run(sinfo, null);
        if (result.exit() != 0) {
            throw new IllegalStateException("--executor slurm: the SLURM controller cannot be reached (sinfo: "
                    + result.firstLine() + ")");
        }
        if (partition != null && result.out().isBlank()) {
            throw new IllegalStateException("--partition " + partition + ": no such partition on this cluster "
                    + "(sinfo lists none of that name)");
        }
        if (partition == null && result.out().isBlank()) {
            throw new IllegalStateException("--executor slurm: the cluster has no partition (sinfo lists none)");
        }
    }

    /**
     * Submits {@code script} with {@code args} (sbatch --parsable) and returns the job id.
     *
     * @throws IllegalStateException one line with sbatch's reason
     */
    public static String submit(List<String> args, Path script) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--parsable"));
        command.addAll(args);
        command.add(script.toString());
        Result result = run(command, null);
        if (result.exit() != 0) {
            throw new IllegalStateException("sbatch refused the job: " + result.firstLine());
        }
        String id = result.out().strip().split(";")[0];
        if (!id.matches("\\d+")) {
            throw new IllegalStateException("sbatch printed no job id (it printed: " + result.firstLine() + ")");
        }
        return id;
    }

    /**
     * Asks sbatch whether {@code script} with {@code args} would be accepted, submitting nothing
     * (sbatch --test-only, the script on standard input).
     *
     * @throws IllegalStateException one line with sbatch's reason
     */
    public static void testSubmit(List<String> args, String script) {
        List<String> command = new ArrayList<>(List.of("sbatch", "--test-only"));
        command.addAll(args);
        Result result = run(command, script);
        if (result.exit() != 0) {
            throw new IllegalStateException("sbatch would refuse the jobs: " + result.firstLine());
        }
    }

    /**
     * Runs {@code command} (standard input {@code input}, or none) to its end or the time limit.
     *
     * @throws IllegalStateException if it cannot be started or does not end in time
     */
    public static Result run(List<String> command, String input) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new IllegalStateException(command.get(0) + " cannot be started (" + e.getMessage() + ")");
        }
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The command did not read its input; its exit status says what went wrong.
        }
        try {
            if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " did not answer within " + TIMEOUT_S
                        + " s (is the SLURM controller reachable?)");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(command.get(0) + " was interrupted");
        }
    }

    private static String drain(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
