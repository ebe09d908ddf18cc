package org.meanfield.config;

import java.util.List;

import org.meanfield.config.Param.Alternative;
import org.meanfield.config.Param.Role;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.UnitKind;

/**
 * The parameters of a training run: the one place where each is named, typed, defaulted, validated
 * and given its role. The {@code train} options, config.json, sweep-spec keys, the checkpoint's
 * fingerprint and the comparison of configs all derive from {@link #RUN}; adding a parameter means
 * adding it here (and reading it where it is used).
 */
public final class Params {
    /** Largest input dimension: the target keeps its d^3 raw coefficients (16 MB at d = 128). */
    public static final int MAX_DIM = 128;
    /** Largest n (d + 1): the particle buffers must fit Java arrays and a workstation's memory. */
    public static final long MAX_PARAMETERS = 1L << 28;
    /** The longest Java array the JVM allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 8;
    /** Mean-field time of a run given neither steps nor time. */
    public static final double DEFAULT_TIME = 3000;

    public static final Param<Integer> DIM = Param.of("d", ParamType.INT, "--dim", "-d")
            .help("Input dimension d (points on the sphere of radius sqrt(d)).").byDefault(25)
            .check((d, c) -> within(d, 1, MAX_DIM)).build();

    public static final Param<Integer> PARTICLES = Param.of("n", ParamType.INT, "--particles", "-n")
            .help("Number of particles (hidden units) n.").byDefault(512)
            .check((n, c) -> {
                String range = within(n, 1, 1 << 26);
                if (range != null || c.get(DIM) == null) {
                    return range;
                }
                long parameters = (long) n * (c.d() + 1);
                return parameters <= MAX_PARAMETERS ? null : "times (--dim + 1) must be at most " + MAX_PARAMETERS
                        + " parameters, got " + parameters;
            }).build();

    public static final Param<DynamicsKind> DYNAMICS = Param.of("dynamics", ParamType.of(DynamicsKind.class),
            "--dynamics")
            .help("sgd (P fresh points a step), gd (one fixed sample of M points), exact (gaussian units: the "
                    + "exact population loss in closed form, no sample; its test loss is exact) or flow (gaussian units: "
                    + "the study's kernel flow, centres on the sphere, no sample).")
            .byDefault(DynamicsKind.SGD).build();

    public static final Param<UnitKind> UNIT = Param.of("unit", ParamType.of(UnitKind.class), "--unit")
            .help("Unit: relu, sigmoid or gaussian.")
            .byDefault("relu (gaussian with --dynamics exact or flow)",
                    c -> c.dynamics().gaussianOnly() ? UnitKind.GAUSSIAN : UnitKind.RELU)
            .check((unit, c) -> !c.get(DYNAMICS).gaussianOnly() || unit == UnitKind.GAUSSIAN ? null
                    : "must be gaussian with --dynamics " + c.get(DYNAMICS) + " (it exists for gaussian units only), got "
                            + unit)
            .build();

    public static final Param<Double> ALPHA = Param.of("alpha", ParamType.DOUBLE, "--alpha")
            .help("Width of gaussian units, exp(-alpha/2 |x-z|^2).")
            .byDefault("1/d", c -> 1.0 / Math.max(1, c.d()))
            .check((alpha, c) -> alpha > 0 && Double.isFinite(alpha) ? null
                    : "must be a finite number > 0, got " + alpha).build();

    public static final Param<SizeExpression> BATCH = Param.of("batch", ParamType.SIZE, "--batch", "-P")
            .phased().help("SGD batch size P: an integer or an expression in n, floored and at least 1 (n/5, (n/5)^2, "
                    + "ceil(4*n^0.5) rounds up).")
            .byDefault(SizeExpression.of(64)).check((p, c) -> size(p, c, 1 << 22)).build();

    public static final Param<SizeExpression> SAMPLE = Param.of("sample", ParamType.SIZE, "--sample", "-M")
            .phased().help("GD sample size M: an integer or an expression in n, as --batch.")
            .byDefault(SizeExpression.of(4096)).check((m, c) -> size(m, c, 1 << 24)).build();

    public static final Param<Double> DT = Param.of("dt", ParamType.DOUBLE, "--dt")
            .phased().help("Step in mean-field time (learning rate n*dt).").byDefault(0.05)
            .check((dt, c) -> dt > 0 && Double.isFinite(dt) ? null : "must be a finite number > 0, got " + dt)
            .build();

    public static final Param<Phases> PHASES = Param.of("phases", ParamType.PHASES, "--phase")
            .help(() -> "A phase of the run, repeated for each in order: key=value fields joined by ',' (" + Phases.keys()
                    + "); a field not given is the run's option. Each phase but the last needs steps= or time= "
                    + "(its own length); the last runs to the run's end (its steps=/time=, or --steps/--time), "
                    + "and extending the run lengthens it. The study's quench: --phase steps=2000000,batch=n/5 "
                    + "--phase steps=200000,batch=(n/5)^2.")
            .byDefault("one phase of the run's options", c -> Phases.NONE)
            .check(Schedule::problem).build();

    public static final Param<Long> STEPS = Param.of("steps", ParamType.LONG, "--steps")
            .role(Role.LENGTH).help("Number of steps (or give --time); with phases, where the last one ends.")
            .byDefault("t = 3000, round(3000/dt) steps; with phases, their lengths' sum", Schedule::defaultSteps)
            .alternative(new Alternative<>("time", "--time",
                    "Mean-field time to reach (steps = round(time/dt), dt the last phase's), instead of --steps.",
                    Schedule::stepsToTime))
            .check((steps, c) -> steps >= 0 ? null : "must be >= 0, got " + steps).build();

