package org.meanfield.flow;

import org.meanfield.engine.ChunkNoise;
import org.meanfield.engine.ChunkPool;
import org.meanfield.engine.Chunks;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The reference kernel flow: plain double loops, every ordered pair (i, j) visited once per row,
 * phi from |y_i - y_j|^2 and {@link Math#exp}, f from {@link ThreeSpinTarget#evaluate(double[], int)}
 * and grad f = 3 T[e_p, y, y] from the full symmetric tensor T (d^3 terms, independent of the compact
 * weights the fast system uses). Rows are split into the fixed chunks of {@link Chunks}, so results do
 * not depend on the thread count. Clarity first: it allocates. It is the oracle that
 * {@link KernelFlowSystem} is tested against. See {@link FlowSystem} for the equations.
 */
public final class ReferenceKernelFlowSystem implements FlowSystem {
    private final ThreeSpinTarget target;
    private final int d;
    private final int n;
    private final double alpha;
    private final double radius;
    /** T_pqr at [(p*d + q)*d + r]. */
    private final double[] tensor;
    private final Particles particles;
    private final ChunkPool pool;
    private final ChunkNoise noise;
    private final int chunks;
    private final double[] chunkOneBody;
    private final double[] chunkPairs;
    private final double[] ownForceC;
    private final double[] ownForceY;
    private double[][] rows;
    private double[] jobForceC;
    private double[] jobForceY;

    /**
     * A flow of the particles {@code initial} (copied as they are) of gaussian units of width
     * {@code unit.alpha()} in dimension d for {@code target}, on {@code threads} threads.
     */
    public ReferenceKernelFlowSystem(ThreeSpinTarget target, GaussianUnit unit, int d, Particles initial, int threads) {
        if (target.d() != d || initial.zDim() != d) {
            throw new IllegalArgumentException(
                    "target, particles and d disagree: " + target.d() + ", " + initial.zDim() + ", " + d);
        }
        this.target = target;
        this.d = d;
        this.n = initial.n();
        this.alpha = unit.alpha();
        this.radius = Math.sqrt(d);
        this.tensor = new double[d * d * d];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                for (int r = 0; r < d; r++) {
                    tensor[(p * d + q) * d + r] = target.symmetric(p, q, r);
                }
            }
        }
        this.particles = initial.copy();
        this.pool = new ChunkPool(threads);
        this.noise = new ChunkNoise(n, d, pool, particles::add);
        this.chunks = Chunks.count(n);
        this.chunkOneBody = new double[chunks];
        this.chunkPairs = new double[chunks];
        this.ownForceC = new double[n];
        this.ownForceY = new double[n * d];
    }

    @Override
    public String label() {
        return "flow-reference";
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
    public int d() {
        return d;
    }

    @Override
    public double energy() {
        return evaluate(null, null);
    }

    @Override
    public double forces(double[] forceC, double[] forceY) {
        if (forceC.length < n || forceY.length < n * d) {
            throw new IllegalArgumentException("force arrays too small for " + n + " particles in dimension " + d);
        }
        return evaluate(forceC, forceY);
    }

    private double evaluate(double[] forceC, double[] forceY) {
        rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            particles.getZ(i, rows[i]);
        }
        jobForceC = forceC;
        jobForceY = forceY;
        pool.run(chunks, this::chunk);
        jobForceC = null;
        jobForceY = null;
        double oneBody = 0;
        double pairs = 0;
        for (int chunk = 0; chunk < chunks; chunk++) {
            oneBody += chunkOneBody[chunk];
            pairs += chunkPairs[chunk];
        }
        return -oneBody / n + pairs / (2.0 * n * n);
    }

    /** Rows of one chunk: f, grad f, the sums over every j, and (when asked) the projected forces. */
    private void chunk(int chunk, int worker) {
        double[] c = particles.c();
        double[] gradF = new double[d];
        double[] pull = new double[d];
        double oneBody = 0;
        double pairs = 0;
        boolean withForces = jobForceC != null;
        for (int i = Chunks.start(chunk); i < Chunks.end(chunk, n); i++) {
            double[] yi = rows[i];
            double f = target.evaluate(yi, 0);
            oneBody += c[i] * f;
            // sum_j c_j phi_ij and sum_j c_j phi_ij (y_i - y_j) = -(1/alpha) sum_j c_j grad_1 phi(y_i, y_j)
            double sum = 0;
            java.util.Arrays.fill(pull, 0);
            for (int j = 0; j < n; j++) {
                double[] yj = rows[j];
                double dist2 = 0;
                for (int k = 0; k < d; k++) {
                    double diff = yi[k] - yj[k];
                    dist2 += diff * diff;
                }
                double phi = Math.exp(-0.5 * alpha * dist2);
                sum += c[j] * phi;
                for (int k = 0; k < d; k++) {
                    pull[k] += c[j] * phi * (yi[k] - yj[k]);
                }
            }
            pairs += c[i] * sum;
            if (!withForces) {
                continue;
            }
            jobForceC[i] = f - sum / n;
            // grad f(y)_p = 3 sum_qr T_pqr y_q y_r
            double norm2 = 0;
            for (int p = 0; p < d; p++) {
                double g = 0;
                for (int q = 0; q < d; q++) {
                    for (int r = 0; r < d; r++) {
                        g += tensor[(p * d + q) * d + r] * yi[q] * yi[r];
                    }
                }
                gradF[p] = 3 * g;
                norm2 += yi[p] * yi[p];
            }
            // force = c_i (grad f + (alpha/n) sum_j c_j phi_ij (y_i - y_j)), then its tangential part
            double[] force = new double[d];
            double radial = 0;
            for (int k = 0; k < d; k++) {
                force[k] = c[i] * (gradF[k] + alpha / n * pull[k]);
                radial += force[k] * yi[k];
            }
            double lambda = norm2 > 0 ? radial / norm2 : 0;
            for (int k = 0; k < d; k++) {
                jobForceY[k * n + i] = force[k] - lambda * yi[k];
            }
        }
        chunkOneBody[chunk] = oneBody;
        chunkPairs[chunk] = pairs;
    }

    @Override
    public double step(double dt) {
        double energy = forces(ownForceC, ownForceY);
        double[] c = particles.c();
        double[] y = particles.z();
        for (int i = 0; i < n; i++) {
            c[i] += dt * ownForceC[i];
        }
        for (int k = 0; k < y.length; k++) {
            y[k] += dt * ownForceY[k];
        }
        project();
        return energy;
    }

    /** y_i = R y_i / |y_i| for every particle (a centre at the origin is left there). */
    private void project() {
        double[] y = particles.z();
        for (int i = 0; i < n; i++) {
            double norm2 = 0;
            for (int k = 0; k < d; k++) {
                norm2 += y[k * n + i] * y[k * n + i];
            }
            if (norm2 > 0) {
                double scale = radius / Math.sqrt(norm2);
                for (int k = 0; k < d; k++) {
                    y[k * n + i] *= scale;
                }
            }
        }
    }

    @Override
    public void addNoise(double std, long seed, long step) {
        noise.add(std, seed, step);
        project();
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
