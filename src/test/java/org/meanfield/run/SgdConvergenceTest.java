package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.UnitKind;
import org.meanfield.observe.LossEstimate;

/** SGD actually learns: at small d a few hundred ReLU particles fit the 3-spin target well. */
class SgdConvergenceTest {
    @Test
    void sgdLowersTheTestLossByAClearFactor() {
        // d = 3, n = 256, P = 32, dt = 0.05, 3000 steps (t = 150), scalar engine on one thread
        // (about a second). Measured test loss over its initial value (= C_f, as c starts at 0):
        // 0.72, 0.22, 0.031, 0.014, 0.0067, 0.0040 after 500, 1000, ..., 3000 steps. Asserted: below
        // 0.04 at the end (a factor 10 of margin) and below 0.3 by step 1000.
        RunConfig config = RunConfig.builder().set(Params.DIM, 3).set(Params.PARTICLES, 256).set(Params.UNIT, UnitKind.RELU).set(Params.ALPHA, 1.0 / 3).set(Params.DYNAMICS, DynamicsKind.SGD).set(Params.BATCH, 32).set(Params.SAMPLE, 1).set(Params.DT, 0.05).set(Params.STEPS, 3000L).set(Params.TEMPERATURE, 0.0).set(Params.SEED, 1L).set(Params.TARGET_SEED, 1L).set(Params.SIGMA_C, 0.0).set(Params.THREADS, 1).set(Params.EVAL_EVERY, 1000L).set(Params.TEST_SIZE, 2000).set(Params.KERNEL, KernelChoice.SCALAR).resolve();
        try (Simulation sim = new Simulation(config, EngineProvider.detect())) {
            LossEstimate initial = sim.evaluate();
            LossEstimate atThousand = null;
            for (long step = 0; step < config.steps(); step++) {
                sim.dynamics().step(step);
                if (step + 1 == 1000) {
                    atThousand = sim.evaluate();
                }
            }
            LossEstimate last = sim.evaluate();
            assertTrue(atThousand.loss() < 0.3 * initial.loss(), "after 1000 steps " + atThousand + " from " + initial);
            assertTrue(last.loss() < 0.04 * initial.loss(), "after 3000 steps " + last + " from " + initial);
            assertTrue(last.relative() < 0.04, "loss / C_f = " + last.relative());
        }
    }
}
