package org.meanfield.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.meanfield.cli.CliRun;
import org.meanfield.folder.RunFolders;

/**
 * {@code sweep --executor slurm} against a real SLURM (the loopback cluster of
 * scripts/slurm/loopback-cluster.sh, which .ci/run starts): a sweep of four tiny runs (one that
 * diverges, one long enough to be cancelled), one task cancelled with scancel, the same command
 * again, and results.csv compared with the local executor's, bit for bit but wall_s. Skipped, saying
 * so, where no SLURM controller answers.
 */
class SlurmExecutorTest {
    private static final Pattern ARRAY = Pattern.compile("submitted array job (\\d+) .*collect job (\\d+)");

    @TempDir
    Path dir;

    private final List<String> jobs = new ArrayList<>();

    @AfterEach
    void cancelLeftovers() {
        if (!jobs.isEmpty()) {
            List<String> command = new ArrayList<>(List.of("scancel"));
            command.addAll(jobs);
            SlurmTools.run(command, null); // nothing to cancel when the test passed
        }
    }

    private static void assumeSlurm() {
        String why = null;
        if (SlurmTools.onPath("sbatch").isEmpty() || SlurmTools.onPath("sinfo").isEmpty()) {
            why = "sbatch or sinfo is not on the PATH";
        } else if (System.getenv("SLURM_CONF") != null && !Files.isRegularFile(Path.of(System.getenv("SLURM_CONF")))) {
            why = "SLURM_CONF names " + System.getenv("SLURM_CONF") + ", which is not a file";
        } else {
            SlurmTools.Result sinfo = SlurmTools.run(List.of("sinfo", "--noheader", "--format=%P %a"), null);
            if (sinfo.exit() != 0 || sinfo.out().isBlank()) {
                why = "no SLURM controller answers (sinfo: " + sinfo.firstLine() + "; SLURM_CONF="
                        + System.getenv("SLURM_CONF") + ")";
            }
        }
        if (why != null) {
            System.out.println("SlurmExecutorTest SKIPPED: " + why
                    + "; start a cluster with scripts/slurm/loopback-cluster.sh (as .ci/run does)");
        }
        assumeTrue(why == null, why);
    }

    private Path spec() throws IOException {
        return Files.writeString(dir.resolve("spec.json"), """
                {"description": "SLURM test", "threads": 1, "jobs": 2,
                 "blocks": [{"name": "tiny", "base": {"d": 3, "steps": 40, "test_size": 64, "eval_every": 10},
                             "grid": {"n": [8, 16]}},
                            {"name": "long", "base": {"d": 10, "steps": 150000, "test_size": 256},
                             "grid": {"n": [256]}},
                            {"name": "bad", "base": {"d": 3, "steps": 20, "test_size": 64, "dt": 1e6},
                             "grid": {"n": [8]}}]}
                """);
    }

    @Test
    @Timeout(600)
    void aCancelledTaskResumesAndTheResultsEqualTheLocalExecutors() throws Exception {
        assumeSlurm();
        long start = System.nanoTime();
        Path spec = spec();
        Path local = dir.resolve("local");
        Path slurm = dir.resolve("slurm");

        CliRun first = CliRun.run("sweep", spec.toString(), "--out", slurm.toString(), "--executor", "slurm");
        System.out.println(first.out());
        assertEquals(0, first.exit(), first.toString());
        String[] ids = jobIds(first.out());
        String script = Files.readString(slurm.resolve(SlurmJobs.DIR).resolve("array.sh"));
        System.out.println("--- array.sh ---\n" + script);
        int longTask = taskOf(slurm, "long/n256");

        Path longRun = slurm.resolve("long").resolve("n256");
        waitFor(() -> Files.exists(longRun.resolve(RunFolders.METRICS)), 120, "the long run to start");
        SlurmTools.Result cancel = SlurmTools.run(List.of("scancel", ids[0] + "_" + longTask), null);
        assertEquals(0, cancel.exit(), cancel.err());

        // The local executor meanwhile, for the reference numbers.
        CliRun reference = CliRun.run("sweep", spec.toString(), "--out", local.toString(), "-q", "--no-report");
        assertEquals(1, reference.exit(), reference.toString()); // the diverging run fails
        waitForQueue(ids[1]);

        CliRun status = CliRun.run("sweep", spec.toString(), "--out", slurm.toString(), "--status");
        System.out.println("--- status after scancel ---\n" + status.out());
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().contains("stopped  long/n256  (checkpoint at step "), status.out());
        assertTrue(status.out().contains(", no summary: the same sweep command resumes it)"), status.out());
        assertTrue(status.out().contains("failed   bad/n8"), status.out());
        assertTrue(status.out().contains("2 done, 0 running, 1 stopped, 1 failed, 0 pending"), status.out());
        List<String> partial = Files.readAllLines(slurm.resolve(SweepRunner.RESULTS));
        assertEquals(4, partial.size(), "header, two done, one failed: " + partial);

