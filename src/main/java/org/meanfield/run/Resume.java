package org.meanfield.run;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.CRC32C;

import org.meanfield.config.RunConfig;
import org.meanfield.config.RunFingerprint;
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
        checkpoint.requireRun(RunFingerprint.of(config, checkpoint.run().engine()), file);
        if (checkpoint.step() > config.steps()) {
            throw new IllegalArgumentException("--steps/--time: the run would end at step " + config.steps()
                    + ", before its checkpoint at step " + checkpoint.step() + " in " + file);
        }
        int phase = config.schedule().at(checkpoint.step()).index();
        if (checkpoint.phase() != Checkpoint.UNKNOWN_PHASE && checkpoint.phase() != phase) {
            throw new CheckpointException(file, "records phase " + (checkpoint.phase() + 1) + " at step "
                    + checkpoint.step() + ", but the run's phases put that step in phase " + (phase + 1));
        }
        checkMetrics(folder.resolve(RunFolders.METRICS), file, checkpoint.metrics());
        return new Resume(config, folder, checkpoint);
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
