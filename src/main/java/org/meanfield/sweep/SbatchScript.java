package org.meanfield.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.meanfield.folder.RunFolders;

/**
 * The bash scripts a SLURM sweep submits: the array script, whose task {@code i} trains the
 * {@code i}-th pending run, and the collect script, which rebuilds results.csv and the report
 * after the array. Each task decides when it starts, not when it was submitted, between
 * {@code train --out} and {@code train --resume}: a run folder that holds a run (config.json) is
 * continued, so a requeued task resumes from its checkpoint. SIGTERM (scancel, preemption, the time
 * limit) reaches train, which checkpoints and exits 143; a train that fails for another reason is
 * recorded in the run's {@value RunFolders#FAILURE}, unless it was refused because another task
 * writes the folder (a duplicate must not mark a live run as failed).
 */
public final class SbatchScript {
    /** The message of a train refused by its folder's lock (FolderBusyException). */
    static final String BUSY = " is in use by ";

    private SbatchScript() {
    }

    /**
     * The array script for {@code runs} (task i = runs.get(i)), each with {@code threads} threads,
     * started with {@code java} (the JVM and its flags up to the main class).
     */
    public static String array(List<SweepPlan.Run> runs, int threads, List<String> java, String submitted) {
        StringBuilder s = new StringBuilder();
        s.append("#!/bin/bash\n");
        s.append("# meanfield sweep: SLURM array task i trains the i-th run of tasks.tsv beside this file.\n");
        s.append("# Written by 'meanfield sweep --executor slurm'; submitted as:\n");
        s.append("#   ").append(submitted).append('\n');
        s.append("# A task resumes its run when the run folder already holds one (a requeued or resubmitted task),\n");
        s.append("# else starts it; SIGTERM makes train checkpoint and exit 143; another failure is recorded in\n");
        s.append("# the run's ").append(RunFolders.FAILURE).append(".\n");
        s.append("set -u\n");
        s.append("java=(").append(words(java)).append(")\n");
        s.append("threads=").append(threads).append('\n');
        s.append("task=${SLURM_ARRAY_TASK_ID:?not started as a SLURM array task}\n");
        s.append("case \"$task\" in\n");
        for (int i = 0; i < runs.size(); i++) {
            SweepPlan.Run run = runs.get(i);
            s.append("  ").append(i).append(") run=").append(quote(run.folder().toAbsolutePath().normalize().toString()))
                    .append("; resume=(").append(words(run.resumeArgs())).append(")")
                    .append("; args=(").append(words(run.point().trainArgs(run.config().table()))).append(") ;;\n");
        }
        s.append("  *) echo \"meanfield: array task $task has no run\" >&2; exit 2 ;;\n");
        s.append("esac\n");
        s.append("""
                mkdir -p "$run" || exit 1
                log="$run/%1$s"
                rm -f "$run/%2$s"
                if [ -e "$run/%3$s" ]; then
                  command=("${java[@]}" train --resume "$run" "${resume[@]}" --threads "$threads" --quiet)
                else
                  command=("${java[@]}" train --out "$run" --quiet --threads "$threads" "${args[@]}")
                fi
                echo "meanfield sweep (SLURM job ${SLURM_ARRAY_JOB_ID:-?}_${task} on $(hostname)): ${command[*]}" >> "$log"
                "${command[@]}" >> "$log" 2>&1 < /dev/null &
                child=$!
                stopping=0
                trap 'stopping=1; kill -TERM "$child" 2>/dev/null' TERM INT
                wait "$child"; status=$?
                while [ "$stopping" = 1 ]; do stopping=0; wait "$child"; status=$?; done
                case "$status" in
                  0) echo "meanfield: $run complete" ;;
                  130|137|143) echo "meanfield: $run stopped (exit $status); it resumes from its checkpoint when resubmitted" ;;
                  *) if tail -n 2 "$log" | grep -q '%4$s'; then
                       echo "meanfield: $run is being trained by another task; this one leaves it alone" >&2
                     else
                       echo "train exited with status $status in SLURM job ${SLURM_ARRAY_JOB_ID:-?}_${task} on $(hostname) at $(date -u +%%Y-%%m-%%dT%%H:%%M:%%SZ); see %1$s" > "$run/%2$s"
                       echo "meanfield: $run failed (exit $status); see $log" >&2
                     fi ;;
                esac
                exit "$status"
                """.formatted(RunFolders.LOG, RunFolders.FAILURE, RunFolders.CONFIG, BUSY));
        return s.toString();
    }

    /** The collect script: {@code command} (the java command of {@code sweep ... --collect}). */
    public static String collect(List<String> command, String submitted) {
        return "#!/bin/bash\n"
                + "# meanfield sweep: after the array (afterany), rebuild results.csv from the run folders and write the report.\n"
                + "# Written by 'meanfield sweep --executor slurm'; submitted as:\n"
                + "#   " + submitted + "\n"
                + "exec " + words(command) + " < /dev/null\n";
    }

    /** The tasks.tsv lines: task index, run (relative to the sweep folder), what the plan said. */
    public static String tasks(List<SweepPlan.Run> runs) {
        List<String> lines = new ArrayList<>();
        lines.add("task\trun\tplanned");
        for (int i = 0; i < runs.size(); i++) {
            lines.add(i + "\t" + runs.get(i).point().run() + "\t" + runs.get(i).action());
        }
        return String.join("\n", lines) + "\n";
    }

    /** {@code words} as bash words, each single-quoted where it needs it. */
    static String words(List<String> words) {
        return words.stream().map(SbatchScript::quote).collect(Collectors.joining(" "));
    }

    /** {@code word} as one bash word. */
    static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_./=:,+@%-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    /** The absolute, normalised form of {@code path}, as the scripts name it. */
    static String absolute(Path path) {
        return path.toAbsolutePath().normalize().toString();
    }
}