    public static final Param<Double> TEMPERATURE = Param.of("temperature", ParamType.DOUBLE, "--temperature")
            .phased().help("Langevin temperature 1/beta: adds sqrt(2 dt/beta) N(0,1) to every parameter each step.")
            .byDefault(0.0).check((t, c) -> nonNegative(t)).build();

    public static final Param<Double> NOISE_STOP = Param.of("noise_stop", ParamType.DOUBLE, "--noise-stop")
            .help("Mean-field time at which the Langevin noise stops (the study's noise in the first half of a "
                    + "run: half its time); 0: it never stops. Short for two phases, the second at temperature 0.")
            .byDefault(0.0)
            .check((t, c) -> !(t >= 0) || !Double.isFinite(t) ? "must be a finite number >= 0, got " + t
                    : t != 0 && !c.get(PHASES).isEmpty() ? "cannot be given with --phase: give the phases their "
                            + "temperature= instead"
                    : t == 0 || t <= c.time() || !Double.isFinite(c.time()) ? null // 0: never stops
                    : "must be at most the run's time " + c.time() + ", got " + t)
            .build();

    public static final Param<Long> SEED = Param.of("seed", ParamType.LONG, "--seed")
            .help("Seed of the initialisation, batches, sample and noise.").byDefault(1L).build();

    public static final Param<Long> TARGET_SEED = Param.of("target_seed", ParamType.LONG, "--target-seed")
            .help("Seed of the 3-spin coefficients and the test set.").byDefault(1L).build();

    public static final Param<Double> SIGMA_C = Param.of("sigma_c", ParamType.DOUBLE, "--sigma-c")
            .help("Initial c_i ~ N(0, sigma_c^2); 0 starts from c_i = 0.").byDefault(0.0)
            .check((s, c) -> nonNegative(s)).build();

    public static final Param<Integer> THREADS = Param.of("threads", ParamType.INT, "--threads")
            .role(Role.EXECUTION).help("Worker threads; results do not depend on it.")
            .byDefault("all cores", c -> Runtime.getRuntime().availableProcessors())
            .check((t, c) -> within(t, 1, 4096)).build();

    public static final Param<Long> EVAL_EVERY = Param.of("eval_every", ParamType.LONG, "--eval-every")
            .help("Steps between test-set evaluations.").byDefault("steps/200", c -> Math.max(1, c.steps() / 200))
            .check((e, c) -> e >= 1 ? null : "must be >= 1, got " + e).build();

    public static final Param<Integer> TEST_SIZE = Param.of("test_size", ParamType.INT, "--test-size")
            .help("Points in the held-out test set.").byDefault(4096).check((m, c) -> within(m, 2, 1 << 24))
            .build();

    public static final Param<KernelChoice> KERNEL = Param.of("kernel", ParamType.of(KernelChoice.class), "--kernel")
            .role(Role.FIXED)
            .help("Engine: auto (vector where the Vector API runs), scalar (double-precision reference) or vector.")
            .byDefault(KernelChoice.AUTO).build();

    /** The run's parameters, in the order of --help and config.json, and the rules that relate them. */
    public static final ParamTable RUN = new ParamTable(List.of(DIM, PARTICLES, DYNAMICS, UNIT, ALPHA, BATCH, SAMPLE,
            DT, PHASES, STEPS, TEMPERATURE, NOISE_STOP, SEED, TARGET_SEED, SIGMA_C, THREADS, EVAL_EVERY, TEST_SIZE, KERNEL),
            List.of(c -> fitsArrays(c, TEST_SIZE), c -> fitsArrays(c, SAMPLE), c -> fitsArrays(c, BATCH)));

    private Params() {
    }

    /** Steps to reach mean-field time {@code time} with step {@code dt}. */
    public static long steps(double time, double dt) {
        if (!(time >= 0) || !Double.isFinite(time)) {
            throw new IllegalArgumentException("--time must be a finite number >= 0, got " + time);
        }
        if (!(dt > 0) || !Double.isFinite(dt)) {
            return 0; // --dt itself is reported invalid
        }
        if (time / dt >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("--time " + time + " over --dt " + dt + " is more steps than a run can take");
        }
        return Math.round(time / dt);
    }

    /**
     * Whether the points {@code count} gives (the test set, the GD sample, the SGD batch) fit Java
     * arrays of d coordinates each: the ones the dynamics uses must.
     */
    private static String fitsArrays(RunConfig c, Param<?> count) {
        boolean used = count == TEST_SIZE ? c.dynamics() != DynamicsKind.EXACT
                : count == SAMPLE ? c.dynamics() == DynamicsKind.GD : c.dynamics() == DynamicsKind.SGD;
        long points = count == TEST_SIZE ? c.testSize() : count == SAMPLE ? c.sample() : c.batch();
        long coordinates = points * c.d();
        return !used || coordinates <= MAX_ARRAY ? null : count.option() + " " + points + " times --dim " + c.d()
                + " is " + coordinates + " coordinates, more than a Java array holds (" + MAX_ARRAY
                + "); lower one of them";
    }

    /** The range check of a count given as an expression: its value for the run's n. */
    private static String size(SizeExpression size, RunConfig c, int high) {
        int n = c.get(PARTICLES) == null ? 1 : c.n();
        int value = size.value(n);
        String problem = within(value, 1, high);
        return problem == null || size.plain() ? problem : problem + " (" + size + " at n = " + n + ")";
    }

    private static String within(long value, long low, long high) {
        return value >= low && value <= high ? null : "must be in [" + low + ", " + high + "], got " + value;
    }

    private static String nonNegative(double value) {
        return value >= 0 && Double.isFinite(value) ? null : "must be a finite number >= 0, got " + value;
    }
}
