package org.meanfield.jmh;

import java.util.concurrent.TimeUnit;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.meanfield.engine.VectorSupport;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fp32 FMA peak of this machine through the Vector API: the ceiling the engine benchmarks are
 * compared with. Each call runs {@value #CHAINS} independent chains acc = acc * m + a of
 * {@code FloatVector.SPECIES_PREFERRED} vectors for {@value #ROUNDS} rounds; twelve chains cover the
 * FMA latency (4 cycles) on two FMA ports with room to spare, and fit in the 16 registers of AVX2
 * with m and a. With m = 0.999 and a = 0.001 every lane stays at 1, far from overflow and
 * denormals. Where the VM has no fast FMA ({@link VectorSupport#fastFma()} false) the chains use
 * mul + add, as the engine's kernels do, and the score is the peak of that.
 *
 * <p>Score: {@code ops/ns} with one op = one vector FMA instruction ({@value #CHAINS} x
 * {@value #ROUNDS} per call). It converts to GFLOP/s as score x 2 x lanes (lanes = 8 with AVX2,
 * 16 with AVX-512). The secondary result {@code :flops} does that conversion for you: it counts
 * 2 x lanes flops per vector FMA, so its score, in flops/ns, <em>is</em> GFLOP/s. {@link #fma} runs
 * on one thread (compare the single-threaded engine benchmarks with it); {@link #fmaAllThreads} on as
 * many threads as the JVM sees processors, the machine's total (JMH sums the threads' throughput).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--add-opens",
    "java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens", "java.base/java.util.zip=ALL-UNNAMED"})
public class FmaPeakBenchmark {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final boolean FAST_FMA = VectorSupport.fastFma();
    /** Independent accumulator chains. */
    static final int CHAINS = 12;
    /** Rounds of CHAINS vector FMAs per call. */
    static final int ROUNDS = 1024;
    /** fp32 flops per call: 2 per lane per vector FMA. */
    static final long FLOPS_PER_CALL = 2L * LANES * CHAINS * ROUNDS;

    /** Initial accumulator values, CHAINS vectors (read from memory so nothing is constant-folded). */
    private final float[] start = new float[CHAINS * LANES];
    private float m;
    private float a;

    /** Flops done, reported by JMH as a rate: flops/ns = GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        /** fp32 flops in this iteration. */
        public long flops;

        @Setup(Level.Iteration)
        public void reset() {
            flops = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        java.util.Arrays.fill(start, 1f);
        m = 0.999f;
        a = 0.001f;
    }

    /** The single-core peak. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(CHAINS * ROUNDS)
    public float fma(Flops flops) {
        flops.flops += FLOPS_PER_CALL;
        return chains();
    }

    /** The whole machine's peak: one chain set per processor. */
    @Benchmark
    @Threads(Threads.MAX)
    @OperationsPerInvocation(CHAINS * ROUNDS)
    public float fmaAllThreads(Flops flops) {
        flops.flops += FLOPS_PER_CALL;
        return chains();
    }

    private float chains() {
        FloatVector mv = FloatVector.broadcast(SPECIES, m);
        FloatVector av = FloatVector.broadcast(SPECIES, a);
        FloatVector c0 = FloatVector.fromArray(SPECIES, start, 0);
        FloatVector c1 = FloatVector.fromArray(SPECIES, start, LANES);
        FloatVector c2 = FloatVector.fromArray(SPECIES, start, 2 * LANES);
        FloatVector c3 = FloatVector.fromArray(SPECIES, start, 3 * LANES);
        FloatVector c4 = FloatVector.fromArray(SPECIES, start, 4 * LANES);
        FloatVector c5 = FloatVector.fromArray(SPECIES, start, 5 * LANES);
        FloatVector c6 = FloatVector.fromArray(SPECIES, start, 6 * LANES);
        FloatVector c7 = FloatVector.fromArray(SPECIES, start, 7 * LANES);
        FloatVector c8 = FloatVector.fromArray(SPECIES, start, 8 * LANES);
        FloatVector c9 = FloatVector.fromArray(SPECIES, start, 9 * LANES);
        FloatVector c10 = FloatVector.fromArray(SPECIES, start, 10 * LANES);
        FloatVector c11 = FloatVector.fromArray(SPECIES, start, 11 * LANES);
        for (int r = 0; r < ROUNDS; r++) {
            c0 = step(c0, mv, av);
            c1 = step(c1, mv, av);
            c2 = step(c2, mv, av);
            c3 = step(c3, mv, av);
            c4 = step(c4, mv, av);
            c5 = step(c5, mv, av);
            c6 = step(c6, mv, av);
            c7 = step(c7, mv, av);
            c8 = step(c8, mv, av);
            c9 = step(c9, mv, av);
            c10 = step(c10, mv, av);
            c11 = step(c11, mv, av);
        }
        FloatVector sum = c0.add(c1).add(c2.add(c3)).add(c4.add(c5).add(c6.add(c7)))
                .add(c8.add(c9).add(c10.add(c11)));
        return sum.reduceLanes(VectorOperators.ADD);
    }

    private static FloatVector step(FloatVector acc, FloatVector mul, FloatVector add) {
        return FAST_FMA ? acc.fma(mul, add) : acc.mul(mul).add(add);
    }
}
