package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.cli.CliRun;
import org.meanfield.cli.Main;
import org.meanfield.folder.FolderLock;
import org.meanfield.folder.RunFolders;
import org.meanfield.sweep.ChildJvm;

/**
 * One writer per folder, with real processes: a second train, resume or sweep on a folder that
 * another process writes is refused in one line naming it (pid, host, since when) and touches
 * nothing; the lock goes with its process, however it ends; a sweep's runs end with it, even
 * killed outright, and leave resumable folders.
 */
class OneWriterTest {
    private static final long TIMEOUT_SECONDS = 120;
    private static final String[] LONG_RUN = {"-d", "4", "-n", "32", "-P", "8", "--steps", "100000000",
        "--eval-every", "2000", "--test-size", "16", "--threads", "1", "--checkpoint-every", "2000"};

    @TempDir
    Path dir;

    private Process start(List<String> args, String name) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ChildJvm.moduleFlags());
        command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), "org.meanfield.cli.Main"));
        command.addAll(args);
        return new ProcessBuilder(command).redirectOutput(dir.resolve(name + ".out").toFile())
                .redirectError(dir.resolve(name + ".err").toFile()).start();
    }

    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    /** Whether {@code run} has a checkpoint of at least {@code step} steps. */
    private static boolean checkpointed(Path run, long step) {
        try {
            return Files.exists(run.resolve(RunFolders.CHECKPOINT)) && RunFixtures.checkpoint(run).step() >= step;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aSecondWriterIsRefusedNamingTheHolderAndTheLockGoesWithAKilledProcess() throws Exception {
        Path run = dir.resolve("run");
        Process writer = start(RunFixtures.train(run, LONG_RUN), "writer");
        try {
            waitUntil(() -> checkpointed(run, 1), "the writer's first periodic checkpoint");
            String holder = "pid " + writer.pid() + " on ";
            for (List<String> second : List.of(RunFixtures.resume(run), RunFixtures.resume(run, "--steps", "5"),
                    RunFixtures.train(run, "-d", "4"))) {
                CliRun refused = RunFixtures.cli(second);
                String line = refused.errLines().get(0);
                assertEquals(1, refused.errLines().size(), refused.err());
                assertEquals(Main.FAILURE, refused.exit(), refused.err());
                assertTrue(line.startsWith("meanfield: " + run + " is in use by " + holder)
                        && line.contains(" since ") && line.contains("(train)"), line);
            }
            assertTrue(FolderLock.writer(run).orElseThrow().startsWith(holder), "readers see the writer");
        } finally {
            writer.destroyForcibly(); // SIGKILL: the OS releases the lock
            assertTrue(writer.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        assertTrue(FolderLock.writer(run).isEmpty(), "a dead writer is nobody");
        long at = RunFixtures.checkpoint(run).step();
        RunFixtures.cliOk(RunFixtures.resume(run, "--steps", Long.toString(at + 10)));
        assertTrue(Files.exists(run.resolve(RunFolders.SUMMARY)));
    }

    @Test
    void aSweepKilledOutrightTakesItsRunsWithItAndASecondSweepIsRefused() throws Exception {
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, """
                {"jobs": 2, "threads": 1, "blocks": [{"name": "b",
                  "base": {"d": 4, "n": 32, "batch": 8, "steps": 100000000, "eval_every": 2000, "test_size": 16},
                  "grid": {"seed": [1, 2]}}]}
                """);
        Process sweep = start(List.of("sweep", spec.toString(), "--no-report", "-q"), "sweep");
        List<ProcessHandle> children;
        Path run = dir.resolve("b/seed1");
        try {
            waitUntil(() -> checkpointed(run, 0) && checkpointed(dir.resolve("b/seed2"), 0)
                    && Files.exists(run.resolve("metrics.csv")) && Files.exists(dir.resolve("b/seed2/metrics.csv")),
                    "both runs started");
            CliRun second = RunFixtures.cli(List.of("sweep", spec.toString(), "--no-report", "-q"));
            assertEquals(Main.FAILURE, second.exit(), second.err());
            assertTrue(second.errLines().get(0).contains("is in use by pid " + sweep.pid()), second.err());
            children = sweep.descendants().toList();
            assertEquals(2, children.size(), "one train JVM per run");
        } finally {
            sweep.destroyForcibly(); // SIGKILL: no shutdown hook runs in the sweep
            assertTrue(sweep.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        }
        for (ProcessHandle child : children) {
            child.onExit().get(TIMEOUT_SECONDS, TimeUnit.SECONDS); // they checkpoint and end
        }
        for (String name : List.of("seed1", "seed2")) {
            Path folder = dir.resolve("b").resolve(name);
            assertTrue(FolderLock.writer(folder).isEmpty());
            String log = Files.readString(folder.resolve("train.log"));
            assertTrue(log.contains("meanfield: stopped at step"), log);
            long at = RunFixtures.checkpoint(folder).step();
            RunFixtures.cliOk(RunFixtures.resume(folder, "--steps", Long.toString(at + 10)));
        }
    }
}
