package org.meanfield.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.meanfield.folder.CheckpointException;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.FolderLock;
import org.meanfield.folder.MetricsTable;
import org.meanfield.folder.RunFolders;

/**
 * {@code sweep --status}: every run's {@link RunState} from its folder, whichever executor ran it (a
 * finished run that the spec lengthens counts as stopped), with how far it has come (a running run's
 * last metrics row, a stopped run's checkpoint),
 * then, for a SLURM sweep, squeue's view of its latest submission (a run whose task squeue shows
 * running on another node counts as running: its lock names a host this one cannot check).
 */
public final class SweepStatus {
    private SweepStatus() {
    }

    /** Prints the status of {@code plan}'s runs to {@code out} and returns the count of each state. */
    public static Map<RunState, Integer> print(SweepPlan plan, PrintWriter out) {
        List<SlurmJobs.Submission> submissions = SlurmJobs.read(plan.folder());
        List<SlurmJobs.Queued> queued = new ArrayList<>();
        Map<String, SlurmJobs.Queued> byRun = new HashMap<>();
        if (!submissions.isEmpty()) {
            SlurmJobs.Submission last = submissions.get(submissions.size() - 1);
            queued = SlurmJobs.queued(List.of(last.array(), last.collect()));
            Map<Integer, String> tasks = SlurmJobs.tasks(plan.folder());
            for (SlurmJobs.Queued job : queued) {
                if (job.id().startsWith(last.array() + "_") && tasks.containsKey(job.task())) {
                    byRun.put(tasks.get(job.task()), job);
                }
            }
        }
        Set<String> listedFailed = RunState.listedFailed(plan.folder());
        Map<RunState, Integer> counts = new EnumMap<>(RunState.class);
        for (SweepPlan.Run run : plan.runs()) {
            RunState state = RunState.of(run.folder(), listedFailed.contains(run.point().run()));
            // A finished run the spec lengthens has more to run, like a stopped one.
            if (state == RunState.DONE && run.action() == SweepPlan.Action.RESUME) {
                state = RunState.STOPPED;
            }
            SlurmJobs.Queued job = byRun.get(run.point().run());
            // A task squeue shows running on another node runs there: its folder's lock names that node.
            boolean elsewhere = job != null && "RUNNING".equals(job.state())
                    && (state == RunState.STOPPED || state == RunState.PENDING);
            if (elsewhere) {
                state = RunState.RUNNING;
            }
            String detail = detail(run.folder(), state, run.config().steps(), elsewhere ? job : null,
                    job != null && "PENDING".equals(job.state()));
            if (job != null) {
                detail = (detail.isEmpty() ? "" : detail + "; ") + "squeue: " + job.id() + " " + job.state();
            }
            counts.merge(state, 1, Integer::sum);
            out.printf(Locale.ROOT, "%-8s %s%s%n", state, run.point().run(), detail.isEmpty() ? "" : "  (" + detail + ")");
        }
        out.printf(Locale.ROOT, "%d runs in %s: %d done, %d running, %d stopped, %d failed, %d pending%n",
                plan.runs().size(), plan.folder(), counts.getOrDefault(RunState.DONE, 0),
                counts.getOrDefault(RunState.RUNNING, 0), counts.getOrDefault(RunState.STOPPED, 0),
                counts.getOrDefault(RunState.FAILED, 0), counts.getOrDefault(RunState.PENDING, 0));
        if (!submissions.isEmpty()) {
            SlurmJobs.Submission last = submissions.get(submissions.size() - 1);
            out.printf(Locale.ROOT, "SLURM: latest submission array job %s (%d tasks), collect job %s; squeue: %s%n",
                    last.array(), last.tasks(), last.collect(), queued.isEmpty() ? "none of them queued"
                            : queued.size() + " queued or running");
            for (SlurmJobs.Queued job : queued) {
                out.printf(Locale.ROOT, "  %-12s %-10s %-10s %s%n", job.id(), job.state(), job.time(), job.reason());
            }
        }
        return counts;
    }

    /**
     * What the status line says of a run besides its state: who writes it ({@code runningTask}, the
     * SLURM task running it on another node, else its folder's lock) and how far it has come, what
     * failed, or where a stopped run resumes ({@code queued}: its task is queued again).
     */
    private static String detail(Path folder, RunState state, long steps, SlurmJobs.Queued runningTask,
            boolean queued) {
        switch (state) {
            case RUNNING:
                String writer = runningTask != null ? "SLURM task " + runningTask.id() + " on " + runningTask.reason()
                        : FolderLock.writer(folder).orElse("");
                String row = metricsAt(folder, steps).orElse("");
                return writer.isEmpty() || row.isEmpty() ? writer + row : writer + "; " + row;
            case FAILED:
                Path failure = folder.resolve(RunFolders.FAILURE);
                try {
                    if (Files.exists(failure)) {
                        return Files.readString(failure, StandardCharsets.UTF_8).strip();
                    }
                } catch (IOException e) {
                    // fall through to the log
                }
                return "see " + folder.resolve(RunFolders.LOG);
            case STOPPED:
                String how = Files.exists(folder.resolve(RunFolders.SUMMARY))
                        ? ", finished at its old length: the same sweep command extends it"
                        : queued ? ", no summary; its task is queued again (requeued): it resumes when it starts"
                        : ", no summary: the same sweep command resumes it";
                return checkpointAt(folder, steps) + how;
            default:
                return "";
        }
    }

    /** "step S of N (P %)": how far a run has come. */
    private static String progress(long step, long steps) {
        return String.format(Locale.ROOT, "step %d of %d (%.0f %%)", step, steps, 100.0 * step / steps);
    }

    /** "metrics at step S of N (P %)" from the last row of the run's metrics.csv, if it has one. */
    private static Optional<String> metricsAt(Path folder, long steps) {
        Path metrics = folder.resolve(RunFolders.METRICS);
        try {
            long[] step = Files.exists(metrics) ? MetricsTable.read(metrics).step() : new long[0];
            return step.length == 0 ? Optional.empty() : Optional.of("metrics at " + progress(step[step.length - 1], steps));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a file being replaced, or not yet begun: the status goes without it
        }
    }

    /** "checkpoint at step S of N (P %)", or "checkpoint" where the checkpoint cannot be read. */
    private static String checkpointAt(Path folder, long steps) {
        try {
            return "checkpoint at " + progress(CheckpointFormat.read(folder.resolve(RunFolders.CHECKPOINT)).step(), steps);
        } catch (CheckpointException e) {
            return "checkpoint";
        }
    }
}
