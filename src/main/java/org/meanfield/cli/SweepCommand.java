package org.meanfield.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.meanfield.folder.AtomicFiles;
import org.meanfield.folder.FolderLock;
import org.meanfield.folder.RunFolders;
import org.meanfield.report.Report;
import org.meanfield.run.StopSignal;
import org.meanfield.sweep.SlurmExecutor;
import org.meanfield.sweep.SlurmOptions;
import org.meanfield.sweep.SweepCollect;
import org.meanfield.sweep.SweepPlan;
import org.meanfield.sweep.SweepPoint;
import org.meanfield.sweep.SweepRunner;
import org.meanfield.sweep.SweepSpec;
import org.meanfield.sweep.SweepStatus;
import org.meanfield.config.Params;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code meanfield sweep}: the train runs of a spec file, each in a JVM of its own, then the report. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        modelTransformer = SweepCommand.SpecKeys.class,
        description = {"Run every point of a sweep spec as a 'train' run in a JVM of its own, a few at once, "
                + "into <sweep folder>/<block>/<key><value>-..., then write results.csv and the report.",
            "",
            "The spec is JSON:",
            "  {\"description\": \"...\", \"threads\": 1, \"jobs\": 2, \"report\": {\"min_n\": 32},",
            "   \"blocks\": [{\"name\": \"sgd-relu\", \"fit\": {\"min_n\": 64},",
            "                \"base\": {\"unit\": \"relu\", \"dynamics\": \"sgd\", \"dt\": 0.05, \"time\": 3000},",
            "                \"grid\": {\"d\": [5, 10, 25], \"n\": [16, 32, 64], \"seed\": [1, 2, 3]},",
            "                \"quick\": {\"base\": {\"time\": 1000}, \"grid\": {\"n\": [16, 64]}}}]}",
            "threads: threads per run (default 1); jobs: runs at once (default cores/threads); report.min_n: "
                + "smallest n the report's fits use (default all); a block's fit.min_n: the same for that block's "
                + "groups (with --quick too).",
            "A block's runs are the Cartesian product of its grid lists, in the order written (a key in base and "
                + "grid: grid wins); with --quick its quick entries replace base and grid ones, key by key.",
            SweepCommand.KEYS_LINE,
            "Batch and sample sizes may be expressions in n (\"batch\": \"n/5\"), so one base serves every n; "
                + "\"phases\" in base is a list of objects, e.g. [{\"steps\": 2000000, \"batch\": \"n/5\"}, "
                + "{\"steps\": 200000, \"batch\": \"(n/5)^2\"}] (see train --help).",
            "",
            "Every run is checked before any starts. A run folder with summary.json is skipped, one without is "
                + "resumed, so the same command continues a stopped or extended sweep; a folder whose config.json "
                + "differs from the spec is refused. Ctrl-C stops the runs after a checkpoint.",
            "",
            "On a SLURM cluster (--executor slurm; the sweep folder on a file system the nodes share, Java on the "
                + "nodes): the points are checked and planned as above, then one job array is submitted, a task per "
                + "run not complete (requeueable; each task runs train --out, or train --resume when its folder "
                + "already holds a run), and a job that runs 'sweep SPEC --collect' after the array (afterany). The "
                + "scripts, tasks.tsv and SLURM's output go to <sweep folder>/slurm/. SIGTERM (scancel, preemption, "
                + "the time limit) makes a run checkpoint; the same command submits what is not complete. A cluster "
                + "that cannot be reached, an unknown partition or options sbatch refuses end with one line, exit 1, "
                + "nothing submitted and nothing written. --status shows where every run stands.",
            ""})
public final class SweepCommand implements Callable<Integer> {
    /** The description line that {@link SpecKeys} replaces with the spec keys of the run parameters. */
    static final String KEYS_LINE = "Keys of base and grid: (the run parameters)";

