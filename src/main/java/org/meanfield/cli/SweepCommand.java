package org.meanfield.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.meanfield.folder.AtomicFiles;
import org.meanfield.folder.FolderLock;
import org.meanfield.folder.RunFolders;
import org.meanfield.report.Report;
import org.meanfield.run.StopSignal;
import org.meanfield.sweep.SweepPlan;
import org.meanfield.sweep.SweepPoint;
import org.meanfield.sweep.SweepRunner;
import org.meanfield.sweep.SweepSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code meanfield sweep}: the train runs of a spec file, each in a JVM of its own, then the report. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
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
            "Keys of base and grid, as train options: d (--dim), n (--particles), unit, alpha, dynamics, batch, "
                + "sample, dt, steps, time, temperature, seed, target_seed, sigma_c, eval_every, test_size, kernel.",
            "",
            "Every run is checked before any starts. A run folder with summary.json is skipped, one without is "
                + "resumed, so the same command continues a stopped or extended sweep; a folder whose config.json "
                + "differs from the spec is refused. Ctrl-C stops the runs after a checkpoint.",
            ""})
public final class SweepCommand implements Callable<Integer> {
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
        if (dryRun) {
            printPlan(plan, stdout);
            return 0;
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
