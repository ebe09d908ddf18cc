package org.meanfield.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.meanfield.folder.AtomicFiles;

/**
 * Submits a planned sweep to SLURM: one job array with a task per run that is not complete (see
 * {@link SbatchScript}), requeueable, and a collect job that runs {@code sweep --collect} once the
 * array has ended, however its tasks ended ({@code afterany}). Everything that can be checked is
 * checked before anything is written: the cluster ({@link SlurmTools#requireCluster}), that no
 * earlier submission of this folder is still queued, and the sbatch options ({@code --test-only}).
 */
public final class SlurmExecutor {
    private final SweepPlan plan;
    private final SlurmOptions options;
    /** The java command up to the main class, as the local executor starts a child. */
    private final List<String> java;
    /** The arguments of {@code meanfield} that collect this sweep (sweep SPEC --collect ...). */
    private final List<String> collectArgs;

    /**
     * A submission of {@code plan}.
     *
     * @param collectArgs the meanfield arguments of the collect step
     */
    public SlurmExecutor(SweepPlan plan, SlurmOptions options, List<String> collectArgs) {
        this.plan = plan;
        this.options = options;
        this.java = ChildJvm.command(List.of());
        this.collectArgs = List.copyOf(collectArgs);
    }

    /**
     * The runs to submit (those not complete), in spec order.
     */
    public List<SweepPlan.Run> pending() {
        return plan.runs().stream().filter(run -> run.action() != SweepPlan.Action.SKIP).toList();
    }

    /**
     * Checks the cluster and the options, submitting and writing nothing.
     *
     * @throws IllegalStateException one line naming what failed
     */
    public void check() {
        SlurmTools.requireCluster(options.partition());
        List<String> live = new ArrayList<>();
        for (SlurmJobs.Submission old : SlurmJobs.read(plan.folder())) {
            for (SlurmJobs.Queued job : SlurmJobs.queued(List.of(old.array(), old.collect()))) {
                live.add(job.id());
            }
        }
        if (!live.isEmpty()) {
            throw new IllegalStateException("sweep folder " + plan.folder() + " has jobs in the SLURM queue ("
                    + String.join(", ", live) + "); wait for them to end, or scancel them, before submitting again");
        }
        if (!pending().isEmpty()) {
            SlurmTools.testSubmit(arrayArgs(), SbatchScript.array(pending(), plan.threads(), java, "(test)"));
        }
    }

    /**
     * Writes the scripts into the sweep folder's {@value SlurmJobs#DIR}/ and submits them; the caller
     * holds the sweep folder's lock and has checked. Prints the job ids.
     *
     * @throws IllegalStateException one line if sbatch refuses a job
     */
    public SlurmJobs.Submission submit(PrintWriter out) throws IOException {
        List<SweepPlan.Run> runs = pending();
        Path dir = plan.folder().resolve(SlurmJobs.DIR);
        Files.createDirectories(dir);
        Path arrayScript = dir.resolve("array.sh");
        Path collectScript = dir.resolve("collect.sh");
        List<String> arrayArgs = arrayArgs();
        write(dir.resolve(SlurmJobs.TASKS), SbatchScript.tasks(runs));
        write(arrayScript, SbatchScript.array(runs, plan.threads(), java, sbatchLine(arrayArgs, arrayScript)));
        String array = SlurmTools.submit(arrayArgs, arrayScript);
        List<String> collectArgs = collectArgs(array);
        List<String> command = new ArrayList<>(java);
        command.addAll(this.collectArgs);
        write(collectScript, SbatchScript.collect(command, sbatchLine(collectArgs, collectScript)));
        String collect;
        try {
            collect = SlurmTools.submit(collectArgs, collectScript);
        } catch (IllegalStateException e) {
            SlurmJobs.append(plan.folder(), new SlurmJobs.Submission(array, "none", runs.size()));
            throw new IllegalStateException("array job " + array + " submitted, but the collect job not ("
                    + e.getMessage() + "); run 'meanfield sweep SPEC --collect' after the array");
        }
        SlurmJobs.Submission submission = new SlurmJobs.Submission(array, collect, runs.size());
        SlurmJobs.append(plan.folder(), submission);
        out.printf(Locale.ROOT, "submitted array job %s (%d task(s): %d to run, %d to resume; %d run(s) complete) "
                + "and collect job %s (afterany:%s)%n", array, runs.size(),
                runs.stream().filter(run -> run.action() == SweepPlan.Action.RUN).count(),
                runs.stream().filter(run -> run.action() == SweepPlan.Action.RESUME).count(),
                plan.runs().size() - runs.size(), collect, array);
        out.printf(Locale.ROOT, "scripts and SLURM's output in %s; each run's output in its train.log%n", dir);
        return submission;
    }

    private List<String> arrayArgs() {
        Path dir = plan.folder().toAbsolutePath().normalize().resolve(SlurmJobs.DIR);
        List<String> args = new ArrayList<>(List.of("--job-name=meanfield-sweep", "--array=0-" + (pending().size() - 1),
                "--cpus-per-task=" + options.cpusPerTask(), "--requeue", "--open-mode=append",
                "--output=" + dir.resolve("task-%A_%a.out")));
        args.addAll(options.common());
        return args;
    }

    private List<String> collectArgs(String array) {
        Path dir = plan.folder().toAbsolutePath().normalize().resolve(SlurmJobs.DIR);
        List<String> args = new ArrayList<>(List.of("--job-name=meanfield-collect", "--dependency=afterany:" + array,
                "--cpus-per-task=1", "--output=" + dir.resolve("collect-%j.out")));
        args.addAll(options.common());
        return args;
    }

    private static String sbatchLine(List<String> args, Path script) {
        List<String> words = new ArrayList<>(List.of("sbatch", "--parsable"));
        words.addAll(args);
        words.add(SbatchScript.absolute(script));
        return SbatchScript.words(words);
    }

    private static void write(Path file, String text) throws IOException {
        AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        if (file.toString().endsWith(".sh")) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // sbatch reads the script; it need not be executable
            }
        }
    }
}
