package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.KernelChoice;
import org.meanfield.folder.Json;
import org.meanfield.folder.Summary;
import org.meanfield.model.UnitKind;
import org.meanfield.observe.PhasePercentiles;

/** summary.json and bench carry ordered per-phase percentiles; only ordering is checked, never values. */
class TimingSummaryTest {
    private static final long STEPS = 40;
    private static final long EVAL_EVERY = 10;

    private static RunConfig config(double temperature) {
        return RunConfig.builder().set(Params.DIM, 5).set(Params.PARTICLES, 300).set(Params.UNIT, UnitKind.RELU).set(Params.ALPHA, 0.2).set(Params.DYNAMICS, DynamicsKind.SGD).set(Params.BATCH, 16).set(Params.SAMPLE, 64).set(Params.DT, 0.05).set(Params.STEPS, (long) STEPS).set(Params.TEMPERATURE, (double) temperature).set(Params.SEED, 1L).set(Params.TARGET_SEED, 1L).set(Params.SIGMA_C, 0.0).set(Params.THREADS, 1).set(Params.EVAL_EVERY, (long) EVAL_EVERY).set(Params.TEST_SIZE, 64).set(Params.KERNEL, KernelChoice.AUTO).resolve();
    }

    @Test
    void summaryJsonHasOrderedPercentilesPerPhase(@TempDir Path folder) throws IOException {
        Summary returned = Training.run(config(0), folder, EngineProvider.detect(), new Training.Listener() { });

        Summary summary = Json.read(folder.resolve("summary.json"), Summary.class);
        assertEquals(returned, summary, "summary.json reads back as the returned summary");
        Map<String, PhasePercentiles> timings = summary.timings();
        assertEquals(List.of("step", "sample", "forward", "backward", "evaluation"), List.copyOf(timings.keySet()),
                "no noise phase at zero temperature");
        for (String phase : List.of("step", "sample", "forward", "backward")) {
            assertEquals(STEPS, timings.get(phase).count(), phase);
        }
        assertEquals(STEPS / EVAL_EVERY + 1, timings.get("evaluation").count());
        timings.forEach((phase, p) -> assertOrdered(phase, p));

        JsonNode step = Json.MAPPER.readTree(folder.resolve("summary.json").toFile()).path("timings").path("step");
        for (String field : List.of("p50_ms", "p90_ms", "p99_ms", "p999_ms", "max_ms")) {
            assertTrue(step.path(field).isNumber(), "timings.step." + field + " in summary.json");
        }
        assertTrue(summary.finalTestLoss() > 0, "the existing fields are still there");
    }

    @Test
    void noiseIsTimedWhenTheTemperatureIsPositive(@TempDir Path folder) throws IOException {
        Summary summary = Training.run(config(0.01), folder, EngineProvider.detect(), new Training.Listener() { });
        assertEquals(STEPS, summary.timings().get("noise").count());
        assertOrdered("noise", summary.timings().get("noise"));
    }

    @Test
    void benchReportsEveryPhaseOfTheMeasuredSteps() throws InterruptedException {
        BenchmarkResult result = new Benchmark(UnitKind.RELU, DynamicsKind.SGD, 5, 256, 16, 1, KernelChoice.AUTO, 0.05, 0.2).run();
        Map<String, PhasePercentiles> phases = result.phases();
        assertEquals(List.of("step", "sample", "forward", "backward"), List.copyOf(phases.keySet()));
        for (PhasePercentiles p : phases.values()) {
            assertEquals(result.steps(), p.count(), "the warm-up is not counted");
        }
        phases.forEach((phase, p) -> assertOrdered(phase, p));
        assertEquals(phases.get("step").p50Ms(), result.stepMsP50());
        assertTrue(result.table().contains("backward"), result.table());
        assertFalse(result.table().contains("evaluation"), result.table());
    }

    private static void assertOrdered(String phase, PhasePercentiles p) {
        String text = phase + " " + p;
        assertTrue(p.p50Ms() > 0, text);
        assertTrue(p.p50Ms() <= p.p90Ms(), text);
        assertTrue(p.p90Ms() <= p.p99Ms(), text);
        assertTrue(p.p99Ms() <= p.p999Ms(), text);
        assertTrue(p.p999Ms() <= p.maxMs(), text);
    }
}
