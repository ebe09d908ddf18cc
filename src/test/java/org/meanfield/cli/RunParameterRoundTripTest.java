package org.meanfield.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.config.Param;
import org.meanfield.config.ParamTable;
import org.meanfield.config.ParamType;
import org.meanfield.config.Params;
import org.meanfield.config.RunConfig;
import org.meanfield.config.RunFingerprint;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.CheckpointException;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.ConfigFile;
import org.meanfield.folder.Json;
import org.meanfield.folder.MetricsLog;
import org.meanfield.model.Particles;
import org.meanfield.sweep.SweepPoint;
import org.meanfield.sweep.SweepSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * Adding a run parameter touches one table: a parameter defined here, appended to {@link Params#RUN}
 * and nowhere else, is read from the command line, written to and read from config.json, set by a
 * sweep spec, and carried by a checkpoint's fingerprint, which then refuses a run with another value.
 */
class RunParameterRoundTripTest {
    /** A parameter the project does not have: a time scale of some decay, in mean-field time. */
    private static final Param<Double> DECAY_TIME = Param.of("decay_time", ParamType.DOUBLE, "--decay-time")
            .help("Mean-field time scale of a decay (0: none).").byDefault(0.0)
            .check((t, c) -> t >= 0 && t <= c.time() ? null : "must be in [0, the run's time " + c.time() + "], got " + t)
            .build();
    private static final ParamTable TABLE = Params.RUN.with(DECAY_TIME);

    @TempDir
    Path dir;

    private static RunConfig parse(String... args) {
        CommandSpec spec = CommandSpec.create();
        ParamOptions.addTo(spec, TABLE);
        CommandLine cli = new CommandLine(spec);
        return ParamOptions.given(cli.parseArgs(args), TABLE).resolve();
    }

    @Test
    void theCommandLineReadsItAndHelpListsIt() {
        RunConfig config = parse("-d", "5", "--steps", "1000", "--decay-time", "12.5");
        assertEquals(12.5, config.get(DECAY_TIME));
        assertEquals(0.0, parse("-d", "5").get(DECAY_TIME), "its default");
        assertEquals(List.of("--decay-time must be in [0, the run's time 50.0], got 60.0"),
                parse("--steps", "1000", "--decay-time", "60").problems());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> parse("--decay-time", "soon"));
        assertEquals("--decay-time must be a number, got 'soon'", bad.getMessage());
        CommandSpec spec = CommandSpec.create();
        ParamOptions.addTo(spec, TABLE);
        String help = new CommandLine(spec).getUsageMessage();
        assertTrue(help.contains("--decay-time=<decay_time>") && help.contains("Default: 0.0."), help);
    }

    @Test
    void configJsonWritesAndReadsIt() throws IOException {
        RunConfig config = parse("-d", "5", "--steps", "1000", "--decay-time", "12.5");
        ConfigFile.write(dir, config, Json.MAPPER.createObjectNode());
        assertEquals(12.5, ConfigFile.readTree(dir, "run").get("decay_time").asDouble());
        assertEquals(config, ConfigFile.read(dir, "run", TABLE));
    }

    @Test
    void aSweepSpecSetsIt() throws IOException {
        Path file = dir.resolve("spec.json");
        Files.writeString(file, """
                {"blocks": [{"name": "b", "base": {"d": 5, "steps": 1000}, "grid": {"decay_time": [2.5, 7]}}]}
                """);
        List<SweepPoint> points = SweepPoint.of(SweepSpec.read(file, TABLE), false);
        assertEquals(List.of("decay_time2.5", "decay_time7"), points.stream().map(SweepPoint::name).toList());
        assertEquals(7.0, points.get(1).config(TABLE, 1).get(DECAY_TIME));
        assertEquals("--decay-time=7", points.get(1).trainArgs(TABLE).get(2));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SweepSpec.read(file));
        assertTrue(unknown.getMessage().contains("unknown key 'decay_time'"), "not in the run's own table");
    }

    @Test
    void aCheckpointCarriesItAndRefusesAnotherValue() throws IOException {
        RunConfig config = parse("-d", "3", "-n", "4", "--decay-time", "12.5");
        RunFingerprint run = RunFingerprint.of(config, "scalar");
        assertEquals("12.5", run.get("decay_time"));
        Path file = dir.resolve("checkpoint.bin");
        CheckpointFormat.write(file, new Checkpoint(run, 0, 0, 0, 0, 0, MetricsLog.Position.EMPTY, 0,
                new Particles(4, 4)));
        Checkpoint read = CheckpointFormat.read(file);
        assertEquals(run, read.run());
        RunFingerprint other = RunFingerprint.of(config.with(DECAY_TIME, 3.0), "scalar");
        assertNotEquals(run, other);
        CheckpointException refused = assertThrows(CheckpointException.class, () -> read.requireRun(other, file));
        assertTrue(refused.getMessage().contains("decay_time is 12.5 in the checkpoint but 3.0 in this run"),
                refused.getMessage());
    }
}
