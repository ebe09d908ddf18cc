package org.meanfield.jmh;

import java.util.concurrent.TimeUnit;

import org.meanfield.engine.ChunkPool;
import org.meanfield.engine.TargetEvaluator;
import org.meanfield.engine.VectorTargetEvaluator;
import org.meanfield.model.Points;
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
 * The 3-spin target at a batch of P points, f(x) = sum_{p<=q<=r} w_pqr x_p x_q x_r, in double
 * precision: {@link ThreeSpinTarget#evaluate(Points)} one point at a time against
 * {@code VectorTargetEvaluator} (lanes across points, including its transposition of the batch to
 * dimension-major order), on one thread.
 *
 * <p>Score: microseconds per batch; points/s = P 1e6 / score. A point costs T = d(d+1)(d+2)/6
 * multiply-adds for the innermost sums plus d(d+1)/2 + d for the outer two, i.e.
 * 2 (T + d(d+1)/2 + d) flops: 2 P (T + d(d+1)/2 + d) / (1000 score) GFLOP/s (fp64).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-opens",
    "java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens", "java.base/java.util.zip=ALL-UNNAMED"})
@Threads(1)
public class TargetBenchmark {
    /** Input dimension. */
    @Param({"7", "25"})
    public int d;

    /** Points per batch, P. */
    @Param({"64", "1024"})
    public int batch;

    private TargetEvaluator scalar;
    private TargetEvaluator vector;
    private ChunkPool pool;
    private Points points;

    @Setup(Level.Trial)
    public void setUp() {
        ThreeSpinTarget target = Fixture.target(d);
        points = Fixture.points(target, batch);
        scalar = TargetEvaluator.scalar(target);
        pool = new ChunkPool(1);
        vector = new VectorTargetEvaluator(target, pool);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /** The scalar reference, one point at a time. */
    @Benchmark
    public double[] scalar() {
        scalar.evaluate(points);
        return points.target();
    }

    /** The vector evaluation, lanes across points. */
    @Benchmark
    public double[] vector() {
        vector.evaluate(points);
        return points.target();
    }
}
