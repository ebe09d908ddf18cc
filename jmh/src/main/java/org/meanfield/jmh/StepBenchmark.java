package org.meanfield.jmh;

import java.util.concurrent.TimeUnit;

import org.meanfield.dynamics.FixedSampler;
import org.meanfield.dynamics.Stepper;
import org.meanfield.engine.Engine;
import org.meanfield.engine.KernelChoice;
import org.meanfield.engine.LegacyVectorEngine;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full training step of the engine, {@link Stepper#step}: forward (f_n at the P points),
 * residual and batch loss, backward and update of every particle ({@link Engine#descend}), at
 * temperature 0. The points are one fixed batch ({@link FixedSampler}), so the step is the engine's
 * work alone; {@link SgdStepBenchmark} adds drawing fresh points and evaluating the target.
 * The particles are put back to their initial values before every iteration, so every iteration
 * times the same stretch of the trajectory (dt = 0.05, the {@code train} default).
 *
 * <p>Score: microseconds per step. Effective work per step: n P pairs and 4 d n P flops (2 d
 * forward, 2 d backward), so pairs/s = n P 1e6 / score and effective GFLOP/s =
 * 4 d n P / (1000 score). {@link Report} does the arithmetic on a JSON result file.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-opens",
    "java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens", "java.base/java.util.zip=ALL-UNNAMED"})
@Threads(1)
public class StepBenchmark {
    /** Input dimension. */
    @Param({"7", "25"})
    public int d;

    /** Number of particles (hidden units). */
    @Param({"1024", "16384"})
    public int n;

    /** Points per batch, P. */
    @Param({"1024"})
    public int batch;

    /** Hidden unit: relu, sigmoid or gaussian. */
    @Param({"relu", "sigmoid", "gaussian"})
    public String unit;

    /** Engine threads (1: every chunk on the benchmark thread). */
    @Param({"1"})
    public int threads;

    private Particles initial;
    private Stepper scalar;
    private Stepper vector;
    private Stepper legacy;
    private long step;

    @Setup(Level.Trial)
    public void setUp() {
        Unit u = Fixture.unit(unit, d);
        initial = Fixture.particles(u, n, d);
        ThreeSpinTarget target = Fixture.target(d);
        scalar = stepper(KernelChoice.SCALAR, u, target);
        vector = stepper(KernelChoice.VECTOR, u, target);
        LegacyVectorEngine legacyEngine = new LegacyVectorEngine(u, d, initial, threads);
        FixedSampler sampler = new FixedSampler(target, legacyEngine.targetEvaluator(target), batch, Fixture.POINT_SEED);
        legacy = new Stepper(legacyEngine, sampler, Fixture.DT, 0, Fixture.POINT_SEED);
    }

    private Stepper stepper(KernelChoice kernel, Unit u, ThreeSpinTarget target) {
        Engine engine = Fixture.engine(kernel, u, d, initial, threads);
        FixedSampler sampler = new FixedSampler(target, engine.targetEvaluator(target), batch, Fixture.POINT_SEED);
        return new Stepper(engine, sampler, Fixture.DT, 0, Fixture.POINT_SEED);
    }

    /** Every iteration starts from the initial particles. */
    @Setup(Level.Iteration)
    public void rewind() {
        scalar.engine().write(initial);
        vector.engine().write(initial);
        legacy.engine().write(initial);
        step = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scalar.engine().close();
        vector.engine().close();
        legacy.engine().close();
    }

    /** A step of the scalar (double) engine; returns the batch loss. */
    @Benchmark
    public double scalar() {
        return scalar.step(step++);
    }

    /**
     * A step of main's vector engine before the blocked step (issue 12; a copy as of 439741a, kept
     * in this project only): three d-long FMA chains per pair, the pre-activation recomputed in the
     * backward pass. For A/B comparisons in one JMH run; returns the batch loss.
     */
    @Benchmark
    public double legacy() {
        return legacy.step(step++);
    }

    /** A step of the vector (float32 SIMD) engine; returns the batch loss. */
    @Benchmark
    public double vector() {
        return vector.step(step++);
    }
}
