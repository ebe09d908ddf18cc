package org.meanfield.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sweep folder's record of its SLURM submissions ({@value #DIR}/{@value #JOBS}, one line each:
 * array job id, collect job id, tasks, when) and what squeue says of them now.
 */
public final class SlurmJobs {
    /** The sweep folder's subfolder for SLURM's files. */
    public static final String DIR = "slurm";
    /** The submissions, one line each. */
    public static final String JOBS = "jobs.txt";
    /** Task index to run, of the latest submission. */
    public static final String TASKS = "tasks.tsv";

    /**
     * One submission.
     *
     * @param array the array job's id
     * @param collect the collect job's id
     * @param tasks the array's tasks
     */
    public record Submission(String array, String collect, int tasks) {
    }

    /**
     * A job or array task as squeue shows it.
     *
     * @param id the job id ({@code 12_3} for an array task)
     * @param state PENDING, RUNNING, ...
     * @param time the time it has run
     * @param reason the node it runs on, or why it waits
     */
    public record Queued(String id, String state, String time, String reason) {
        /** The array task index, or -1 for a plain job or a pending range. */
        public int task() {
            int at = id.indexOf('_');
            return at < 0 || !id.substring(at + 1).matches("\\d+") ? -1 : Integer.parseInt(id.substring(at + 1));
        }
    }

    private SlurmJobs() {
    }

    /** The submissions recorded in {@code sweepFolder}, oldest first. */
    public static List<Submission> read(Path sweepFolder) {
        Path file = sweepFolder.resolve(DIR).resolve(JOBS);
        List<Submission> submissions = new ArrayList<>();
        if (!Files.exists(file)) {
            return submissions;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.strip().split("\\s+");
                // "array 12 collect 13 tasks 3 at 2026-..."
                if (f.length >= 6 && f[0].equals("array") && f[2].equals("collect") && f[4].equals("tasks")) {
                    submissions.add(new Submission(f[1], f[3], Integer.parseInt(f[5])));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // An unreadable record lists nothing; the run folders still say where each run stands.
        }
        return submissions;
    }

    /** Appends {@code submission} to {@code sweepFolder}'s record. */
    static void append(Path sweepFolder, Submission submission) throws IOException {
        Path file = sweepFolder.resolve(DIR).resolve(JOBS);
        String line = "array " + submission.array() + " collect " + submission.collect() + " tasks "
                + submission.tasks() + " at " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * What squeue shows of {@code jobIds} (array tasks one line each); empty where squeue is missing
     * or does not know them (ended long ago).
     */
    public static List<Queued> queued(List<String> jobIds) {
        List<Queued> all = new ArrayList<>();
        if (SlurmTools.onPath("squeue").isEmpty()) {
            return all;
        }
        for (String id : jobIds) {
            SlurmTools.Result result;
            try {
                result = SlurmTools.run(List.of("squeue", "--noheader", "--array", "--jobs=" + id,
                        "--format=%i|%T|%M|%R"), null);
            } catch (IllegalStateException e) {
                continue;
            }
            if (result.exit() != 0) {
                continue;
            }
            for (String line : result.out().lines().toList()) {
                String[] f = line.strip().split("\\|", 4);
                if (f.length == 4) {
                    all.add(new Queued(f[0], f[1], f[2], f[3]));
                }
            }
        }
        return all;
    }

    /** The runs of the latest submission's tasks, by task index (from tasks.tsv). */
    public static Map<Integer, String> tasks(Path sweepFolder) {
        Map<Integer, String> tasks = new LinkedHashMap<>();
        Path file = sweepFolder.resolve(DIR).resolve(TASKS);
        if (!Files.exists(file)) {
            return tasks;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 2 && f[0].matches("\\d+")) {
                    tasks.put(Integer.parseInt(f[0]), f[1]);
                }
            }
        } catch (IOException e) {
            // No mapping: squeue's lines are shown without their runs.
        }
        return tasks;
    }
}
