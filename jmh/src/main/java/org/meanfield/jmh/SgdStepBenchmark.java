package org.meanfield.jmh;

import java.util.concurrent.TimeUnit;

import org.meanfield.dynamics.FreshSampler;
import org.meanfield.dynamics.Stepper;
import org.meanfield.engine.Engine;
import org.meanfield.engine.KernelChoice;
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
 * One SGD step as {@code meanfield train} takes it at temperature 0: draw P fresh points on the
 * sphere ({@link FreshSampler}), evaluate the 3-spin target at them (the scalar evaluation with the
 * scalar engine, {@code VectorTargetEvaluator} with the vector engine, as the provider pairs them),
 * then {@link Stepper#step}'s forward, residual and update. The difference from
 * {@link StepBenchmark} at the same parameters is the cost of the batch itself, which matters at
 * small n. Particles and the sampler's stream are rewound before every iteration.
 *
 * <p>Score: microseconds per step. Effective work per step: n P pairs and 4 d n P flops (the
 * target's work is not counted), so pairs/s = n P 1e6 / score and effective GFLOP/s =
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
public class SgdStepBenchmark {
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
    @Param({"relu"})
    public String unit;

    /** Engine threads (1: every chunk on the benchmark thread). */
    @Param({"1"})
    public int threads;

    private Particles initial;
    private Stepper scalar;
    private Stepper vector;
    private long samplerStart;
    private long step;

    @Setup(Level.Trial)
    public void setUp() {
        Unit u = Fixture.unit(unit, d);
        initial = Fixture.particles(u, n, d);
        ThreeSpinTarget target = Fixture.target(d);
        scalar = stepper(KernelChoice.SCALAR, u, target);
        vector = stepper(KernelChoice.VECTOR, u, target);
        samplerStart = scalar.sampler().state();
    }

    private Stepper stepper(KernelChoice kernel, Unit u, ThreeSpinTarget target) {
        Engine engine = Fixture.engine(kernel, u, d, initial, threads);
        FreshSampler sampler = new FreshSampler(target, engine.targetEvaluator(target), batch, Fixture.POINT_SEED);
        return new Stepper(engine, sampler, Fixture.DT, 0, Fixture.POINT_SEED);
    }

    /** Every iteration starts from the initial particles and the start of the point stream. */
    @Setup(Level.Iteration)
    public void rewind() {
        for (Stepper stepper : new Stepper[] {scalar, vector}) {
            stepper.engine().write(initial);
            stepper.sampler().restore(samplerStart);
        }
        step = 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scalar.engine().close();
        vector.engine().close();
    }

    /** An SGD step with the scalar engine and scalar target evaluation; returns the batch loss. */
    @Benchmark
    public double scalar() {
        return scalar.step(step++);
    }

    /** An SGD step with the vector engine and vector target evaluation; returns the batch loss. */
    @Benchmark
    public double vector() {
        return vector.step(step++);
    }
}
