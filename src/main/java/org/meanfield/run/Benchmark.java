package org.meanfield.run;

import java.util.List;

import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.dynamics.Stepper;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.FmaPeak;
import org.meanfield.engine.KernelChoice;
import org.meanfield.engine.VectorSupport;
import org.meanfield.model.UnitKind;
import org.meanfield.observe.Allocations;
import org.meanfield.observe.Phase;
import org.meanfield.observe.PhasePercentiles;
import org.meanfield.observe.PhaseTimings;

/**
 * Times full SGD steps of one configuration after a warm-up: the stepper's own probe records every
 * step's and every phase's wall time in HdrHistograms (which do not allocate when recording; the
 * warm-up's are dropped). Counts the bytes the instrumented step allocates, and measures the FMA peak
 * with the same number of threads in the same process.
 */
public final class Benchmark {
    private final RunConfig config;
    private final double warmupSeconds;
    private final double measureSeconds;

    /** A benchmark of the SGD step; validates every argument with a one-line reason. */
    public Benchmark(UnitKind unit, int d, int n, int batch, int threads, KernelChoice kernel, double warmupSeconds,
            double measureSeconds) {
        // dt is small and c starts at 0, so the particles stay in their initial regime while timed.
        this.config = new RunConfig(d, n, unit, 1.0 / Math.max(1, d), DynamicsKind.SGD, batch, 1, 1e-3, 0, 0, 1, 1,
                0, threads, 1, 2, kernel);
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
            Stepper stepper = sim.stepper();
            PhaseTimings timings = Training.labelledProbe(sim).timings();
            long step = 0;
            long warmupEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            do {
                stepper.step(step++);
            } while (System.nanoTime() < warmupEnd);
            timings.reset();

            Allocations allocations = Allocations.of(sim.engine());
            long allocationMark = allocations.bytes();
            long begin = System.nanoTime();
            long end = begin + (long) (measureSeconds * 1e9);
            long measured = 0;
            long now;
            do {
                stepper.step(step++);
                measured++;
                now = System.nanoTime();
            } while (now < end);
            long allocated = allocations.since(allocationMark);
            double stepSeconds = (now - begin) * 1e-9 / measured;

            double peak = provider.vectorUsable() ? FmaPeak.gflops(config.threads(), 1000) : Double.NaN;
            double pairs = (double) config.n() * config.batch();
            double gflops = 4.0 * config.d() * pairs / stepSeconds * 1e-9;
            PhasePercentiles whole = timings.percentiles(Phase.STEP);
            return new BenchmarkResult(sim.engine().kernel(), config.unit().label(), config.d(), config.n(),
                    config.batch(), config.threads(), provider.vectorUsable() ? VectorSupport.describe() : "none",
                    System.getProperty("java.version"), measured, stepSeconds * 1e3, whole.p50Ms(), whole.p90Ms(),
                    whole.p99Ms(), whole.p999Ms(), whole.maxMs(), pairs / stepSeconds, gflops, peak, gflops / peak,
                    allocations.supported() ? (double) allocated / measured : Double.NaN, timings.summary());
        }
    }
}
