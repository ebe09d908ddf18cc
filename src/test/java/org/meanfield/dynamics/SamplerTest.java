package org.meanfield.dynamics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.meanfield.engine.TargetEvaluator;
import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;

/** SGD draws fresh batches that a checkpoint can replay; GD reuses one sample. */
class SamplerTest {
    private final ThreeSpinTarget target = new ThreeSpinTarget(4, 1);
    private final TargetEvaluator evaluator = TargetEvaluator.scalar(target);

    @Test
    void freshBatchesDifferAndRestoreReplaysThem() {
        FreshSampler sampler = new FreshSampler(target, evaluator, 16, 3);
        double[] first = sampler.next().coords().clone();
        long saved = sampler.state();
        Points second = sampler.next();
        double[] secondCoords = second.coords().clone();
        double[] secondTarget = second.target().clone();
        assertFalse(java.util.Arrays.equals(first, secondCoords));
        sampler.restore(saved);
        Points replay = sampler.next();
        assertArrayEquals(secondCoords, replay.coords());
        assertArrayEquals(secondTarget, replay.target());
        for (int p = 0; p < replay.count(); p++) {
            assertEquals(target.evaluate(replay.coords(), p * 4), replay.target()[p]);
        }
    }

    @Test
    void fixedSampleIsTheSameEveryStepAndFixedBySeed() {
        FixedSampler sampler = new FixedSampler(target, evaluator, 32, 8);
        double[] first = sampler.next().coords().clone();
        assertSame(sampler.next(), sampler.next());
        assertArrayEquals(first, sampler.next().coords());
        assertArrayEquals(first, new FixedSampler(target, evaluator, 32, 8).next().coords());
        assertFalse(java.util.Arrays.equals(first, new FixedSampler(target, evaluator, 32, 9).next().coords()));
    }
}
