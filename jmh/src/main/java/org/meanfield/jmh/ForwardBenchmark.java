package org.meanfield.jmh;

import java.util.concurrent.TimeUnit;

import org.meanfield.engine.Engine;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.Particles;
import org.meanfield.model.Points;
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
 * Forward pass: {@link Engine#predict}, f_n(x_p) = (1/n) sum_i c_i phi(x_p, z_i) at a batch of P
 * points, scalar reference engine against the vector engine on the same particles and points.
 *
 * <p>Score: microseconds per call. Useful work per call: n P pairs and 2 d n P flops (one FMA per
 * coordinate and pair), so pairs/s = n P 1e6 / score and GFLOP/s = 2 d n P / (1000 score);
 * {@link Report} does the arithmetic on a JSON result file.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-opens",
    "java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens", "java.base/java.util.zip=ALL-UNNAMED"})
@Threads(1)
public class ForwardBenchmark {
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

    private Engine scalar;
    private Engine vector;
    private Points points;
    private double[] out;

    @Setup(Level.Trial)
    public void setUp() {
        Unit u = Fixture.unit(unit, d);
        Particles particles = Fixture.particles(u, n, d);
        points = Fixture.points(Fixture.target(d), batch);
        out = new double[batch];
        scalar = Fixture.engine(KernelChoice.SCALAR, u, d, particles, threads);
        vector = Fixture.engine(KernelChoice.VECTOR, u, d, particles, threads);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        scalar.close();
        vector.close();
    }

    /** The scalar (double, one pair at a time) forward pass. */
    @Benchmark
    public double[] scalar() {
        scalar.predict(points, out);
        return out;
    }

    /** The vector (float32, lanes across particles) forward pass. */
    @Benchmark
    public double[] vector() {
        vector.predict(points, out);
        return out;
    }
}
