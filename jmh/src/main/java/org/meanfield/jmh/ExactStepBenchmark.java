package org.meanfield.jmh;

import java.util.concurrent.TimeUnit;

import org.meanfield.exact.ExactGaussianSystem;
import org.meanfield.exact.ExactSystem;
import org.meanfield.exact.ReferenceExactSystem;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;
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
 * One step of exact population gradient descent for gaussian units (the n-body system of
 * SCIENCE.md section 5): the reference system (double, the exact Bessel function for every pair)
 * against the fast one (symmetric blocked pair sum, tabulated radial functions, SIMD).
 *
 * <p>Score: microseconds per step. Work per step: n^2 ordered pairs and
 * {@link ExactGaussianSystem#flopsPerPair(int)} flops per pair, so pairs/s = n^2 1e6 / score.
 * Particles are put back before every iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-opens",
    "java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens", "java.base/java.util.zip=ALL-UNNAMED"})
@Threads(1)
public class ExactStepBenchmark {
    /** Input dimension. */
    @Param({"10", "25"})
    public int d;

    /** Number of particles. */
    @Param({"256", "1024"})
    public int n;

    private Particles initial;
    private ExactSystem reference;
    private ExactSystem fast;

    @Setup(Level.Trial)
    public void setUp() {
        GaussianUnit unit = (GaussianUnit) Fixture.unit("gaussian", d);
        initial = Fixture.particles(unit, n, d);
        ThreeSpinTarget target = Fixture.target(d);
        reference = new ReferenceExactSystem(target, unit, d, initial, 1);
        fast = new ExactGaussianSystem(target, unit, d, initial, 1);
    }

    /** Every iteration starts from the initial particles. */
    @Setup(Level.Iteration)
    public void rewind() {
        reference.write(initial);
        fast.write(initial);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        reference.close();
        fast.close();
    }

    /** A step of the reference system; returns the exact loss before the move. */
    @Benchmark
    public double reference() {
        return reference.step(Fixture.DT);
    }

    /** A step of the fast system; returns the exact loss before the move. */
    @Benchmark
    public double fast() {
        return fast.step(Fixture.DT);
    }
}
