package org.meanfield.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A run's phases resolved: for each, its steps [start, start + steps) and the run's config with the
 * phase's own values ({@link Phases}). A run without phases is one phase; a noise stop
 * ({@link Params#NOISE_STOP}) is two, the second at temperature 0, so that the dynamics knows one
 * mechanism. Mean-field time goes on across phases: within a stretch of phases with the same dt it
 * is {@code t0 + (step - s0) dt} from the stretch's start, so a run of one dt has t = step * dt
 * exactly, as before phases existed.
 */
public final class Schedule {
    /**
     * One phase, resolved.
     *
     * @param index its number, from 0
     * @param start the first step it performs
     * @param steps how many it performs (0 for an empty one)
     * @param config the run's config with this phase's values
     * @param originStep the first step of its stretch of equal dt
     * @param originTime mean-field time at {@code originStep}
     */
    public record Phase(int index, long start, long steps, RunConfig config, long originStep, double originTime) {
        /** The step after its last. */
        public long end() {
            return start + steps;
        }

        /** Mean-field time after {@code step} steps of the run, a step of this phase or its end. */
        public double timeAt(long step) {
            return originTime + (step - originStep) * config.dt();
        }
    }

    private final List<Phase> phases;

    private Schedule(List<Phase> phases) {
        this.phases = List.copyOf(phases);
    }

    /** The schedule of {@code config} (a valid one; an invalid one gives the phases as far as they can be read). */
    public static Schedule of(RunConfig config) {
        List<RunConfig> configs = new ArrayList<>();
        List<Long> lengths = new ArrayList<>();
        Phases given = config.get(Params.PHASES);
        if (given.isEmpty()) {
            configs.add(config);
            if (config.get(Params.NOISE_STOP) != 0) {
                // Always two phases, the second maybe empty: extending the run lengthens the quiet one.
                lengths.add(Math.min(noiseSteps(config), Math.max(0, config.steps())));
                configs.add(config.with(Params.TEMPERATURE, 0.0));
            }
        } else {
            for (Map<String, String> phase : given.list()) {
                RunConfig own = config;
                for (Map.Entry<String, String> field : phase.entrySet()) {
                    Param<?> param = Phases.phasedParam(field.getKey());
                    if (param != null) {
                        own = withText(own, param, field.getValue());
                    }
                }
                configs.add(own);
            }
            for (int k = 0; k < configs.size() - 1; k++) {
                lengths.add(length(given.list().get(k), configs.get(k)));
            }
        }
        long used = lengths.stream().mapToLong(Long::longValue).sum();
        lengths.add(config.steps() - used);
        List<Phase> phases = new ArrayList<>();
        long start = 0;
        for (int k = 0; k < configs.size(); k++) {
            RunConfig own = configs.get(k);
            long originStep = start;
            double originTime = 0;
            if (k > 0) {
                Phase before = phases.get(k - 1);
                boolean sameDt = Double.doubleToLongBits(before.config().dt()) == Double.doubleToLongBits(own.dt());
                originStep = sameDt ? before.originStep() : start;
                originTime = sameDt ? before.originTime() : before.timeAt(start);
            }
            phases.add(new Phase(k, start, lengths.get(k), own, originStep, originTime));
            start += lengths.get(k);
        }
        return new Schedule(phases);
    }

    private static <T> RunConfig withText(RunConfig config, Param<T> param, String text) {
        return config.with(param, param.type().parse(text));
    }

    /** The steps [0, noiseSteps) that get the run's Langevin noise before it stops. */
    private static long noiseSteps(RunConfig config) {
        return !(config.dt() > 0) ? 0 : Math.round(config.get(Params.NOISE_STOP) / config.dt());
    }

    /** A phase's own length: its steps, or its time over its dt. */
    private static long length(Map<String, String> phase, RunConfig own) {
        String steps = phase.get(Params.STEPS.key());
        if (steps != null) {
            return Long.parseLong(steps);
        }
        String time = phase.get(Phases.TIME);
        return time == null ? -1 : Params.steps(Double.parseDouble(time), own.dt());
    }

    public List<Phase> phases() {
        return phases;
    }

    /** The phase that performs step {@code step} (counted from 0); the last one from the run's end on. */
    public Phase at(long step) {
        for (int k = 0; k < phases.size(); k++) { // indexed: called every step, allocates nothing
            if (step < phases.get(k).end()) {
                return phases.get(k);
            }
        }
        return phases.get(phases.size() - 1);
    }

    /** The phase of a metrics row after {@code steps} steps: the one that took the last of them (0 before any). */
    public int phaseAfter(long steps) {
        return at(Math.max(0, steps - 1)).index();
    }

    /** Mean-field time after {@code steps} steps. */
    public double timeAt(long steps) {
        return at(steps).timeAt(steps);
    }

    /** Mean-field time at the run's end. */
    public double time() {
        return phases.get(phases.size() - 1).timeAt(phases.get(phases.size() - 1).end());
    }

    /** The most points a step of any phase takes, by {@code size} (the batch or the sample). */
    public int largest(Param<SizeExpression> size) {
        int most = 0;
        for (Phase phase : phases) {
            most = Math.max(most, phase.config().get(size).value(phase.config().n()));
        }
        return most;
    }

    /** The default of --steps: the phases' lengths when the last one's is given, else t = 3000 at the run's dt. */
    static long defaultSteps(RunConfig before) {
        Phases phases = before.get(Params.PHASES);
        Map.Entry<String, String> last = phases.lastLength();
        if (phases.isEmpty() && last == null) {
            return Params.steps(Params.DEFAULT_TIME, before.dt());
        }
        if (last == null) {
            return -1; // reported by the phases' check: the last one needs a length, or --steps
        }
        long earlier = earlierSteps(before);
        if (earlier < 0) {
            return -1;
        }
        RunConfig lastConfig = lastConfig(before);
        return earlier + length(Map.of(last.getKey(), last.getValue()), lastConfig);
    }

    /** --time as steps: where the last phase reaches mean-field time {@code time}. */
    static long stepsToTime(double time, RunConfig before) {
        if (before.get(Params.PHASES).isEmpty()) {
            return Params.steps(time, before.dt());
        }
        long earlier = earlierSteps(before);
        if (earlier < 0) {
            return -1;
        }
        RunConfig lastConfig = lastConfig(before);
        // The phases before the last, run to their end, give the time the last one starts at.
        Schedule upTo = of(before.with(Params.STEPS, earlier).with(Params.TEMPERATURE, 0.0)
                .with(Params.NOISE_STOP, 0.0));
        double start = upTo.time();
        if (time < start) {
            throw new IllegalArgumentException("--time " + time + " is before the last phase starts, at t = " + start);
        }
        return earlier + Params.steps(time - start, lastConfig.dt());
    }

    /** The steps of the phases before the last, -1 if one lacks its length. */
    private static long earlierSteps(RunConfig before) {
        Phases phases = before.get(Params.PHASES);
        long sum = 0;
        for (int k = 0; k < phases.size() - 1; k++) {
            long length = length(phases.list().get(k), phaseConfig(before, phases.list().get(k)));
            if (length < 0) {
                return -1;
            }
            sum += length;
        }
        return sum;
    }

    private static RunConfig lastConfig(RunConfig before) {
        Phases phases = before.get(Params.PHASES);
        return phases.isEmpty() ? before : phaseConfig(before, phases.list().get(phases.size() - 1));
    }

    private static RunConfig phaseConfig(RunConfig before, Map<String, String> phase) {
        String dt = phase.get(Params.DT.key());
        return dt == null ? before : before.with(Params.DT, Double.parseDouble(dt));
    }

    /** What is wrong with the phases of {@code config} (after "--phase ": "#K: ..." for phase K, or a sentence), or null. */
    static String problem(Phases given, RunConfig config) {
        Map.Entry<String, String> last = given.lastLength();
        for (int k = 0; k < given.size() - 1; k++) {
            Map<String, String> phase = given.list().get(k);
            if (!phase.containsKey(Params.STEPS.key()) && !phase.containsKey(Phases.TIME)) {
                return "#" + (k + 1) + " needs steps= or time=: every phase but the last has its own length";
            }
            if (phase.containsKey(Params.STEPS.key()) && Long.parseLong(phase.get(Params.STEPS.key())) < 0) {
                return "#" + (k + 1) + ": steps must be >= 0, got " + phase.get(Params.STEPS.key());
            }
            double time = phase.containsKey(Phases.TIME) ? Double.parseDouble(phase.get(Phases.TIME)) : 0;
            if (!(time >= 0) || !Double.isFinite(time)) {
                return "#" + (k + 1) + ": time must be a finite number >= 0, got " + phase.get(Phases.TIME);
            }
        }
        if (!given.isEmpty() && config.steps() < 0 && last == null) {
            return "needs a length for the last phase (steps= or time=), or give --steps or --time";
        }
        if (last != null && last.getKey().equals(Params.STEPS.key()) && Long.parseLong(last.getValue()) < 0) {
            return "#" + Math.max(1, given.size()) + ": steps must be >= 0, got " + last.getValue();
        }
        if (!(config.dt() > 0) || config.steps() < 0) {
            return null; // --dt or --steps is reported
        }
        Schedule schedule = of(config);
        List<Phase> phases = schedule.phases();
        Phase lastPhase = phases.get(phases.size() - 1);
        if (lastPhase.steps() < 0) {
            return "takes " + lastPhase.start() + " steps before the last phase, more than the run's "
                    + config.steps() + " (--steps/--time)";
        }
        if (last != null && config.steps() != defaultSteps(config)) {
            return "#" + Math.max(1, given.size()) + ": " + last.getKey() + "=" + last.getValue() + " ends the run at step "
                    + defaultSteps(config) + ", but --steps/--time says " + config.steps() + ": give one of them";
        }
        for (Phase phase : given.isEmpty() ? List.<Phase>of() : phases) {
            for (String key : given.list().get(phase.index()).keySet()) {
                Param<?> param = Phases.phasedParam(key);
                String problem = param == null ? null : param.problem(phase.config().get(param), phase.config());
                if (problem != null) {
                    return "#" + (phase.index() + 1) + ": " + key + " " + problem;
                }
            }
            for (var rule : config.table().rules()) {
                String problem = rule.apply(phase.config());
                if (problem != null) {
                    return "#" + (phase.index() + 1) + ": " + problem;
                }
            }
        }
        return null;
    }
}
