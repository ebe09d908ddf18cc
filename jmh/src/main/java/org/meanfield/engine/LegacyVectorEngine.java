package org.meanfield.engine;

import static org.meanfield.engine.LegacyVectorKernels.BLOCK;
import static org.meanfield.engine.LegacyVectorKernels.LANES;

import java.util.Arrays;

import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;

/**
 * The fast engine: float32 particles in padded dimension-major arrays, SIMD kernels across
 * particles ({@link LegacyVectorKernels}), fixed chunks on a {@link ChunkPool}. Sums over particles for f_n
 * are kept per lane in float within a chunk, then reduced to double in a fixed lane and chunk order;
 * residuals and losses stay in double. Padding particles have c = 0 and never move.
 */
public final class LegacyVectorEngine implements Engine {
    private final int unit;
    private final float alpha;
    private final float radius2;
    private final int d;
    private final int n;
    private final int nPad;
    private final int zDim;
    private final float[] c;
    private final float[] z;
    private final float[] alive;
    private final float[] forceC;
    private final float[] forceZ;
    private final ChunkPool pool;
    private final int chunks;
    private final LegacyKernelScratch[] scratch;
    private final ChunkNoise noise;
    private float[][] laneSums;
    private double[][] chunkSums;
    private float[] residual = new float[0];
    private final boolean[] chunkFinite;

    // Arguments of the chunk jobs, set before each parallel call.
    private Points jobPoints;
    private float jobDt;
    private boolean jobUpdate;
    private final ChunkPool.ChunkJob predictJob = this::predictChunk;
    private final ChunkPool.ChunkJob forceJob = this::forceChunk;

    /** An engine for particles of {@code unit} in dimension {@code d}, on {@code threads} threads. */
    public LegacyVectorEngine(Unit unit, int d, Particles initial, int threads) {
        this.unit = switch (unit.kind()) {
            case RELU -> LegacyVectorKernels.RELU;
            case SIGMOID -> LegacyVectorKernels.SIGMOID;
            case GAUSSIAN -> LegacyVectorKernels.GAUSSIAN;
        };
        this.alpha = unit instanceof GaussianUnit g ? (float) g.alpha() : 0f;
        this.radius2 = d;
        this.d = d;
        this.n = initial.n();
        this.nPad = (n + BLOCK - 1) / BLOCK * BLOCK;
        this.zDim = unit.zDim(d);
        if (initial.zDim() != zDim) {
            throw new IllegalArgumentException("particles have " + initial.zDim() + " parameters, unit needs " + zDim);
        }
        this.c = new float[nPad];
        this.z = new float[zDim * nPad];
        this.alive = new float[nPad];
        Arrays.fill(alive, 0, n, 1f);
        this.forceC = new float[nPad];
        this.forceZ = new float[zDim * nPad];
        this.pool = new ChunkPool(threads);
        this.chunks = Chunks.count(nPad);
        this.scratch = new LegacyKernelScratch[threads];
        for (int w = 0; w < threads; w++) {
            scratch[w] = new LegacyKernelScratch(d, alpha);
        }
        this.noise = new ChunkNoise(n, zDim, pool, this::addDraws);
        this.chunkFinite = new boolean[chunks];
        Arrays.fill(chunkFinite, true);
        this.laneSums = new float[threads][0];
        this.chunkSums = new double[chunks][0];
        write(initial);
    }

    @Override
    public TargetEvaluator targetEvaluator(ThreeSpinTarget target) {
        return new VectorTargetEvaluator(target, pool);
    }

    @Override
    public String label() {
        return "vector";
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int zDim() {
        return zDim;
    }

    /** The lanes of a float vector on this machine. */
    public static int lanes() {
        return LANES;
    }

    /** Grows the per-point scratch when a larger batch than before arrives (never when warm). */
    private void ensurePoints(int count) {
        if (chunkSums[0].length < count) {
            chunkSums = new double[chunks][count];
            for (int w = 0; w < laneSums.length; w++) {
                laneSums[w] = new float[count * LANES];
            }
            residual = new float[count];
        }
    }

    @Override
    public void predict(Points x, double[] out) {
        int count = x.count();
        ensurePoints(count);
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
        int count = x.count();
        float[] lane = laneSums[worker];
        Arrays.fill(lane, 0, count * LANES, 0f);
        LegacyVectorKernels.forward(unit, alpha, radius2, c, z, nPad, Chunks.start(chunk), Chunks.end(chunk, nPad), d,
                x.coordsFloat(), count, lane, scratch[worker]);
        double[] sums = chunkSums[chunk];
        for (int p = 0; p < count; p++) {
            double sum = 0;
            for (int l = 0; l < LANES; l++) {
                sum += lane[p * LANES + l];
            }
            sums[p] = sum;
        }
    }

    private void runBackward(Points x, double[] r, boolean update, float dt) {
        ensurePoints(x.count());
        for (int p = 0; p < x.count(); p++) {
            residual[p] = (float) r[p];
        }
        jobPoints = x;
        jobUpdate = update;
        jobDt = dt;
        pool.run(chunks, forceJob);
    }

    private void forceChunk(int chunk, int worker) {
        int i0 = Chunks.start(chunk);
        int i1 = Chunks.end(chunk, nPad);
        LegacyVectorKernels.backward(unit, alpha, radius2, c, z, nPad, i0, i1, d, jobPoints.coordsFloat(), residual,
                jobPoints.count(), forceC, forceZ, scratch[worker]);
        if (jobUpdate) {
            chunkFinite[chunk] = LegacyVectorKernels.update(jobDt, alive, c, z, nPad, i0, i1, zDim, forceC, forceZ);
        }
    }

    @Override
    public void forces(Points x, double[] residual, double[] outC, double[] outZ) {
        runBackward(x, residual, false, 0f);
        for (int i = 0; i < n; i++) {
            outC[i] = forceC[i];
            for (int j = 0; j < zDim; j++) {
                outZ[j * n + i] = forceZ[j * nPad + i];
            }
        }
    }

    @Override
    public void descend(Points x, double[] residual, double dt) {
        runBackward(x, residual, true, (float) dt);
    }

    @Override
    public boolean finite() {
        for (boolean ok : chunkFinite) {
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void addNoise(double std, long seed, long step) {
        noise.add(std, seed, step);
    }

    /** A chunk's noise draws, each rounded to float as it is added. */
    private void addDraws(int from, int to, double[] draws) {
        int k = 0;
        for (int i = from; i < to; i++) {
            c[i] += (float) draws[k++];
            for (int j = 0; j < zDim; j++) {
                z[j * nPad + i] += (float) draws[k++];
            }
        }
    }

    @Override
    public void read(Particles out) {
        for (int i = 0; i < n; i++) {
            out.c()[i] = c[i];
            for (int j = 0; j < zDim; j++) {
                out.z()[j * n + i] = z[j * nPad + i];
            }
        }
    }

    @Override
    public void write(Particles in) {
        for (int i = 0; i < n; i++) {
            c[i] = (float) in.c()[i];
            for (int j = 0; j < zDim; j++) {
                z[j * nPad + i] = (float) in.z()[j * n + i];
            }
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
