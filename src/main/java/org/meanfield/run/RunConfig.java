package org.meanfield.run;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.UnitKind;

/**
 * Every parameter of a training run, with defaults resolved. Together with the JDK it fixes the
 * run's numbers: the same config gives the same run, bit for bit, whatever {@code threads} is.
 *
 * @param d input dimension
 * @param n number of particles (hidden units)
 * @param unit the unit phi
 * @param alpha gaussian width (ignored by other units)
 * @param dynamics sgd, gd or exact
 * @param batch P, points per SGD step
 * @param sample M, size of the fixed GD sample
 * @param dt step in mean-field time (learning rate n dt)
 * @param steps number of steps
 * @param temperature Langevin temperature 1/beta (0: none)
 * @param seed seed of the initialisation, batches and noise
 * @param targetSeed seed of the 3-spin coefficients and of the test set
 * @param sigmaC standard deviation of the initial c_i (0: c_i = 0)
 * @param threads worker threads
 * @param evalEvery steps between test-set evaluations
 * @param testSize M_test, points in the held-out test set
 * @param kernel engine choice
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunConfig(int d, int n, UnitKind unit, double alpha, DynamicsKind dynamics, int batch, int sample,
        double dt, long steps, double temperature, long seed, long targetSeed, double sigmaC, int threads,
        long evalEvery, int testSize, KernelChoice kernel) {

    private static final PropertyNamingStrategies.NamingBase SNAKE =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    /** Largest input dimension: the target keeps its d^3 raw coefficients (16 MB at d = 128). */
    public static final int MAX_DIM = 128;
    /** Largest n (d + 1): the particle buffers must fit Java arrays and a workstation's memory. */
    public static final long MAX_PARAMETERS = 1L << 28;

    /** Mean-field time at the end of the run. */
    public double time() {
        return steps * dt;
    }

    /** This config run to {@code newSteps} steps instead (a resumed run may be extended). */
    public RunConfig withSteps(long newSteps) {
        return new RunConfig(d, n, unit, alpha, dynamics, batch, sample, dt, newSteps, temperature, seed, targetSeed,
                sigmaC, threads, evalEvery, testSize, kernel);
    }

    /** This config on {@code newThreads} threads instead (the numbers do not depend on it). */
    public RunConfig withThreads(int newThreads) {
        return new RunConfig(d, n, unit, alpha, dynamics, batch, sample, dt, steps, temperature, seed, targetSeed,
                sigmaC, newThreads, evalEvery, testSize, kernel);
    }

    /**
     * The first field but threads (which changes no number) whose value differs from {@code other}'s,
     * as "dt is 0.1 {here}, 0.05 {there}", in snake case as in config.json; null when the two
     * configs describe the same run.
     */
    public String firstDifference(RunConfig other, String here, String there) {
        for (RecordComponent component : RunConfig.class.getRecordComponents()) {
            if (component.getName().equals("threads")) {
                continue;
            }
            Object mine;
            Object theirs;
            try {
                mine = component.getAccessor().invoke(this);
                theirs = component.getAccessor().invoke(other);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot read RunConfig." + component.getName(), e);
            }
            if (!Objects.equals(mine, theirs)) {
                return SNAKE.translate(component.getName()) + " is " + mine + " " + here + ", " + theirs + " " + there;
            }
        }
        return null;
    }

    /** Every violated constraint, as "--option: what is wrong" lines; empty when valid. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        check(problems, d >= 1 && d <= MAX_DIM, "--dim", "must be in [1, " + MAX_DIM + "], got " + d);
        check(problems, n >= 1 && n <= 1 << 26, "--particles", "must be in [1, 67108864], got " + n);
        check(problems, (long) n * (d + 1) <= MAX_PARAMETERS, "--particles",
                "times (--dim + 1) must be at most " + MAX_PARAMETERS + " parameters, got " + (long) n * (d + 1));
        check(problems, unit != null, "--unit", "is required");
        check(problems, alpha > 0 && Double.isFinite(alpha), "--alpha", "must be a finite number > 0, got " + alpha);
        check(problems, dynamics != null, "--dynamics", "is required");
        check(problems, dynamics != DynamicsKind.EXACT || unit == null || unit == UnitKind.GAUSSIAN, "--dynamics",
                "exact needs --unit gaussian (the closed forms exist for gaussian units only), got --unit " + unit);
        check(problems, batch >= 1 && batch <= 1 << 22, "--batch", "must be in [1, 4194304], got " + batch);
        check(problems, sample >= 1 && sample <= 1 << 24, "--sample", "must be in [1, 16777216], got " + sample);
        check(problems, dt > 0 && Double.isFinite(dt), "--dt", "must be a finite number > 0, got " + dt);
        check(problems, steps >= 0, "--steps", "must be >= 0, got " + steps);
        check(problems, temperature >= 0 && Double.isFinite(temperature), "--temperature",
                "must be a finite number >= 0, got " + temperature);
        check(problems, sigmaC >= 0 && Double.isFinite(sigmaC), "--sigma-c", "must be a finite number >= 0, got " + sigmaC);
        check(problems, threads >= 1 && threads <= 4096, "--threads", "must be in [1, 4096], got " + threads);
        check(problems, evalEvery >= 1, "--eval-every", "must be >= 1, got " + evalEvery);
        check(problems, testSize >= 2 && testSize <= 1 << 24, "--test-size", "must be in [2, 16777216], got " + testSize);
        check(problems, kernel != null, "--kernel", "is required");
        return problems;
    }

    private static void check(List<String> problems, boolean ok, String option, String message) {
        if (!ok) {
            problems.add(option + " " + message);
        }
    }
}