        CliRun again = CliRun.run("sweep", spec.toString(), "--out", slurm.toString(), "--executor", "slurm");
        System.out.println(again.out());
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("(2 task(s): 0 to run, 2 to resume; 2 run(s) complete)"), again.out());
        ids = jobIds(again.out());
        waitForQueue(ids[1]);

        assertEquals(withoutWall(local.resolve(SweepRunner.RESULTS)), withoutWall(slurm.resolve(SweepRunner.RESULTS)));
        assertTrue(Files.exists(slurm.resolve("report.html")), "the collect job wrote the report");
        assertTrue(Files.readString(longRun.resolve(RunFolders.LOG)).contains("train --resume"));
        assertTrue(Files.exists(slurm.resolve("bad/n8").resolve(RunFolders.FAILURE)));
        System.out.printf("SlurmExecutorTest: %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    @Test
    void anUnknownPartitionIsOneLineExit1AndNothingWritten() throws Exception {
        assumeSlurm();
        Path spec = spec();
        Path out = dir.resolve("never");
        CliRun result = CliRun.run("sweep", spec.toString(), "--out", out.toString(), "--executor", "slurm",
                "--partition", "no-such-partition");
        assertEquals(1, result.exit(), result.toString());
        List<String> lines = result.err().lines().filter(line -> !line.isBlank()).toList();
        assertEquals(List.of("meanfield: --partition no-such-partition: no such partition on this cluster "
                + "(sinfo lists none of that name)"), lines);
        assertTrue(Files.notExists(out), "nothing written");
        CliRun badTime = CliRun.run("sweep", spec.toString(), "--out", out.toString(), "--executor", "slurm",
                "--time-limit", "soon");
        assertEquals(1, badTime.exit(), badTime.toString());
        assertTrue(badTime.err().startsWith("meanfield: sbatch would refuse the jobs: "), badTime.err());
        assertTrue(Files.notExists(out), "nothing written");
    }

    private String[] jobIds(String out) {
        Matcher m = ARRAY.matcher(out);
        assertTrue(m.find(), out);
        jobs.add(m.group(1));
        jobs.add(m.group(2));
        return new String[] {m.group(1), m.group(2)};
    }

    private static int taskOf(Path sweep, String run) {
        for (Map.Entry<Integer, String> task : SlurmJobs.tasks(sweep).entrySet()) {
            if (task.getValue().equals(run)) {
                return task.getKey();
            }
        }
        throw new AssertionError("no task for " + run);
    }

    /** Waits until the collect job has left the queue (it runs after every task). */
    private static void waitForQueue(String collect) throws InterruptedException {
        waitFor(() -> SlurmJobs.queued(List.of(collect)).isEmpty(), 300, "collect job " + collect + " to end");
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void waitFor(Condition condition, int seconds, String what) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
    }

    /** results.csv's lines without the wall_s column. */
    private static List<String> withoutWall(Path results) throws IOException {
        List<String> lines = Files.readAllLines(results, StandardCharsets.UTF_8);
        int wall = Arrays.asList(lines.get(0).split(",")).indexOf("wall_s");
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            cells.remove(wall);
            kept.add(String.join(",", cells));
        }
        return kept;
    }
}
