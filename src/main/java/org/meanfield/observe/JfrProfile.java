package org.meanfield.observe;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * A JFR recording of this JVM with the project's settings ({@code profiles/meanfield.jfc}, packaged
 * next to this class): method samples, allocation samples, GC, and the {@link StepEvent} and
 * {@link EvaluationEvent} of the run. Written to its file when closed.
 */
public final class JfrProfile implements AutoCloseable {
    /** The settings file, a classpath resource copied from {@code profiles/} by the build. */
    public static final String SETTINGS = "meanfield.jfc";

    private final Recording recording;
    private final Path destination;

    private JfrProfile(Recording recording, Path destination) {
        this.recording = recording;
        this.destination = destination;
    }

    /** Starts recording; the file {@code destination} is written by {@link #close()}. */
    public static JfrProfile start(Path destination) throws IOException {
        Recording recording = new Recording(settings());
        try {
            recording.setName("meanfield");
            recording.setToDisk(true);
            recording.setDestination(destination);
            recording.start();
            return new JfrProfile(recording, destination);
        } catch (IOException | RuntimeException e) {
            recording.close();
            throw e;
        }
    }

    /** The project's JFR settings. */
    public static Configuration settings() throws IOException {
        try (InputStream in = JfrProfile.class.getResourceAsStream(SETTINGS)) {
            if (in == null) {
                throw new IOException("JFR settings " + SETTINGS + " are missing from the classpath (build problem)");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return Configuration.create(reader);
            }
        } catch (ParseException e) {
            throw new IOException("JFR settings " + SETTINGS + " do not parse: " + e.getMessage(), e);
        }
    }

    /** Stops the recording and writes its file; fails if the file was not written. */
    @Override
    public void close() throws IOException {
        // stop() writes the destination; close() frees the recording's repository chunks.
        try {
            recording.stop();
        } finally {
            recording.close();
        }
        // JFR reports a failed dump as a log line, not an exception; a missing file must not pass silently.
        if (!Files.isRegularFile(destination)) {
            throw new IOException("JFR did not write " + destination);
        }
    }
}
