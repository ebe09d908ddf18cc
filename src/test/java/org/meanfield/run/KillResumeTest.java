package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.meanfield.run.RunFixtures.assertSameFinalState;
import static org.meanfield.run.RunFixtures.cliOk;
import static org.meanfield.run.RunFixtures.resume;
import static org.meanfield.run.RunFixtures.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meanfield.folder.AtomicFiles;
import org.meanfield.folder.Checkpoint;
import org.meanfield.folder.RunFolders;
import org.meanfield.sweep.ChildJvm;

/**
 * Crash safety, for real: {@code meanfield train} in a child JVM is killed with SIGKILL at random
 * moments (and once while it writes a checkpoint), resumed each time, and must end with the
 * particles and metrics.csv (but wall_s) of the same run never interrupted, bit for bit. SIGTERM
 * stops a run after a last checkpoint, and it too resumes to the same end.
 *
 * <p>The kill times are random; the seed is printed, and {@code -Dmeanfield.killSeed=...} replays it.
 */
class KillResumeTest {
    /** Kills per combination of dynamics and threads. */
    private static final int KILLS = 3;
    private static final long TIMEOUT_SECONDS = 60;
    private static final long SEED = Long.getLong("meanfield.killSeed", System.nanoTime());

    @TempDir
    Path dir;

    /** n = 600 spans three chunks of particles; a checkpoint every 3 steps makes kills land in writes. */
    private static String[] options(String dynamics, int threads, String steps, String checkpointEvery) {
        return new String[] {"-d", "5", "-n", "600", "-P", "32", "-M", "256", "--test-size", "256", "--dynamics",
            dynamics, "--temperature", dynamics.equals("gd") ? "0.001" : "0", "--steps", steps, "--eval-every", "10",
            "--checkpoint-every", checkpointEvery, "--threads", Integer.toString(threads)};
    }

    static Stream<Arguments> combinations() {
        return Stream.of(Arguments.of("sgd", 1), Arguments.of("sgd", 2), Arguments.of("gd", 1), Arguments.of("gd", 2));
    }

    @ParameterizedTest(name = "{0}, {1} thread(s)")
    @MethodSource("combinations")
    void killedAtRandomMomentsAndResumedEndsAsTheRunNeverInterrupted(String dynamics, int threads) throws Exception {
        String[] options = options(dynamics, threads, "180", "3");
        Path reference = dir.resolve("reference");
        cliOk(train(reference, options));

        Random random = new Random(SEED + 31L * threads + dynamics.hashCode());
        Path folder = dir.resolve("killed");
        List<String> kills = new ArrayList<>();
        for (int k = 0; k < KILLS; k++) {
            long before = stepOf(folder);
            // The interval is not part of the run: a resume is given it again.
            Process child = start(k == 0 ? train(folder, options) : resume(folder, "--checkpoint-every", "3"),
                    "kill" + k);
            // Once this child has written a checkpoint of its own (it is past start-up), a random
            // moment later; the last kill in the middle of a checkpoint write, as soon as its
            // temporary file appears.
            long pid = child.pid();
            waitUntil(() -> stepOf(folder) != before, child, true);
            Thread.sleep(random.nextInt(k == 0 ? 800 : 300)); // the first child still warms up
            if (k == KILLS - 1) {
                waitUntil(() -> writing(folder, pid), child, false);
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), "the killed child ends");
            boolean inWrite = writing(folder, pid);
            kills.add("exit " + child.exitValue() + (inWrite ? " during a checkpoint write" : "")
                    + ", checkpoint at step " + stepOf(folder));
        }
        // The last resume runs in this JVM: it saves a JVM start, and resuming is the same code.
        cliOk(resume(folder));
        System.out.printf("kill-and-resume %s, %d thread(s), seed %d: %s%n", dynamics, threads, SEED, kills);
        assertSameFinalState(reference, folder);
    }

    @Test
    void sigtermStopsAfterACheckpointAndTheRunResumesToTheSameEnd() throws Exception {
        // Periodic checkpoints only every 100000 steps: the one at the stop comes from the signal.
        String[] options = options("sgd", 1, "3000", "100000");
        Path folder = dir.resolve("stopped");
        Process child = start(train(folder, options), "term");
        Path metrics = folder.resolve(RunFolders.METRICS);
        waitUntil(() -> Files.exists(metrics) && lines(metrics) > 5, child, true);
        child.destroy(); // SIGTERM
        assertTrue(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("term.err"));
        assertEquals(143, child.exitValue(), err);
        assertTrue(err.contains("meanfield: stopped at step "), err);
        RunFixtures.assertNoStackTrace(err);
        Checkpoint stop = RunFixtures.checkpoint(folder);
        assertTrue(stop.step() > 0 && stop.step() < 3000, "checkpoint at the stop, step " + stop.step());
        assertTrue(err.contains("stopped at step " + stop.step() + " "), err);
        assertFalse(Files.exists(folder.resolve(RunFolders.SUMMARY)), "no summary.json for a stopped run");
        assertEquals(Files.size(metrics), stop.metrics().bytes(), "metrics flushed up to the checkpoint");
        RunFixtures.metricsWithoutWallTime(folder); // whole lines only

        cliOk(resume(folder));
        Path reference = dir.resolve("reference");
        cliOk(train(reference, options));
        assertSameFinalState(reference, folder);
    }

    /** The step of the folder's checkpoint, or -1 while there is none. */
    private static long stepOf(Path folder) {
        try {
            return RunFixtures.checkpoint(folder).step();
        } catch (IOException e) {
            return -1;
        }
    }

    private static long lines(Path file) {
        try {
            return Files.readAllLines(file).size();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Whether process {@code pid} is in the middle of writing {@code folder}'s checkpoint (its temporary file exists). */
    private static boolean writing(Path folder, long pid) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(file -> AtomicFiles.isTemporary(file, folder.resolve(RunFolders.CHECKPOINT), pid));
        } catch (IOException e) {
            return false;
        }
    }

    /** Starts {@code meanfield args} in a child JVM with this JVM's class path; output to name.out/.err. */
    private Process start(List<String> args, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ChildJvm.moduleFlags());
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.meanfield.cli.Main"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    /**
     * Waits until {@code condition} holds or the child has ended: every millisecond when
     * {@code gently} (the child needs the cores), otherwise as fast as it can, to catch a moment.
     */
    private static void waitUntil(BooleanSupplier condition, Process child, boolean gently)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean() && child.isAlive() && System.nanoTime() < deadline) {
            if (gently) {
                Thread.sleep(1);
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
