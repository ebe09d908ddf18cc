package org.meanfield.run;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

import org.meanfield.config.Params;
import org.meanfield.config.Phases;
import org.meanfield.config.RunConfig;
import org.meanfield.config.RunFingerprint;
import org.meanfield.config.Schedule;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.CheckpointException;
import org.meanfield.folder.CheckpointFormat;
import org.meanfield.folder.ConfigFile;
import org.meanfield.folder.MetricsLog;
import org.meanfield.folder.RunFolders;

/**
 * A run folder ready to be continued: its config (with the changes a resume allows), its last
 * checkpoint, checked to belong to that config, and the check that {@code metrics.csv} holds every
 * row the checkpoint records. Loading only reads; nothing in the folder changes until
 * {@link Training#resume} has also checked the engine and starts.
 *
 * @param config the run's config, as it will continue
 * @param folder the run folder
 * @param checkpoint the state to continue from; null for a run stopped before its first checkpoint
 *     was written, which starts again from step 0
 */
public record Resume(RunConfig config, Path folder, Checkpoint checkpoint) {

    /**
     * The run parameters of {@code folder}'s {@code config.json}, for --resume.
     *
     * @throws IllegalArgumentException one line naming --resume, the folder and what is wrong
     */
    public static RunConfig readConfig(Path folder) {
        return ConfigFile.read(folder, "--resume " + folder);
    }

    /**
     * Reads and verifies the checkpoint of {@code folder} and its metrics.csv, to continue as
     * {@code config}.
     *
     * @throws CheckpointException if a file is missing, damaged, foreign, of another version, of
     *     another run, or if they do not match each other; a run stopped before its first checkpoint
     *     (no checkpoint, no metrics.csv) is no error: it loads with a null checkpoint
     * @throws IllegalArgumentException if {@code config} ends before the checkpoint
     */
    public static Resume load(Path folder, RunConfig config) throws CheckpointException {
        Path file = folder.resolve(RunFolders.CHECKPOINT);
        if (!Files.exists(file)) {
            // config.json is written before the first checkpoint, and metrics.csv after it.
            if (Files.exists(folder.resolve(RunFolders.METRICS))) {
                throw new CheckpointException(file, "does not exist, but " + RunFolders.METRICS
                        + " does: the checkpoint was removed, so the run cannot be continued");
            }
            return new Resume(config, folder, null);
        }
        Checkpoint checkpoint = CheckpointFormat.read(file);
        // The engine is checked when it is built, by Training.resume.
        checkpoint.requireRun(RunFingerprint.of(asCheckpointed(config, checkpoint), checkpoint.run().engine()), file);
        if (checkpoint.step() > config.steps()) {
            throw new IllegalArgumentException("--steps/--time: the run would end at step " + config.steps()
                    + ", before its checkpoint at step " + checkpoint.step() + " in " + file);
        }
        requirePhaseHolds(config.schedule(), checkpoint, file);
        checkMetrics(folder.resolve(RunFolders.METRICS), file, checkpoint.metrics());
        return new Resume(config, folder, checkpoint);
    }

    /**
     * {@code config} as the run that wrote {@code checkpoint} was set up: cut back to its phases when
     * config appends phases to them, so that the fingerprints compare (see {@link RunConfig#asBefore}).
     */
    static RunConfig asCheckpointed(RunConfig config, Checkpoint checkpoint) {
        String phases = checkpoint.run().get(Params.PHASES.key());
        try {
            return phases == null ? config : config.asBefore(Phases.parse(phases));
        } catch (IllegalArgumentException e) {
            return config; // not phases this build reads: the fingerprints differ, and say so
        }
    }

    /**
     * The checkpoint's phase must still hold its step (at its end, for a run whose last phase has
     * now been given a length and phases after it): a phase that ends before it would change the
     * steps the run has taken.
     */
    private static void requirePhaseHolds(Schedule schedule, Checkpoint checkpoint, Path file)
            throws CheckpointException {
        int recorded = checkpoint.phase();
        long step = checkpoint.step();
        if (recorded == Checkpoint.UNKNOWN_PHASE) {
            return;
        }
        List<Schedule.Phase> phases = schedule.phases();
        if (recorded < phases.size() && phases.get(recorded).start() <= step && step <= phases.get(recorded).end()) {
            return;
        }
        String span = recorded < phases.size() ? " (phase " + (recorded + 1) + " takes steps "
                + phases.get(recorded).start() + " to " + phases.get(recorded).end() + ")" : "";
        throw new CheckpointException(file, "records phase " + (recorded + 1) + " at step " + step
                + ", but the run's phases put that step in phase " + (schedule.at(step).index() + 1) + span);
    }

    /**
     * Checks that metrics.csv holds at least the header and the whole rows the checkpoint counted, and
     * that those bytes are the ones it recorded (their CRC32C); what follows them (rows after the
     * checkpoint, a line torn by a crash) is cut off on resuming.
     */
    private static void checkMetrics(Path metrics, Path file, MetricsLog.Position at) throws CheckpointException {
        if (at.bytes() == 0 && at.rows() == 0) {
            return; // checkpointed before the header: the file is rewritten from its start
        }
        long size;
        try {
            size = Files.size(metrics);
        } catch (IOException e) {
            throw new CheckpointException(metrics, "is missing or unreadable; " + file + " records "
                    + at.bytes() + " bytes of it");
        }
        if (size < at.bytes()) {
            throw new CheckpointException(metrics, "holds " + size + " bytes, fewer than the " + at.bytes()
                    + " that " + file + " records");
        }
        long lines = 0;
        int last = -1;
        CRC32C crc = new CRC32C();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(metrics), 1 << 16)) {
            for (long k = 0; k < at.bytes(); k++) {
                last = in.read();
                crc.update(last);
                if (last == '\n') {
                    lines++;
                }
            }
        } catch (IOException e) {
            throw new CheckpointException(metrics, "cannot be read (" + e.getMessage() + ")");
        }
        if (last != '\n' || lines != at.rows() + 1) {
            throw new CheckpointException(metrics, "does not match " + file + ": its first " + at.bytes()
                    + " bytes hold " + lines + " lines, the checkpoint records a header and " + at.rows() + " rows");
        }
        if (at.crc() != MetricsLog.Position.UNKNOWN_CRC && crc.getValue() != at.crc()) {
            throw new CheckpointException(metrics, String.format(Locale.ROOT, "was changed after %s was written: "
                    + "the CRC32C of its first %d bytes is %08x, the checkpoint records %08x", file, at.bytes(),
                    crc.getValue(), at.crc()));
        }
    }
}
