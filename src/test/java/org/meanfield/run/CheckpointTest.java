package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanfield.run.RunFixtures.assertBitwiseEqual;
import static org.meanfield.run.RunFixtures.assertSameFinalState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanfield.config.RunConfig;
import org.meanfield.config.RunFingerprint;
import org.meanfield.dynamics.DynamicsKind;
import org.meanfield.engine.EngineProvider;
import org.meanfield.engine.KernelChoice;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.Json;
import org.meanfield.folder.MetricsLog;
import org.meanfield.folder.RunFolders;
import org.meanfield.folder.Summary;
import org.meanfield.model.Particles;
import org.meanfield.model.Rng;
import org.meanfield.model.UnitKind;

/** The checkpoint file, and runs stopped at a checkpoint and continued from it, in this JVM. */
class CheckpointTest {
    private static final EngineProvider PROVIDER = EngineProvider.detect();
    private static final Training.Listener QUIET = new Training.Listener() {
    };

    @TempDir
    Path dir;

    private static Checkpoint sample(int n, int zDim) {
        Particles particles = new Particles(n, zDim);
        Rng rng = new Rng(5);
        for (int i = 0; i < particles.c().length; i++) {
            particles.c()[i] = rng.nextGaussian();
        }
        for (int k = 0; k < particles.z().length; k++) {
            particles.z()[k] = rng.nextGaussian() * 1e-3;
        }
        // Values that a text format would mangle.
        particles.c()[0] = -0.0;
        particles.z()[1] = Double.MIN_VALUE;
        particles.z()[2] = (float) 0.1;
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("d", "7");
        fields.put("n", Integer.toString(n));
        fields.put("unit", "relu");
        fields.put("alpha", Double.toString(1.0 / 7));
        fields.put("seed", "-3");
        fields.put("note", "\u00e9t\u00e9, a key the format does not know");
        fields.put(RunFingerprint.Z_DIM, Integer.toString(zDim));
        fields.put(RunFingerprint.ENGINE, "vector");
        fields.put(RunFingerprint.TARGET_CHECKSUM, "deadbeef");
        return new Checkpoint(new RunFingerprint(fields), 1234, 1234 * 0.05, 0x0123456789abcdefL, 3.25, 7,
                new MetricsLog.Position(124, 9876, 0xfedcba98L), 12.5, particles, 2);
    }

    @Test
    void formatRoundTripsEveryFieldAndEveryBit() throws IOException {
        Checkpoint written = sample(300, 8);
        Path file = dir.resolve(RunFolders.CHECKPOINT);
        CheckpointFormat.write(file, written);
        Checkpoint read = CheckpointFormat.read(file);
        assertEquals(written.run(), read.run());
        assertEquals(written.step(), read.step());
        assertEquals(written.t(), read.t());
        assertEquals(written.samplerState(), read.samplerState());
        assertEquals(written.batchSum(), read.batchSum());
        assertEquals(written.batchCount(), read.batchCount());
        assertEquals(written.metrics(), read.metrics());
        assertEquals(written.wallSeconds(), read.wallSeconds());
        assertEquals(2, read.phase());
        assertBitwiseEqual(written.particles(), read.particles());
        // The run is a count and (key, value) strings of 2 length bytes and UTF-8; the state nine
        // 8-byte fields and the 4-byte phase; the particles 8 bytes a number.
        long head = CheckpointFormat.PREAMBLE + 4 + 9 * 8 + 4;
        for (Map.Entry<String, String> field : written.run().fields().entrySet()) {
            head += 2 + field.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    + 2 + field.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        }
        assertEquals(head + 8L * 300 * 9 + 4, Files.size(file));
        byte[] bytes = Files.readAllBytes(file);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals("MFCKPT", new String(bytes, 1, 6, java.nio.charset.StandardCharsets.US_ASCII));
        RunFixtures.assertNoTemporaryFiles(dir);
    }

    @Test
    void writingReplacesThePreviousFileWhole() throws IOException {
        Path file = dir.resolve(RunFolders.CHECKPOINT);
        CheckpointFormat.write(file, sample(600, 6));
        Checkpoint smaller = sample(10, 3);
        CheckpointFormat.write(file, smaller);
        assertEquals(10, CheckpointFormat.read(file).particles().n());
    }

