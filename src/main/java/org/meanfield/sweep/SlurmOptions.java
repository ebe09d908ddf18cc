package org.meanfield.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * How a sweep's SLURM jobs are to be submitted: the sbatch options the user chose.
 *
 * @param partition the partition (null: the cluster's default)
 * @param timeLimit each task's time limit as sbatch reads it ("30", "2:00:00", "1-0"; null: the partition's)
 * @param cpusPerTask CPUs per task (the threads of each run)
 * @param memory memory per node as sbatch reads it ("4G"; null: the partition's default)
 * @param extra further sbatch arguments, passed as given
 */
public record SlurmOptions(String partition, String timeLimit, int cpusPerTask, String memory, List<String> extra) {

    public SlurmOptions {
        extra = List.copyOf(extra);
    }

    /** The sbatch arguments of every job of the sweep (partition, time, memory, extra); not the CPUs. */
    public List<String> common() {
        List<String> args = new ArrayList<>();
        if (partition != null) {
            args.add("--partition=" + partition);
        }
        if (timeLimit != null) {
            args.add("--time=" + timeLimit);
        }
        if (memory != null) {
            args.add("--mem=" + memory);
        }
        args.addAll(extra);
        return args;
    }
}
