package org.meanfield.jmh;

import java.util.concurrent.TimeUnit;

import org.meanfield.flow.FlowSystem;
import org.meanfield.flow.KernelFlowSystem;
import org.meanfield.flow.ReferenceKernelFlowSystem;
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
 * One step of the kernel flow (4.5) of SCIENCE.md section 7 for gaussian units: the reference system
 * (plain double loops over every ordered pair, Math.exp) against the fast one (symmetric blocked pair
 * sum, SIMD, own vector exp). The study's setting: alpha = 5/d (= 1 at d = 5), centres uniform on
 * the sphere, c_i ~ N(0, 1) (so every pair contributes), dt = 1e-3.
 *
 * <p>Score: microseconds per step. Work per step: n^2 ordered pairs and
 * {@link KernelFlowSystem#flopsPerPair(int)} flops per pair, so pairs/s = n^2 1e6 / score.
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
public class FlowStepBenchmark {
    /** Input dimension. */
    @Param({"5"})
    public int d;

    /** Number of particles. */
    @Param({"256", "1024"})
    public int n;

    /** The systems' own worker threads (the caller included). */
    @Param({"1"})
    public int threads;

    private Particles initial;
    private FlowSystem reference;
    private FlowSystem fast;

    @Setup(Level.Trial)
    public void setUp() {
        GaussianUnit unit = new GaussianUnit(5.0 / d);
        initial = Fixture.particles(unit, n, d);
        ThreeSpinTarget target = Fixture.target(d);
        reference = new ReferenceKernelFlowSystem(target, unit, d, initial, threads);
        fast = new KernelFlowSystem(target, unit, d, initial, threads);
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

    /** A step of the reference flow; returns the energy before the move. */
    @Benchmark
    public double reference() {
        return reference.step(1e-3);
    }

    /** A step of the fast flow; returns the energy before the move. */
    @Benchmark
    public double fast() {
        return fast.step(1e-3);
    }
}
