package org.meanfield.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.UnitKind;

/**
 * Every parameter of a training run, with defaults resolved: one value for each {@link Param} of its
 * {@link ParamTable}. Together with the JDK it fixes the run's numbers: the same config gives the same
 * run, bit for bit, whatever {@code threads} is. Immutable; {@link #with} makes a changed copy.
 *
 * <p>The typed accessors ({@link #d()}, {@link #dt()}, ...) read the parameters of {@link Params}; a
 * parameter added to the table needs none: {@code config.get(param)} reads it.
 */
public final class RunConfig {
    private final ParamTable table;
    private final Object[] values;

    RunConfig(ParamTable table, Object[] values) {
        this.table = table;
        this.values = values;
    }

    /** The table of the run parameters with the given values set and the others at their defaults. */
    public static ParamTable.Given builder() {
        return Params.RUN.given();
    }

    /** The table this config holds a value of each parameter of. */
    public ParamTable table() {
        return table;
    }

    /** The value of {@code param}. */
    public <T> T get(Param<T> param) {
        return param.type().cast(values[table.indexOf(param)]);
    }

    /** The canonical text of {@code param}'s value. */
    public <T> String text(Param<T> param) {
        return param.type().format(get(param));
    }

    /** This config with {@code param} set to {@code value} (defaults that depend on it are not recomputed). */
    public <T> RunConfig with(Param<T> param, T value) {
        Object[] copy = Arrays.copyOf(values, values.length);
        copy[table.indexOf(param)] = value;
        return new RunConfig(table, copy);
    }

    /**
     * Every violated constraint, as "--option must ..." lines in table order, then the table's rules
     * that relate several parameters (once each is valid); empty when valid.
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        for (Param<?> param : table.params()) {
            Object value = values[table.indexOf(param)];
            String problem = value == null ? "is required" : param.problem(value, this);
            if (problem != null) {
                problems.add(param.option() + " " + problem);
            }
        }
        if (problems.isEmpty()) {
            for (var rule : table.rules()) {
                String problem = rule.apply(this);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        return problems;
    }

    /**
     * The first parameter but those of {@link Param.Role#EXECUTION} (which change no number) whose
     * value differs from {@code other}'s, as "dt is 0.1 {here}, 0.05 {there}"; null when the two
     * configs describe the same run.
     */
    public String firstDifference(RunConfig other, String here, String there) {
        return firstDifference(other, here, there, Param.Role.EXECUTION);
    }

    /**
     * As {@link #firstDifference(RunConfig, String, String)}, ignoring the length too: null when
     * {@code other} is this run, or this run shortened or extended.
     */
    public String firstDifferenceBesidesLength(RunConfig other, String here, String there) {
        return firstDifference(other, here, there, Param.Role.EXECUTION, Param.Role.LENGTH);
    }

    private String firstDifference(RunConfig other, String here, String there, Param.Role... ignored) {
        for (Param<?> param : table.params()) {
            if (java.util.Arrays.asList(ignored).contains(param.role())) {
                continue;
            }
            Object mine = get(param);
            Object theirs = other.table.byKey(param.key()) == null ? null : other.get(param);
            if (!Objects.equals(mine, theirs)) {
                return param.key() + " is " + text(param) + " " + here + ", "
                        + (theirs == null ? "absent" : other.text(param)) + " " + there;
            }
        }
        return null;
    }

    /** Mean-field time at the end of the run. */
    public double time() {
        return schedule().time();
    }

    /** The run's phases, resolved (one for a run without phases, two for one whose noise stops). */
    public Schedule schedule() {
        return Schedule.of(this);
    }

    /**
     * This config run to {@code newSteps} steps instead (a resumed run may be extended): its last
     * phase ends there.
     */
    public RunConfig withSteps(long newSteps) {
        return with(Params.STEPS, newSteps).with(Params.PHASES, get(Params.PHASES).withoutLastLength());
    }

    /**
     * This config as a run with {@code done}'s phases was set up, when this config appends phases to
     * them ({@link Phases#appendsTo}): its phases cut back to done's number, so that it compares
     * with that run's config and checkpoints; otherwise this config.
     */
    public RunConfig asBefore(Phases done) {
        Phases mine = get(Params.PHASES);
        return mine.appendsTo(done) ? with(Params.PHASES, mine.upTo(done.runCount())) : this;
    }

    /** This config on {@code newThreads} threads instead (the numbers do not depend on it). */
    public RunConfig withThreads(int newThreads) {
        return with(Params.THREADS, newThreads);
    }

    public int d() {
        return get(Params.DIM);
    }

    public int n() {
        return get(Params.PARTICLES);
    }

    public UnitKind unit() {
        return get(Params.UNIT);
    }

    public double alpha() {
        return get(Params.ALPHA);
    }

    public DynamicsKind dynamics() {
        return get(Params.DYNAMICS);
    }

    /** The batch size P for this config's n (of the run, or of a phase's config). */
    public int batch() {
        return get(Params.BATCH).value(n());
    }

    /** The sample size M for this config's n. */
    public int sample() {
        return get(Params.SAMPLE).value(n());
    }

    public double dt() {
        return get(Params.DT);
    }

    public long steps() {
        return get(Params.STEPS);
    }

    public double temperature() {
        return get(Params.TEMPERATURE);
    }

    public long seed() {
        return get(Params.SEED);
    }

    public long targetSeed() {
        return get(Params.TARGET_SEED);
    }

    public double sigmaC() {
        return get(Params.SIGMA_C);
    }

    public int threads() {
        return get(Params.THREADS);
    }

    public long evalEvery() {
        return get(Params.EVAL_EVERY);
    }

    public int testSize() {
        return get(Params.TEST_SIZE);
    }

    public KernelChoice kernel() {
        return get(Params.KERNEL);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RunConfig that && table.params().equals(that.table.params())
                && Arrays.equals(values, that.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return table.toJson(this).toString();
    }
}
