package org.meanfield.engine;

import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;

/**
 * The reference engine: double precision, one particle and one point at a time, written for
 * clarity. It is the oracle the vector engine is tested against and the baseline it is benchmarked
 * against. It shares the chunking of every engine, so it too is independent of the thread count.
 */
public final class ScalarEngine implements Engine {
    private final Unit unit;
    private final int d;
    private final int n;
    private final int zDim;
    private final Particles particles;
    private final ChunkPool pool;
    private final int chunks;
    private final double[][] zScratch;
    private final double[][] gradScratch;
    private final ChunkNoise noise;
    private final double[] ownForceC;
    private final double[] ownForceZ;
    private double[][] chunkSums = new double[0][0];
    private boolean finite = true;

    // Arguments of the chunk jobs, set before each parallel call.
    private Points jobPoints;
    private double[] jobResidual;
    private double[] jobForceC;
    private double[] jobForceZ;
    private final ChunkPool.ChunkJob predictJob = this::predictChunk;
    private final ChunkPool.ChunkJob forceJob = this::forceChunk;

    /** An engine for particles of {@code unit} in dimension {@code d}, on {@code threads} threads. */
    public ScalarEngine(Unit unit, int d, Particles initial, int threads) {
        this.unit = unit;
        this.d = d;
        this.n = initial.n();
        this.zDim = unit.zDim(d);
        if (initial.zDim() != zDim) {
            throw new IllegalArgumentException("particles have " + initial.zDim() + " parameters, unit needs " + zDim);
        }
        this.particles = initial.copy();
        this.pool = new ChunkPool(threads);
        this.chunks = Chunks.count(n);
        this.zScratch = new double[threads][zDim];
        this.gradScratch = new double[threads][zDim];
        this.noise = new ChunkNoise(n, zDim, pool, particles::add);
        this.ownForceC = new double[n];
        this.ownForceZ = new double[n * zDim];
    }

    @Override
    public TargetEvaluator targetEvaluator(ThreeSpinTarget target) {
        return TargetEvaluator.scalar(target);
    }

    @Override
    public String label() {
        return "scalar";
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int zDim() {
        return zDim;
    }

    @Override
    public void predict(Points x, double[] out) {
        int count = x.count();
        if (chunkSums.length < chunks || chunkSums[0].length < count) {
            chunkSums = new double[chunks][count];
        }
        jobPoints = x;
        pool.run(chunks, predictJob);
        for (int p = 0; p < count; p++) {
            double sum = 0;
            for (int chunk = 0; chunk < chunks; chunk++) {
                sum += chunkSums[chunk][p];
            }
            out[p] = sum / n;
        }
    }

    private void predictChunk(int chunk, int worker) {
        Points x = jobPoints;
        double[] sums = chunkSums[chunk];
        double[] zi = zScratch[worker];
        java.util.Arrays.fill(sums, 0, x.count(), 0);
        for (int i = Chunks.start(chunk); i < Chunks.end(chunk, n); i++) {
            particles.getZ(i, zi);
            double ci = particles.c()[i];
            for (int p = 0; p < x.count(); p++) {
                sums[p] += ci * unit.phi(x.coords(), p * d, zi, d);
            }
        }
    }

    @Override
    public void forces(Points x, double[] residual, double[] forceC, double[] forceZ) {
        jobPoints = x;
        jobResidual = residual;
        jobForceC = forceC;
        jobForceZ = forceZ;
        pool.run(chunks, forceJob);
    }

    private void forceChunk(int chunk, int worker) {
        Points x = jobPoints;
        double[] zi = zScratch[worker];
        double[] grad = gradScratch[worker];
        double invP = 1.0 / x.count();
        for (int i = Chunks.start(chunk); i < Chunks.end(chunk, n); i++) {
            particles.getZ(i, zi);
            double ci = particles.c()[i];
            java.util.Arrays.fill(grad, 0);
            double forceC = 0;
            for (int p = 0; p < x.count(); p++) {
                double r = jobResidual[p];
                forceC += r * unit.phi(x.coords(), p * d, zi, d);
                unit.addGradient(x.coords(), p * d, zi, d, r * ci, grad);
            }
            jobForceC[i] = forceC * invP;
            for (int j = 0; j < zDim; j++) {
                jobForceZ[j * n + i] = grad[j] * invP;
            }
        }
    }

    @Override
    public void descend(Points x, double[] residual, double dt) {
        forces(x, residual, ownForceC, ownForceZ);
        double[] c = particles.c();
        double[] z = particles.z();
        double check = 0;
        for (int i = 0; i < n; i++) {
            c[i] += dt * ownForceC[i];
            check += 0 * c[i];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] += dt * ownForceZ[k];
            check += 0 * z[k];
        }
        finite = check == 0;
    }

    @Override
    public boolean finite() {
        return finite;
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
