package org.meanfield.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jdk.jfr.Configuration;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.KernelChoice;
import org.meanfield.model.UnitKind;
import org.meanfield.run.Training;

/** {@code train --profile}: a JFR file that RecordingFile reads, with one step event per step. */
class JfrRecordingTest {
    private static final long STEPS = 30;
    private static final long EVAL_EVERY = 10;

    @Test
    void aProfiledRunRecordsOneStepEventPerStepAndOneEvaluationEventPerRow(@TempDir Path folder) throws IOException {
        RunConfig config = RunConfig.builder().set(Params.DIM, 5).set(Params.PARTICLES, 256).set(Params.UNIT, UnitKind.RELU).set(Params.ALPHA, 0.2).set(Params.DYNAMICS, DynamicsKind.SGD).set(Params.BATCH, 16).set(Params.SAMPLE, 64).set(Params.DT, 0.05).set(Params.STEPS, (long) STEPS).set(Params.TEMPERATURE, 0.01).set(Params.SEED, 1L).set(Params.TARGET_SEED, 1L).set(Params.SIGMA_C, 0.0).set(Params.THREADS, 2).set(Params.EVAL_EVERY, (long) EVAL_EVERY).set(Params.TEST_SIZE, 64).set(Params.KERNEL, KernelChoice.AUTO).resolve();
        Training.run(config, folder, EngineProvider.detect(), new Training.Listener() { }, true);

        Path file = folder.resolve(Training.PROFILE_FILE);
        assertTrue(Files.size(file) > 0, "empty " + file);
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        List<RecordedEvent> steps = events.stream().filter(e -> e.getEventType().getName().equals(StepEvent.NAME))
                .toList();
        long evaluations = events.stream().filter(e -> e.getEventType().getName().equals(EvaluationEvent.NAME))
                .count();
        assertEquals(STEPS, steps.size(), "step events");
        assertEquals(STEPS / EVAL_EVERY + 1, evaluations, "evaluation events (step 0 and every " + EVAL_EVERY + ")");
        for (int k = 0; k < steps.size(); k++) {
            RecordedEvent step = steps.get(k);
            assertEquals(k, step.getLong("step"));
            assertEquals(5, step.getInt("d"));
            assertEquals(256, step.getInt("n"));
            assertEquals(16, step.getInt("batch"));
            assertEquals("relu", step.getString("unit"));
            assertTrue(step.getLong("forward") > 0 && step.getLong("backward") > 0 && step.getLong("noise") > 0,
                    step.toString());
            assertTrue(step.getDuration().toNanos() >= step.getLong("forward") + step.getLong("backward"),
                    step.toString());
        }
    }

    @Test
    void theSettingsEnableTheProjectEventsAndSampling() throws IOException {
        Configuration settings = JfrProfile.settings();
        Map<String, String> values = settings.getSettings();
        assertEquals("true", values.get(StepEvent.NAME + "#enabled"));
        assertEquals("true", values.get(EvaluationEvent.NAME + "#enabled"));
        assertEquals("true", values.get("jdk.ExecutionSample#enabled"));
        assertEquals("true", values.get("jdk.ObjectAllocationSample#enabled"));
        assertEquals("false", values.get("jdk.ThreadPark#enabled"));
    }
}
