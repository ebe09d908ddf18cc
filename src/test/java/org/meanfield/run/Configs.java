package org.meanfield.run;

import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.UnitKind;

/** Small run configurations for tests, built by changing one field at a time. */
final class Configs {
    private Configs() {
    }

    /** d = 5, n = 600 (three chunks) ReLU particles, SGD with P = 32, dt = 0.05, 40 steps. */
    static RunConfig small(KernelChoice kernel) {
        return RunConfig.builder().set(Params.DIM, 5).set(Params.PARTICLES, 600).set(Params.UNIT, UnitKind.RELU)
                .set(Params.ALPHA, 0.2).set(Params.BATCH, 32).set(Params.SAMPLE, 256).set(Params.STEPS, 40L)
                .set(Params.THREADS, 1).set(Params.EVAL_EVERY, 10L).set(Params.TEST_SIZE, 256)
                .set(Params.KERNEL, kernel).resolve();
    }

    static RunConfig withSeed(RunConfig c, long seed) {
        return c.with(Params.SEED, seed);
    }

    static RunConfig withThreads(RunConfig c, int threads) {
        return c.withThreads(threads);
    }

    static RunConfig withUnit(RunConfig c, UnitKind unit, DynamicsKind dynamics, double temperature, double sigmaC) {
        return c.with(Params.UNIT, unit).with(Params.DYNAMICS, dynamics).with(Params.TEMPERATURE, temperature)
                .with(Params.SIGMA_C, sigmaC);
    }

    static RunConfig withLength(RunConfig c, double dt, long steps, long evalEvery) {
        return c.with(Params.DT, dt).withSteps(steps).with(Params.EVAL_EVERY, evalEvery);
    }
}
