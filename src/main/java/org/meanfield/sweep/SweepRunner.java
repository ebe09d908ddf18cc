package org.meanfield.sweep;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.meanfield.folder.AtomicFiles;
import org.meanfield.folder.RunFolders;
import org.meanfield.run.StopSignal;

/**
 * Carries out a {@link SweepPlan}: each run to do is a {@code train} child JVM whose output goes
 * to its folder's train.log, {@code jobs} at a time; results.csv is rewritten after each. A failed
 * run does not stop the others. On a stop request no new run starts, the running ones are asked to
 * stop (SIGTERM; after Ctrl-C they have had SIGINT already, as they share the terminal's process
 * group) and are waited for: each checkpoints, and the same sweep resumes it.
 */
public final class SweepRunner {
    /** The sweep's table of finished runs, in its folder. */
    public static final String RESULTS = "results.csv";
    /** Each run's output, in its folder. */
    public static final String LOG = RunFolders.LOG;
    /** Exit statuses of a train JVM stopped by SIGINT or SIGTERM after its checkpoint. */
    private static final Set<Integer> STOPPED = Set.of(130, 143);
    /** How often the waiting thread looks for a stop request. */
    private static final long POLL_MILLIS = 100;

    /**
     * How a sweep ended.
     *
     * @param total runs in the plan
     * @param skipped runs complete before it started
     * @param done runs it completed
     * @param failed runs whose train failed
     * @param firstFailed the folder of the first failed run in spec order (null if none)
     * @param stopped whether it was stopped before every run ended
     */
    public record Outcome(int total, int skipped, int done, int failed, Path firstFailed, boolean stopped) {
    }

    /** A run's end: not started (the sweep was stopping), or its exit status and wall time. */
    private record Ended(int index, boolean started, int exit, Duration wall) {
    }

    private final SweepPlan plan;
    private final StopSignal stop;
    private final SweepProgress progress;
    private final ResultRow[] rows;
    /** Running children, with whether they have been asked to stop. */
    private final Map<Process, Boolean> live = new ConcurrentHashMap<>();

    SweepRunner(SweepPlan plan, StopSignal stop, SweepProgress progress) {
        this.plan = plan;
        this.stop = stop;
        this.progress = progress;
        this.rows = new ResultRow[plan.runs().size()];
    }

    /**
     * Runs {@code plan} with a progress display on {@code err} (none if {@code quiet}); {@code stop}
     * ends it early.
     */
    public static Outcome run(SweepPlan plan, StopSignal stop, java.io.PrintWriter err, boolean quiet)
            throws IOException {
        try (SweepProgress progress = new SweepProgress(err, quiet, plan.runs().size(),
                (int) plan.count(SweepPlan.Action.SKIP))) {
            return new SweepRunner(plan, stop, progress).run();
        }
    }

    Outcome run() throws IOException {
        Files.createDirectories(plan.folder());
        List<Integer> todo = new ArrayList<>();
        for (int k = 0; k < rows.length; k++) {
            SweepPlan.Run run = plan.runs().get(k);
            if (run.action() == SweepPlan.Action.SKIP) {
                rows[k] = ResultRow.of(run.folder(), run.point().run(), run.point().block());
            } else {
                todo.add(k);
            }
        }
        writeResults();
        ExecutorService pool = Executors.newFixedThreadPool(plan.jobs(), task -> {
            Thread thread = new Thread(task, "meanfield-sweep");
            thread.setDaemon(true);
            return thread;
        });
        int done = 0;
        int stopped = 0;
        try {
            CompletionService<Ended> ends = new ExecutorCompletionService<>(pool);
            for (int k : todo) {
                ends.submit(() -> execute(k)); // started in spec order, jobs at a time
            }
            for (int pending = todo.size(); pending > 0;) {
                Future<Ended> next;
                try {
                    next = ends.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.request();
                    next = null;
                }
                if (stop.requested()) {
                    forwardStop();
                }
                if (next == null) {
                    continue;
                }
                pending--;
                Ended end = result(next);
                if (!end.started()) {
                    stopped++;
                    continue;
                }
                SweepPlan.Run run = plan.runs().get(end.index());
                ResultRow row = null;
                if (end.exit() == 0 && Files.exists(run.folder().resolve(RunFolders.SUMMARY))) {
                    row = ResultRow.of(run.folder(), run.point().run(), run.point().block());
                    done++;
                } else if (stop.requested() && STOPPED.contains(end.exit())) {
                    stopped++;
                } else {
                    row = ResultRow.of(run.config(), null, run.point().run(), run.point().block());
                }
                rows[end.index()] = row;
                writeResults();
                progress.ended(run, row, end.exit(), end.wall());
            }
        } finally {
            pool.shutdownNow();
        }
        int failed = 0;
        Path firstFailed = null;
        for (int k = 0; k < rows.length; k++) {
            if (rows[k] != null && !rows[k].done()) {
                failed++;
                firstFailed = firstFailed == null ? plan.runs().get(k).folder() : firstFailed;
            }
        }
        int skipped = rows.length - todo.size();
        return new Outcome(rows.length, skipped, done, failed, firstFailed, stopped > 0);
    }

