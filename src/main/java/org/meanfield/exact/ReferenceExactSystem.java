package org.meanfield.exact;

import org.meanfield.engine.ChunkNoise;
import org.meanfield.engine.ChunkPool;
import org.meanfield.engine.Chunks;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The reference exact system: double precision, the exact closed forms of {@link GaussianClosedForms}
 * (Bessel functions evaluated for every pair), every ordered pair (i, j) visited once per row, rows
 * split into the engines' fixed chunks. Clarity first: it allocates and costs microseconds a pair. It
 * is the oracle that {@link ExactGaussianSystem} is tested against.
 */
public final class ReferenceExactSystem implements ExactSystem {
    private final GaussianClosedForms forms;
    private final int d;
    private final int n;
    private final Particles particles;
    private final ChunkPool pool;
    private final int chunks;
    private final double[] chunkOneBody;
    private final double[] chunkPairs;
    private final double[] ownForceC;
    private final double[] ownForceZ;
    private final ChunkNoise noise;
    private double[][] rows;
    private double[] jobForceC;
    private double[] jobForceZ;

    /** A system of the particles {@code initial} (copied) of gaussian units {@code unit} in dimension d. */
    public ReferenceExactSystem(ThreeSpinTarget target, GaussianUnit unit, int d, Particles initial, int threads) {
        if (target.d() != d || initial.zDim() != d) {
            throw new IllegalArgumentException("target, particles and d disagree: " + target.d() + ", " + initial.zDim() + ", " + d);
        }
        this.forms = new GaussianClosedForms(target, unit.alpha());
        this.d = d;
        this.n = initial.n();
        this.particles = initial.copy();
        this.pool = new ChunkPool(threads);
        this.chunks = Chunks.count(n);
        this.chunkOneBody = new double[chunks];
        this.chunkPairs = new double[chunks];
        this.ownForceC = new double[n];
        this.ownForceZ = new double[n * d];
        this.noise = new ChunkNoise(n, d, pool, particles::add);
    }

    /** The closed forms this system uses. */
    public GaussianClosedForms forms() {
        return forms;
    }

    @Override
    public String label() {
        return "exact-reference";
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int zDim() {
        return d;
    }

    @Override
    public double loss() {
        return evaluate(null, null);
    }

    @Override
    public double forces(double[] forceC, double[] forceZ) {
        return evaluate(forceC, forceZ);
    }

    private double evaluate(double[] forceC, double[] forceZ) {
        rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            particles.getZ(i, rows[i]);
        }
        jobForceC = forceC;
        jobForceZ = forceZ;
        pool.run(chunks, this::chunk);
        double oneBody = 0;
        double pairs = 0;
        for (int chunk = 0; chunk < chunks; chunk++) {
            oneBody += chunkOneBody[chunk];
            pairs += chunkPairs[chunk];
        }
        return forms.cf() - oneBody / n + pairs / (2.0 * n * n);
    }

    /** Rows of one chunk: F, the pair sums over every j, and (when asked) the forces. */
    private void chunk(int chunk, int worker) {
        double[] c = particles.c();
        double[] gradF = new double[d];
        double[] gradK = new double[d];
        double[] sumGradK = new double[d];
        double oneBody = 0;
        double pairs = 0;
        boolean withForces = jobForceC != null;
        for (int i = Chunks.start(chunk); i < Chunks.end(chunk, n); i++) {
            double dFdc = forms.oneBodyGradient(rows[i], withForces ? gradF : null);
            oneBody += c[i] * dFdc;
            double sumDkDc = 0;
            java.util.Arrays.fill(sumGradK, 0);
            for (int j = 0; j < n; j++) {
                sumDkDc += forms.pairGradient(rows[i], c[j], rows[j], withForces ? gradK : null);
                if (withForces) {
                    for (int k = 0; k < d; k++) {
                        sumGradK[k] += gradK[k];
                    }
                }
            }
            pairs += c[i] * sumDkDc;
            if (withForces) {
                jobForceC[i] = dFdc - sumDkDc / n;
                for (int k = 0; k < d; k++) {
                    jobForceZ[k * n + i] = c[i] * (gradF[k] - sumGradK[k] / n);
                }
            }
        }
        chunkOneBody[chunk] = oneBody;
        chunkPairs[chunk] = pairs;
    }

    @Override
    public double step(double dt) {
        double loss = forces(ownForceC, ownForceZ);
        double[] c = particles.c();
        double[] z = particles.z();
        for (int i = 0; i < n; i++) {
            c[i] += dt * ownForceC[i];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] += dt * ownForceZ[k];
        }
        return loss;
    }

    @Override
    public void addNoise(double std, long seed, long step) {
        noise.add(std, seed, step);
    }

    @Override
    public void read(Particles out) {
        out.copyFrom(particles);
    }

    @Override
    public void write(Particles in) {
        particles.copyFrom(in);
    }

    @Override
    public void close() {
        pool.close();
    }
}
