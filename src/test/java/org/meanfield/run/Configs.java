package org.meanfield.run;

import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.UnitKind;

/** Small run configurations for tests, built by changing one field at a time. */
final class Configs {
    private Configs() {
    }

    /** d = 5, n = 600 (three chunks) ReLU particles, SGD with P = 32, dt = 0.05, 40 steps. */
    static RunConfig small(KernelChoice kernel) {
        return new RunConfig(5, 600, UnitKind.RELU, 0.2, DynamicsKind.SGD, 32, 256, 0.05, 40, 0, 1, 1, 0, 1, 10, 256,
                kernel);
    }

    static RunConfig withSeed(RunConfig c, long seed) {
        return new RunConfig(c.d(), c.n(), c.unit(), c.alpha(), c.dynamics(), c.batch(), c.sample(), c.dt(), c.steps(),
                c.temperature(), seed, c.targetSeed(), c.sigmaC(), c.threads(), c.evalEvery(), c.testSize(), c.kernel());
    }

    static RunConfig withThreads(RunConfig c, int threads) {
        return new RunConfig(c.d(), c.n(), c.unit(), c.alpha(), c.dynamics(), c.batch(), c.sample(), c.dt(), c.steps(),
                c.temperature(), c.seed(), c.targetSeed(), c.sigmaC(), threads, c.evalEvery(), c.testSize(), c.kernel());
    }

    static RunConfig withUnit(RunConfig c, UnitKind unit, DynamicsKind dynamics, double temperature, double sigmaC) {
        return new RunConfig(c.d(), c.n(), unit, c.alpha(), dynamics, c.batch(), c.sample(), c.dt(), c.steps(),
                temperature, c.seed(), c.targetSeed(), sigmaC, c.threads(), c.evalEvery(), c.testSize(), c.kernel());
    }

    static RunConfig withLength(RunConfig c, double dt, long steps, long evalEvery) {
        return new RunConfig(c.d(), c.n(), c.unit(), c.alpha(), c.dynamics(), c.batch(), c.sample(), dt, steps,
                c.temperature(), c.seed(), c.targetSeed(), c.sigmaC(), c.threads(), evalEvery, c.testSize(), c.kernel());
    }
}