    /** Lists the keys a spec may set, from the table of run parameters, when picocli builds the command. */
    static final class SpecKeys implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            List<String> keys = new ArrayList<>();
            Params.RUN.keyOptions().forEach((key, option) -> keys.add(option.equals("--" + key) ? key
                    : key + " (" + option + ")"));
            String line = "Keys of base and grid, as train options: " + String.join(", ", keys) + ".";
            String[] description = command.usageMessage().description().clone();
            for (int k = 0; k < description.length; k++) {
                if (description[k].equals(KEYS_LINE)) {
                    description[k] = line;
                }
            }
            command.usageMessage().description(description);
            return command;
        }
    }

    /** How long a shutdown waits for the runs to checkpoint (each train JVM waits up to 60 s itself). */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(90);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The sweep spec (JSON).")
    Path specFile;

    @Option(names = "--quick", description = "Use each block's quick entries; the default sweep folder is then "
            + "quick/ next to the spec.")
    boolean quick;

    @Option(names = {"-o", "--out"}, paramLabel = "FOLDER",
            description = "Sweep folder. Default: the spec's folder (its quick/ subfolder with --quick).")
    Path out;

    @Option(names = "--jobs", description = "Runs at once. Default: the spec's jobs, else cores / threads.")
    Integer jobs;

    @Option(names = "--threads", description = "Threads per run. Default: the spec's threads, else 1.")
    Integer threads;

    @Option(names = "--dry-run", description = "Print each run, its folder and whether it would run, resume or be "
            + "skipped; run nothing.")
    boolean dryRun;

    @Option(names = "--no-report", description = "Do not write the report at the end.")
    boolean noReport;

    @Option(names = {"-q", "--quiet"}, description = "No progress display.")
    boolean quiet;

    /** Where the runs run. */
    enum Executor { local, slurm }

    @Option(names = "--executor", paramLabel = "local|slurm", description = "local (default): the runs in child "
            + "JVMs on this machine, the command waiting for them. slurm: submit one SLURM job array (a task per run "
            + "not complete, requeueable) and a job that writes results.csv and the report after it (afterany); "
            + "print the job ids and exit. The sweep folder must be on a file system the nodes share.")
    Executor executor = Executor.local;

    @Option(names = "--partition", description = "slurm: the partition (default: the cluster's default).")
    String partition;

    @Option(names = "--time-limit", paramLabel = "TIME", description = "slurm: each task's time limit, as sbatch "
            + "--time reads it (e.g. 30, 2:00:00, 1-0). At the limit SLURM's SIGTERM makes the run checkpoint; "
            + "the same command resubmits it to resume.")
    String timeLimit;

    @Option(names = "--cpus-per-task", paramLabel = "N", description = "slurm: CPUs per task. Default: the threads "
            + "per run.")
    Integer cpusPerTask;

    @Option(names = "--mem", paramLabel = "SIZE", description = "slurm: memory per task's node, as sbatch --mem "
            + "reads it (e.g. 4G).")
    String memory;

    @Option(names = "--sbatch-arg", paramLabel = "ARG", description = "slurm: a further sbatch argument for every "
            + "job of the sweep, e.g. --sbatch-arg=--account=proj (repeatable).")
    List<String> sbatchArgs = new java.util.ArrayList<>();

    @Option(names = "--collect", description = "Rebuild results.csv from the run folders (complete and failed runs) "
            + "and write the report; run nothing. The SLURM collect job runs this.")
    boolean collect;

    @Option(names = "--status", description = "List each run as done, running, stopped, failed or pending, from the "
            + "run folders (either executor), with how far a running run's metrics and a stopped run's checkpoint "
            + "have come (a finished run that a longer spec extends counts as stopped), and squeue's view of a "
            + "SLURM sweep's jobs; run nothing.")
    boolean status;

    @Override
    @SuppressWarnings("try") // the shutdown hook is only installed and removed around the runs
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        SweepSpec sweep = SweepSpec.read(specFile);
        int perRun = threads != null ? threads : sweep.threads() != null ? sweep.threads() : 1;
        int atOnce = jobs != null ? jobs : sweep.jobs() != null ? sweep.jobs()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, perRun));
        Path folder = out != null ? out : quick ? specFolder().resolve(SweepSpec.QUICK) : specFolder();
        List<SweepPoint> points;
        try {
            points = SweepPoint.of(sweep, quick);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sweep spec " + specFile + ": " + e.getMessage());
        }
        SweepPlan plan = SweepPlan.of(specFile, folder, points, perRun, atOnce);
        if ((status ? 1 : 0) + (collect ? 1 : 0) + (dryRun ? 1 : 0) > 1) {
            throw new IllegalArgumentException("--status, --collect and --dry-run exclude each other");
        }
        if (executor != Executor.slurm) {
            String slurmOnly = partition != null ? "--partition" : timeLimit != null ? "--time-limit"
                    : cpusPerTask != null ? "--cpus-per-task" : memory != null ? "--mem"
                    : !sbatchArgs.isEmpty() ? "--sbatch-arg" : null;
            if (slurmOnly != null) {
                throw new IllegalArgumentException(slurmOnly + " applies to --executor slurm only");
            }
        }
        if (cpusPerTask != null && cpusPerTask < 1) {
            throw new IllegalArgumentException("--cpus-per-task must be >= 1, got " + cpusPerTask);
        }
        if (status) {
            SweepStatus.print(plan, stdout);
            return 0;
        }
        if (collect) {
            return collect(plan, stdout, stderr);
        }
        if (dryRun) {
            printPlan(plan, stdout);
            return 0;
        }
        if (executor == Executor.slurm) {
            return submit(plan, perRun, stdout, stderr);
        }
        try (FolderLock lock = RunFolders.claimSweep(folder, specFile, "--out")) {
            copySpec(folder);
            if (!quiet) {
                stderr.printf(Locale.ROOT, "meanfield: sweep of %d runs in %s: %d to run, %d to resume, %d done; "
                        + "%d at once, %d thread(s) each%n", plan.runs().size(), folder, plan.count(SweepPlan.Action.RUN),
                        plan.count(SweepPlan.Action.RESUME), plan.count(SweepPlan.Action.SKIP), atOnce, perRun);
            }
            StopSignal stop = new StopSignal();
            SweepRunner.Outcome outcome;
            try (StopSignal.ShutdownHook hook = stop.onShutdown(SHUTDOWN_GRACE)) {
                outcome = SweepRunner.run(plan, stop, stderr, quiet);
                if (outcome.stopped()) {
                    // Reported before the hook is released: once it is, a shutting-down JVM exits.
                    stderr.printf(Locale.ROOT, "meanfield: sweep stopped with %d of %d runs complete; the same command resumes it%n",
                            outcome.skipped() + outcome.done(), outcome.total());
                    stderr.flush();
                    return Main.INTERRUPTED;
                }
            }
            Path results = folder.resolve(SweepRunner.RESULTS);
            stdout.printf(Locale.ROOT, "%d of %d runs complete (%d this time, %d skipped); results %s%n",
                    outcome.total() - outcome.failed(), outcome.total(), outcome.done(), outcome.skipped(), results);
            // A failed (diverged) run is an outcome too: the report lists it beside the others.
            if (!noReport) {
                // The report reads the fit ranges (report.min_n, each block's fit.min_n) from the spec's copy.
                Report.Result report = Report.write(folder);
                stdout.println("report: wrote " + report.html() + (report.notes().isEmpty() ? ""
                        : " (" + report.notes().size() + " file(s) could not be used; listed on the page)"));
                report.lines().forEach(line -> stdout.println("  " + line));
            }
            if (outcome.failed() > 0) {
                stderr.println("meanfield: " + outcome.failed() + " of " + outcome.total() + " runs failed; see "
                        + outcome.firstFailed().resolve(SweepRunner.LOG));
                return Main.FAILURE;
            }
            return 0;
        }
    }

    /** --executor slurm: checks, then writes the scripts and submits the array and the collect job. */
    private int submit(SweepPlan plan, int perRun, PrintWriter stdout, PrintWriter stderr) throws IOException {
        Path folder = plan.folder().toAbsolutePath().normalize();
        List<String> collectArgs = new java.util.ArrayList<>(List.of("sweep",
                folder.resolve(RunFolders.SWEEP_SPEC).toString(), "--collect", "--out", folder.toString(),
                "--threads", Integer.toString(perRun), "--quiet"));
        if (quick) {
            collectArgs.add("--quick");
        }
        if (noReport) {
            collectArgs.add("--no-report");
        }
        SlurmOptions options = new SlurmOptions(partition, timeLimit, cpusPerTask != null ? cpusPerTask : perRun,
                memory, sbatchArgs);
        SlurmExecutor slurm = new SlurmExecutor(plan, options, collectArgs);
        if (slurm.pending().isEmpty()) {
            stdout.printf(Locale.ROOT, "all %d runs complete; nothing submitted%n", plan.runs().size());
            return collect(plan, stdout, stderr);
        }
        slurm.check(); // the cluster, the queue, the options: before anything is written
        try (FolderLock lock = RunFolders.claimSweep(plan.folder(), specFile, "--out")) {
            copySpec(plan.folder());
            slurm.submit(stdout);
        }
        stdout.println("follow it with: meanfield sweep " + specFile + (quick ? " --quick" : "")
                + (out != null ? " --out " + out : "") + " --status");
        return 0;
    }

    /** --collect: results.csv from the run folders, then the report. */
    private int collect(SweepPlan plan, PrintWriter stdout, PrintWriter stderr) throws IOException {
        try (FolderLock lock = RunFolders.claimSweep(plan.folder(), specFile, "--out")) {
            copySpec(plan.folder());
            SweepCollect.Collected collected = SweepCollect.write(plan);
            int total = plan.runs().size();
            stdout.printf(Locale.ROOT, "%d of %d runs complete, %d failed, %d not finished; results %s%n",
                    collected.done(), total, collected.failed(), collected.unfinished(total),
                    plan.folder().resolve(SweepRunner.RESULTS));
            if (!noReport) {
                Report.Result report = Report.write(plan.folder());
                stdout.println("report: wrote " + report.html() + (report.notes().isEmpty() ? ""
                        : " (" + report.notes().size() + " file(s) could not be used; listed on the page)"));
                report.lines().forEach(line -> stdout.println("  " + line));
            }
            if (collected.failed() > 0) {
                stderr.println("meanfield: " + collected.failed() + " of " + total + " runs failed; see "
                        + SweepCollect.log(collected.firstFailed()));
                return Main.FAILURE;
            }
            return 0;
        }
    }

    /** The folder holding the spec file. */
    private Path specFolder() {
        return specFile.getParent() != null ? specFile.getParent() : Path.of(".");
    }

    /** Keeps a copy of the spec in the sweep folder as sweep.json. */
    private void copySpec(Path folder) throws IOException {
        Path copy = folder.resolve(RunFolders.SWEEP_SPEC);
        byte[] bytes = Files.readAllBytes(specFile);
        boolean kept = Files.exists(copy)
                && (Files.isSameFile(copy, specFile) || Arrays.equals(bytes, Files.readAllBytes(copy)));
        if (!kept) {
            AtomicFiles.write(copy, bytes);
        }
    }

    private static void printPlan(SweepPlan plan, PrintWriter out) {
        out.printf(Locale.ROOT, "sweep folder %s: %d runs, %d at once, %d thread(s) each%n", plan.folder(),
                plan.runs().size(), plan.jobs(), plan.threads());
        for (SweepPlan.Run run : plan.runs()) {
            out.printf(Locale.ROOT, "%-7s %s  %s%n", run.action(), run.folder(), String.join(" ", run.point().trainArgs(run.config().table())));
        }
        out.printf(Locale.ROOT, "%d to run, %d to resume, %d to skip (complete)%n", plan.count(SweepPlan.Action.RUN),
                plan.count(SweepPlan.Action.RESUME), plan.count(SweepPlan.Action.SKIP));
    }
}
