package org.meanfield.run;

import java.util.List;
import java.util.function.LongConsumer;

import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.config.SizeExpression;
import org.meanfield.dynamics.Dynamics;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.dynamics.SystemStepper;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.FmaPeak;
import org.meanfield.engine.ForceSystem;
import org.meanfield.engine.KernelChoice;
import org.meanfield.engine.VectorSupport;
import org.meanfield.model.UnitKind;
import org.meanfield.observe.Allocations;
import org.meanfield.observe.Phase;
import org.meanfield.observe.PhasePercentiles;
import org.meanfield.observe.PhaseTimings;

/**
 * Times full steps of one configuration after a warm-up: the dynamics' own probe records every
 * step's and every phase's wall time in HdrHistograms (which do not allocate when recording; the
 * warm-up's are dropped). Counts the bytes the instrumented step allocates, and measures the FMA peak
 * with the same number of threads in the same process.
 *
 * <p>An SGD step costs 4 d n P flops over its n P particle-point pairs, in float32; an exact or flow step costs
 * {@code flopsPerPair} flops over each of its n^2 ordered particle pairs, in float64, whose peak is
 * half the float32 one (half the lanes per vector).
 */
public final class Benchmark {
    private final RunConfig config;
    /** Bytes a warm step may allocate on average (a few objects of bookkeeping, none per pair). */
    private static final long WARM_BYTES = 256;
    /** The warm-up goes on in windows of this many seconds while a step allocates more, ... */
    private static final double WINDOW_SECONDS = 0.25;
    /** ... starting none after this many times the warm-up asked for ... */
    private static final double WARMUP_CAP = 10;
    /** ... or this many seconds, if that is longer. */
    private static final double MIN_WARMUP_CAP_SECONDS = 30;
    private final double warmupSeconds;
    private final double measureSeconds;

    /** A benchmark of the step of {@code dynamics} (sgd, exact or flow); validates every argument with a one-line reason. */
    public Benchmark(UnitKind unit, DynamicsKind dynamics, int d, int n, int batch, int threads, KernelChoice kernel,
            double warmupSeconds, double measureSeconds) {
        if (dynamics == DynamicsKind.GD) {
            throw new IllegalArgumentException("--dynamics gd steps like sgd (P = M points a step); bench sgd with -P M");
        }
        // dt is small and c starts at 0, so the particles stay in their initial regime while timed.
        this.config = RunConfig.builder().set(Params.UNIT, unit).set(Params.DYNAMICS, dynamics).set(Params.DIM, d)
                .set(Params.PARTICLES, n).set(Params.BATCH, SizeExpression.of(batch)).set(Params.SAMPLE, SizeExpression.of(1)).set(Params.DT, 1e-3)
                .set(Params.STEPS, 0L).set(Params.THREADS, threads).set(Params.EVAL_EVERY, 1L)
                .set(Params.TEST_SIZE, 2).set(Params.KERNEL, kernel).resolve();
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0));
        }
        if (!(warmupSeconds >= 0) || warmupSeconds > 3600) {
            throw new IllegalArgumentException("--warmup must be in [0, 3600] seconds, got " + warmupSeconds);
        }
        if (!(measureSeconds > 0) || measureSeconds > 3600) {
            throw new IllegalArgumentException("--seconds must be in (0, 3600], got " + measureSeconds);
        }
        this.warmupSeconds = warmupSeconds;
        this.measureSeconds = measureSeconds;
    }

    /** Runs the warm-up, the measurement and the peak measurement. */
    public BenchmarkResult run() throws InterruptedException {
        EngineProvider provider = EngineProvider.detect();
        try (Simulation sim = new Simulation(config, provider)) {
            Dynamics dynamics = sim.dynamics();
            PhaseTimings timings = Training.labelledProbe(sim).timings();
            Allocations allocations = Allocations.ofComputeThreads();
            long warmupBegin = System.nanoTime();
            long step = warmUp(dynamics::step, allocations, warmupSeconds);
            double warmedSeconds = (System.nanoTime() - warmupBegin) * 1e-9;
            timings.reset();

            long allocationMark = allocations.bytes();
            long begin = System.nanoTime();
            long end = begin + (long) (measureSeconds * 1e9);
            long measured = 0;
            long now;
            do {
                dynamics.step(step++);
                measured++;
                now = System.nanoTime();
            } while (now < end);
            long allocated = allocations.since(allocationMark);
            double stepSeconds = (now - begin) * 1e-9 / measured;

            // Exact GD and the flow: float64 pair sums over the n^2 ordered pairs; SGD: n P pairs in float32.
            ForceSystem pairSystem = dynamics instanceof SystemStepper stepper ? stepper.system() : null;
            boolean pairSums = pairSystem != null;
            double fp32Peak = provider.vectorUsable() ? FmaPeak.gflops(config.threads(), 1000) : Double.NaN;
            double peak = pairSums ? fp32Peak / 2 : fp32Peak;
            double pairs = pairSums ? pairSystem.pairsPerStep() : (double) config.n() * config.batch();
            double flopsPerPair = pairSums ? pairSystem.flopsPerPair() : 4.0 * config.d();
            double gflops = flopsPerPair * pairs / stepSeconds * 1e-9;
            PhasePercentiles whole = timings.percentiles(Phase.STEP);
            return new BenchmarkResult(sim.kernel(), config.unit().label(), config.dynamics().toString(), config.d(),
                    config.n(), pairSums ? 0 : config.batch(), config.threads(),
                    provider.vectorUsable() ? VectorSupport.describe() : "none", System.getProperty("java.version"),
                    warmedSeconds, measured, stepSeconds * 1e3, whole.p50Ms(), whole.p90Ms(), whole.p99Ms(), whole.p999Ms(),
                    whole.maxMs(), pairs / stepSeconds, flopsPerPair, pairSums ? "float64" : "float32", gflops, peak,
                    gflops / peak, allocations.supported() ? (double) allocated / measured : Double.NaN,
                    timings.summary());
        }
    }

    /**
     * Steps for the warm-up's seconds, then on while the step still allocates (over
     * {@link #WARM_BYTES} a step in a window of {@link #WINDOW_SECONDS}): Vector API code allocates
     * until C2 has compiled it, and where the compiler threads share few cores with the workers
     * (a JVM pinned to one or two of the 16-core device's cores) that took longer than 1.5 s, and
     * bench timed interpreted steps (1-5 MB a step). No window starts after {@link #WARMUP_CAP} times
     * the warm-up (at least {@link #MIN_WARMUP_CAP_SECONDS}); a step that still allocates then shows in
     * allocBytesPerStep. Returns the steps taken (numbered from 0).
     */
    static long warmUp(LongConsumer step, Allocations allocations, double warmupSeconds) {
        long begin = System.nanoTime();
        long end = begin + (long) (warmupSeconds * 1e9);
        long cap = begin + (long) (Math.max(MIN_WARMUP_CAP_SECONDS, WARMUP_CAP * warmupSeconds) * 1e9);
        long steps = 0;
        do {
            step.accept(steps++);
        } while (System.nanoTime() < end);
        while (allocations.supported() && System.nanoTime() < cap) {
            long mark = allocations.bytes();
            long first = steps;
            long windowEnd = System.nanoTime() + (long) (WINDOW_SECONDS * 1e9);
            do {
                step.accept(steps++);
            } while (System.nanoTime() < windowEnd);
            if (allocations.since(mark) <= WARM_BYTES * (steps - first)) {
                break;
            }
        }
        return steps;
    }
}
