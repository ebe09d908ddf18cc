package org.meanfield.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.cli.CliRun;

/**
 * Commands in random pairs at once on one run folder (train into it, resume it, export it, report
 * it), with a fixed seed: whatever the interleaving, every command ends with an exit code it may
 * have and one line at most on stderr, no trace, and the folder is intact and resumable to the very
 * numbers of a run never touched. The commands run in this JVM, on threads: the folder lock refuses
 * a second writer in one process as it does across processes. Set -Dmeanfield.fuzz.trials and
 * -Dmeanfield.fuzz.seed for longer or other runs.
 */
class ConcurrentCommandsFuzzTest {
    private static final int TRIALS = Integer.getInteger("meanfield.fuzz.trials", 200);
    private static final long SEED = Long.getLong("meanfield.fuzz.seed", 20261127L);
    private static final String[] RUN = {"-d", "3", "-n", "16", "-P", "8", "--eval-every", "5", "--test-size", "16",
        "--threads", "1"};

    @TempDir
    Path dir;

    private enum Command { TRAIN, RESUME, EXPORT, REPORT }

    private List<String> args(Command command, Path run, int trial, int k) {
        return switch (command) {
            case TRAIN -> RunFixtures.train(run, RUN);
            case RESUME -> RunFixtures.resume(run, "--steps", Integer.toString(20 + 5 * (k + 1)));
            case EXPORT -> List.of("export", run.toString(), "--out", dir.resolve("export-" + trial + "-" + k).toString());
            case REPORT -> List.of("report", run.toString());
        };
    }

    /** The exit codes each command may end with when another one works on the folder at the same time. */
    private static Set<Integer> allowed(Command command) {
        return switch (command) {
            case TRAIN -> Set.of(1, 2); // the folder holds a run, or is in use
            case RESUME -> Set.of(0, 1); // continued, or the folder is in use
            case EXPORT, REPORT -> Set.of(0);
        };
    }

    @Test
    void randomPairsOfCommandsLeaveOneWriterAndAnIntactFolder() throws Exception {
        Path template = dir.resolve("template");
        RunFixtures.cliOk(RunFixtures.train(template, RunFixtures.concat(RUN, "--steps", "20")));
        Path reference = dir.resolve("reference");
        RunFixtures.cliOk(RunFixtures.train(reference, RunFixtures.concat(RUN, "--steps", "60")));
        Random random = new Random(SEED);
        List<String> seen = new ArrayList<>();
        for (int trial = 0; trial < TRIALS; trial++) {
            Path run = dir.resolve("run-" + trial);
            copy(template, run);
            // Reports draw figures and take longest: one pair in four has one.
            Command[] choices = random.nextInt(4) == 0 ? Command.values()
                    : new Command[] {Command.TRAIN, Command.RESUME, Command.EXPORT};
            Command[] pair = {choices[random.nextInt(choices.length)], choices[random.nextInt(choices.length)]};
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<CliRun>> runs = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                List<String> args = args(pair[k], run, trial, k);
                runs.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return RunFixtures.cli(args);
                }));
            }
            start.countDown();
            for (int k = 0; k < 2; k++) {
                CliRun result = runs.get(k).get();
                String what = "trial " + trial + " " + pair[0] + " + " + pair[1] + ": " + pair[k];
                assertTrue(allowed(pair[k]).contains(result.exit()), what + " exit " + result.exit() + ": " + result.err());
                assertTrue(result.errLines().size() <= 1, what + ": " + result.err());
                RunFixtures.assertNoStackTrace(result.out() + result.err());
                seen.add(pair[k] + "=" + result.exit());
            }
            // Intact: it loads for a resume (config, checkpoint, metrics and their CRC agree) and ends
            // where a run never touched ends.
            Resume.load(run, Resume.readConfig(run));
            RunFixtures.cliOk(RunFixtures.resume(run, "--steps", "60"));
            RunFixtures.assertSameFinalState(reference, run);
        }
        System.out.println("ConcurrentCommandsFuzzTest seed " + SEED + ", " + TRIALS + " trials: "
                + seen.stream().sorted().distinct().map(s -> s + " x" + seen.stream().filter(s::equals).count()).toList());
        assertTrue(seen.contains("RESUME=1"), "some pair raced two writers: " + seen);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                if (Files.isRegularFile(file)) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
    }
}