    private static Ended result(Future<Ended> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e); // not reached: the future is done
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Runs one train child to its end, unless the sweep is stopping. */
    private Ended execute(int index) throws IOException {
        SweepPlan.Run run = plan.runs().get(index);
        if (stop.requested()) {
            return new Ended(index, false, 0, Duration.ZERO);
        }
        Path folder = run.folder();
        Files.createDirectories(folder);
        List<String> args = new ArrayList<>(List.of("train"));
        if (run.action() == SweepPlan.Action.RESUME) {
            args.addAll(List.of("--resume", folder.toString()));
            args.addAll(run.resumeArgs());
            args.addAll(List.of("--threads", Integer.toString(plan.threads()), "--quiet"));
        } else {
            args.addAll(List.of("--out", folder.toString(), "--quiet", "--threads", Integer.toString(plan.threads())));
            args.addAll(run.point().trainArgs(run.config().table()));
        }
        List<String> command = ChildJvm.command(args);
        Path log = folder.resolve(LOG);
        // A fresh run starts a fresh log; a resumed one appends to its log.
        Files.writeString(log, "meanfield sweep: " + String.join(" ", command) + System.lineSeparator(),
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                run.action() == SweepPlan.Action.RESUME ? StandardOpenOption.APPEND
                        : StandardOpenOption.TRUNCATE_EXISTING);
        long start = System.nanoTime();
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()));
            // The child checkpoints and ends when this JVM ends, even by SIGKILL.
            builder.environment().put(StopSignal.PARENT_ENV, Long.toString(ProcessHandle.current().pid()));
            process = builder.start();
        } catch (IOException e) {
            Files.writeString(log, "meanfield sweep: cannot start the train JVM: " + e + System.lineSeparator(),
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            return new Ended(index, true, -1, Duration.ZERO);
        }
        process.getOutputStream().close(); // train reads no input
        live.put(process, false);
        if (stop.requested()) {
            forwardStop(); // the stop came while it started
        }
        int exit;
        while (true) {
            try {
                exit = process.waitFor();
                break;
            } catch (InterruptedException e) {
                // Only shutdownNow interrupts, when the sweep is failing: the run must not outlive it.
                live.put(process, true);
                process.destroy();
            }
        }
        live.remove(process);
        return new Ended(index, true, exit, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Asks every running child that has not been asked yet to checkpoint and stop (SIGTERM). */
    private void forwardStop() {
        for (Process process : live.keySet()) {
            if (live.replace(process, false, true)) {
                process.destroy();
            }
        }
    }

    /** Rewrites results.csv with a row for every run that has ended, completed or failed, in spec order. */
    private void writeResults() throws IOException {
        List<ResultRow> ended = new ArrayList<>();
        for (ResultRow row : rows) {
            if (row != null) {
                ended.add(row);
            }
        }
        AtomicFiles.write(plan.folder().resolve(RESULTS), ResultRow.toCsv(ended).getBytes(StandardCharsets.UTF_8));
    }
}
