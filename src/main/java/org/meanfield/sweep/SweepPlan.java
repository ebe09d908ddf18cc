package org.meanfield.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.meanfield.config.Params;
import org.meanfield.config.Phases;
import org.meanfield.config.RunConfig;
import org.meanfield.folder.ConfigFile;
import org.meanfield.folder.RunFolders;

/**
 * What a sweep will do: every point's run config, checked, and whether its folder makes it a fresh
 * run, a resumed one or one to skip. Building it reads only; it fails on the first bad point or
 * folder, so that nothing runs.
 *
 * @param folder the sweep folder
 * @param threads threads per run
 * @param jobs runs at once
 * @param runs the runs, in spec order
 */
public record SweepPlan(Path folder, int threads, int jobs, List<Run> runs) {

    /** What happens to a point. */
    public enum Action {
        /** No run in its folder yet: a fresh {@code train --out}. */
        RUN,
        /** A run without summary.json, or one the spec lengthens: {@code train --resume --steps N}. */
        RESUME,
        /** A complete run of the same config. */
        SKIP;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A point with its config and what happens to it.
     *
     * @param point the spec point
     * @param config its run config (with the sweep's threads)
     * @param folder its run folder
     * @param action run, resume or skip
     */
    public record Run(SweepPoint point, RunConfig config, Path folder, Action action) {
        /**
         * The options of {@code train --resume} that say how far the run goes: its length and, for a
         * run in phases, its phases (the run's own, or with more after them: {@link #action} checked).
         */
        public List<String> resumeArgs() {
            List<String> args = new ArrayList<>(List.of("--steps", Long.toString(config.steps())));
            Phases phases = config.get(Params.PHASES);
            if (!phases.isEmpty()) {
                args.addAll(List.of("--phase", phases.toString()));
            }
            return args;
        }
    }

    /** Files a run writes; without config.json they are what is left of a run whose config was removed. */
    private static final List<String> RUN_FILES = List.of(RunFolders.METRICS, RunFolders.CHECKPOINT,
            RunFolders.SUMMARY);

    /**
     * Plans {@code points} in {@code folder}.
     *
     * @param spec the spec file, for messages
     * @throws IllegalArgumentException one line naming the point or folder at fault
     */
    public static SweepPlan of(Path spec, Path folder, List<SweepPoint> points, int threads, int jobs) {
        if (threads < 1 || threads > 4096) {
            throw new IllegalArgumentException("--threads must be in [1, 4096], got " + threads);
        }
        if (jobs < 1) {
            throw new IllegalArgumentException("--jobs must be >= 1, got " + jobs);
        }
        List<Run> runs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (SweepPoint point : points) {
            if (!names.add(point.run())) {
                throw new IllegalArgumentException("sweep spec " + spec + ": two points of block '" + point.block()
                        + "' have the folder name " + point.name());
            }
            RunConfig config;
            try {
                config = point.config(Params.RUN, threads);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("sweep spec " + spec + ": block '" + point.block() + "', point "
                        + point.name() + ": " + e.getMessage());
            }
            Path runFolder = folder.resolve(point.block()).resolve(point.name());
            runs.add(new Run(point, config, runFolder, action(runFolder, config)));
        }
        return new SweepPlan(folder, threads, jobs, List.copyOf(runs));
    }

    /** How many runs take {@code action}. */
    public long count(Action action) {
        return runs.stream().filter(run -> run.action() == action).count();
    }

    private static Action action(Path folder, RunConfig config) {
        if (!Files.exists(folder.resolve(RunFolders.CONFIG))) {
            for (String file : RUN_FILES) {
                if (Files.exists(folder.resolve(file))) {
                    throw new IllegalArgumentException("run folder " + folder + " holds " + file + " but no "
                            + RunFolders.CONFIG + "; remove the folder to run it again");
                }
            }
            return Action.RUN;
        }
        RunConfig stored = ConfigFile.read(folder, "run folder " + folder);
        // A spec may append phases to the run's: it goes on into them from the end of the run's last.
        Phases storedPhases = stored.get(Params.PHASES);
        boolean appends = config.get(Params.PHASES).appendsTo(storedPhases);
        String difference = stored.firstDifferenceBesidesLength(config.asBefore(storedPhases), "in its "
                + RunFolders.CONFIG, "in the spec");
        if (difference != null) {
            throw new IllegalArgumentException("run folder " + folder + " holds a run with another config ("
                    + difference + "): the spec was changed; restore it, or move the folder away to run the new one");
        }
        long end = appends ? config.schedule().phases().get(storedPhases.runCount() - 1).end() : config.steps();
        if (stored.steps() > end) {
            throw new IllegalArgumentException("run folder " + folder + " holds a run of " + stored.steps()
                    + " steps, longer than the spec's " + end + (appends ? " for its phases" : "")
                    + ": a run can be extended, not shortened");
        }
        // A longer spec extends a finished run: it resumes to the new length.
        return Files.exists(folder.resolve(RunFolders.SUMMARY)) && stored.steps() == config.steps() ? Action.SKIP
                : Action.RESUME;
    }
}
