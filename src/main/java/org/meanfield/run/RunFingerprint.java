package org.meanfield.run;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;

import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;

/**
 * What fixes a run's trajectory, as a checkpoint records it: a checkpoint continues only the run
 * whose fingerprint it carries. The run's length and thread count are not part of it (a run may be
 * extended, and results do not depend on the threads); the engine is, because the vector engine
 * keeps float32 particles and the scalar one doubles.
 *
 * @param d input dimension
 * @param n particles
 * @param zDim parameters z per particle
 * @param unit unit name
 * @param dynamics dynamics name
 * @param kernel engine that ran ({@code scalar} or {@code vector})
 * @param alpha gaussian width
 * @param dt step
 * @param temperature Langevin temperature
 * @param sigmaC initial spread of c
 * @param batch SGD batch size
 * @param sample GD sample size
 * @param testSize test-set size
 * @param seed run seed
 * @param targetSeed target seed
 * @param evalEvery steps between evaluations
 * @param targetChecksum CRC32C of the target's coefficients: the target is a function of its seed,
 *     and this catches a build that would draw different coefficients from it
 */
public record RunFingerprint(int d, int n, int zDim, String unit, String dynamics, String kernel, double alpha,
        double dt, double temperature, double sigmaC, int batch, int sample, int testSize, long seed, long targetSeed,
        long evalEvery, int targetChecksum) {
    /** The fields' names in messages, as in config.json. */
    private static final String[] NAMES = {"d", "n", "z_dim", "unit", "dynamics", "kernel", "alpha", "dt",
        "temperature", "sigma_c", "batch", "sample", "test_size", "seed", "target_seed", "eval_every",
        "target checksum"};

    /** The fingerprint of the run {@code sim} simulates, on its engine. */
    public static RunFingerprint of(Simulation sim) {
        return of(sim.config(), sim.kernel(), sim.target());
    }

    /**
     * The fingerprint of {@code config} run by the engine {@code kernel}, without building the
     * engine (the target is drawn again to checksum it).
     */
    public static RunFingerprint of(RunConfig config, String kernel) {
        return of(config, kernel, new ThreeSpinTarget(config.d(), config.targetSeed()));
    }

    private static RunFingerprint of(RunConfig c, String kernel, ThreeSpinTarget target) {
        return new RunFingerprint(c.d(), c.n(), Unit.of(c.unit(), c.alpha()).zDim(c.d()), c.unit().toString(),
                c.dynamics().toString(), kernel, c.alpha(), c.dt(), c.temperature(), c.sigmaC(), c.batch(), c.sample(),
                c.testSize(), c.seed(), c.targetSeed(), c.evalEvery(), checksum(target));
    }

    /**
     * Refuses a checkpoint of another run.
     *
     * @throws CheckpointException naming {@code file} and the fields that differ
     */
    void requireSame(RunFingerprint checkpoint, Path file) throws CheckpointException {
        List<String> differences = checkpoint.differences(this, "in the checkpoint", "in this run");
        if (!differences.isEmpty()) {
            String hint = kernel.equals(checkpoint.kernel()) ? ""
                    : " (resume it where the same engine runs: the vector engine needs --add-modules jdk.incubator.vector)";
            throw new CheckpointException(file, "does not belong to this run (config.json and this JVM's engine): "
                    + String.join("; ", differences) + hint);
        }
    }

    /** CRC32C of the target's compact coefficients, as big-endian IEEE doubles. */
    static int checksum(ThreeSpinTarget target) {
        double[] weights = target.weights();
        ByteBuffer bytes = ByteBuffer.allocate(weights.length * Double.BYTES);
        bytes.asDoubleBuffer().put(weights);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }

    /** Each field that differs, as "dt is 0.1 {here} but 0.05 {there}"; empty when they match. */
    public List<String> differences(RunFingerprint other, String here, String there) {
        List<String> out = new ArrayList<>();
        Object[] mine = values();
        Object[] theirs = other.values();
        for (int k = 0; k < NAMES.length; k++) {
            if (!mine[k].equals(theirs[k])) {
                out.add(String.format(Locale.ROOT, "%s is %s %s but %s %s", NAMES[k], mine[k], here, theirs[k], there));
            }
        }
        return out;
    }

    /** The fields' values in the order of {@link #NAMES}, for {@link #differences}. */
    private Object[] values() {
        return new Object[] {d, n, zDim, unit, dynamics, kernel, alpha, dt, temperature, sigmaC, batch, sample,
            testSize, seed, targetSeed, evalEvery, String.format(Locale.ROOT, "%08x", targetChecksum)};
    }
}