    @ParameterizedTest
    @EnumSource(value = KernelChoice.class, names = {"SCALAR", "AUTO"})
    void engineParticlesRoundTripExactlyThroughACheckpoint(KernelChoice kernel) throws IOException {
        // The vector engine keeps float32: read() widens exactly, write() narrows back exactly.
        RunConfig config = Configs.withUnit(Configs.small(kernel), UnitKind.SIGMOID, DynamicsKind.SGD, 0.01, 0.5);
        Particles moved;
        try (Simulation sim = new Simulation(config, PROVIDER)) {
            for (long step = 0; step < 5; step++) {
                sim.dynamics().step(step);
            }
            moved = sim.particles();
        }
        Path file = dir.resolve(RunFolders.CHECKPOINT);
        try (Simulation fresh = new Simulation(config, PROVIDER)) {
            assertEquals(kernel == KernelChoice.AUTO && PROVIDER.vectorUsable() ? "vector" : "scalar",
                    fresh.kernel());
            Checkpoint checkpoint = new Checkpoint(RunFingerprint.of(fresh.config(), fresh.kernel(), fresh.target()), 5, 0.25, 0, 0, 0, MetricsLog.Position.EMPTY,
                    0, moved);
            CheckpointFormat.write(file, checkpoint);
            fresh.restore(CheckpointFormat.read(file));
            assertBitwiseEqual(moved, fresh.particles());
        }
    }

    static Stream<Arguments> runs() {
        List<Arguments> out = new ArrayList<>();
        for (KernelChoice kernel : List.of(KernelChoice.SCALAR, KernelChoice.AUTO)) {
            out.add(Arguments.of(kernel, DynamicsKind.SGD, 0.0));
            out.add(Arguments.of(kernel, DynamicsKind.GD, 0.01));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} temperature {2}")
    @MethodSource("runs")
    void aRunStoppedMidwayAndResumedOnOtherThreadsEndsAsTheUninterruptedRun(KernelChoice kernel,
            DynamicsKind dynamics, double temperature) throws IOException {
        // 47 steps evaluated every 10: the stop at step 23 falls between evaluations, with a partial
        // batch-loss sum that the checkpoint must carry.
        RunConfig config = Configs.withLength(Configs.withUnit(Configs.small(kernel), UnitKind.RELU, dynamics,
                temperature, 0), 0.05, 47, 10);
        Path reference = Files.createDirectories(dir.resolve("reference"));
        Training.run(config, reference, PROVIDER, QUIET);

        Path stopped = Files.createDirectories(dir.resolve("stopped"));
        StopSignal stop = new StopSignal();
        TrainingOptions options = new TrainingOptions(false, new CheckpointInterval(5, 0), stop);
        RunStoppedException e = assertThrows(RunStoppedException.class,
                () -> Training.run(config, stopped, PROVIDER, new Training.Listener() {
                    @Override
                    public void stepped(long step, double batchLoss) {
                        if (step == 23) {
                            stop.request();
                        }
                    }
                }, options));
        assertEquals(23, e.step());
        assertTrue(e.getMessage().contains("--resume " + stopped), e.getMessage());
        assertFalse(Files.exists(stopped.resolve(RunFolders.SUMMARY)), "no summary for a stopped run");
        Checkpoint atStop = RunFixtures.checkpoint(stopped);
        assertEquals(23, atStop.step());
        assertEquals(3, atStop.batchCount(), "steps 21, 22, 23 since the row at step 20");
        assertEquals(3, atStop.metrics().rows(), "rows at steps 0, 10, 20");
        assertEquals(Files.size(stopped.resolve(RunFolders.METRICS)), atStop.metrics().bytes());

        RunConfig other = Configs.withThreads(config, 2);
        Summary summary = Training.resume(Resume.load(stopped, other), PROVIDER, QUIET, TrainingOptions.defaults());
        assertEquals(47, summary.steps());
        assertSameFinalState(reference, stopped);
        assertEquals(Json.read(reference.resolve(RunFolders.SUMMARY), Summary.class).finalTestLoss(),
                summary.finalTestLoss());
    }

    @Test
    void checkpointsFallOnMultiplesOfAStepInterval() throws IOException {
        RunConfig config = Configs.withLength(Configs.small(KernelChoice.SCALAR), 0.05, 30, 10);
        Path folder = Files.createDirectories(dir.resolve("every7"));
        List<Long> seen = new ArrayList<>();
        TrainingOptions options = new TrainingOptions(false, new CheckpointInterval(7, 0), new StopSignal());
        Training.run(config, folder, PROVIDER, new Training.Listener() {
            @Override
            public void stepped(long step, double batchLoss) {
                try {
                    // Before step `step` is checkpointed: the file holds the one before.
                    seen.add(RunFixtures.checkpoint(folder).step());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
        }, options);
        for (int k = 0; k < seen.size(); k++) {
            long step = k + 1;
            assertEquals((step - 1) / 7 * 7, seen.get(k), "checkpoint seen at step " + step);
        }
        assertEquals(30, RunFixtures.checkpoint(folder).step(), "the last step is always checkpointed");
    }
}
