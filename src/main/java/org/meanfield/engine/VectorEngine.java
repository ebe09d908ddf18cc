package org.meanfield.engine;

import static org.meanfield.engine.VectorKernels.BLOCK;
import static org.meanfield.engine.VectorKernels.LANES;
import static org.meanfield.engine.VectorKernels.POINT_BLOCK;

import java.util.Arrays;

import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.Unit;

/**
 * The fast engine: float32 particles in padded dimension-major arrays, SIMD kernels across
 * particles ({@link VectorKernels}), fixed chunks on a {@link ChunkPool}. Sums over particles for f_n
 * are kept per lane in float within a chunk, then reduced to double in a fixed lane and chunk order;
 * residuals and losses stay in double. Padding particles have c = 0 and never move.
 */
public final class VectorEngine implements Engine {
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
    private final KernelScratch[] scratch;
    private final ChunkNoise noise;
    private double[][] chunkSums;
    private float[] residual = new float[0];
    private final boolean[] chunkFinite;
    /** Per chunk, phi (then r g) of its particles for one block of points. */
    private final float[][] store;
    /** Per particle, the constant of the pre-activation (bias, or the gaussian's norm term). */
    private final float[] offset;
    /** Columns of the gradient sums: d + 1 for affine units (the bias), d for gaussian units. */
    private final int columns;
    /** The batch as floats, point-major with stride d + 1, last coordinate 1. */
    private float[] xa = new float[0];

    // The fused pass: the batch of the last descent, and what the last fused pass computed for.
    private Points stepPoints;
    private Points fusedPoints;
    private int fusedCount;
    private boolean fusedValid;
    private double[] fusedResidual = new double[0];

    // Arguments of the chunk jobs, set before each parallel call.
    private Points jobPoints;
    private float jobDt;
    private boolean jobUpdate;
    private final ChunkPool.ChunkJob predictJob = this::predictChunk;
    private final ChunkPool.ChunkJob forceJob = this::forceChunk;
    private final ChunkPool.ChunkJob fusedJob = this::fusedChunk;
    private final ChunkPool.ChunkJob updateJob = this::updateChunk;
    private int jobBlock;
    private int jobCount;

    /** An engine for particles of {@code unit} in dimension {@code d}, on {@code threads} threads. */
    public VectorEngine(Unit unit, int d, Particles initial, int threads) {
        this.unit = switch (unit.kind()) {
            case RELU -> VectorKernels.RELU;
            case SIGMOID -> VectorKernels.SIGMOID;
            case GAUSSIAN -> VectorKernels.GAUSSIAN;
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
        this.scratch = new KernelScratch[threads];
        for (int w = 0; w < threads; w++) {
            scratch[w] = new KernelScratch();
        }
        this.chunkFinite = new boolean[chunks];
        Arrays.fill(chunkFinite, true);
        this.chunkSums = new double[chunks][0];
        this.store = new float[chunks][Chunks.SIZE * POINT_BLOCK];
        this.offset = new float[nPad];
        this.columns = this.unit == VectorKernels.GAUSSIAN ? d : d + 1;
        this.noise = new ChunkNoise(n, zDim, pool, this::addDraws);
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

    /** The lanes of a float vector on this machine. */
    public static int lanes() {
        return LANES;
    }

    @Override
    public int zDim() {
        return zDim;
    }

    /** Grows the per-point scratch when a larger batch than before arrives (never when warm). */
    private void ensurePoints(int count) {
        if (chunkSums[0].length < count) {
            chunkSums = new double[chunks][count];
            residual = new float[count];
            fusedResidual = new double[count];
            // Padded with zero points to a whole number of dot-product tiles.
            xa = new float[(count + VectorKernels.TILE) * (d + 1)];
        }
    }

    /**
     * xa = the points as floats, point-major with stride d + 1 and a last coordinate 1 (the bias
     * column of the gradient sums). Returns whether xa held exactly these points already.
     */
    private boolean prepare(Points x) {
        int count = x.count();
        float[] coords = x.coordsFloat();
        int dx = d + 1;
        boolean same = true;
        for (int p = 0; p < count; p++) {
            for (int k = 0; k < d; k++) {
                float v = coords[p * d + k];
                same &= Float.floatToRawIntBits(xa[p * dx + k]) == Float.floatToRawIntBits(v);
                xa[p * dx + k] = v;
            }
            xa[p * dx + d] = 1f;
        }
        Arrays.fill(xa, count * dx, (count + VectorKernels.TILE - 1) / VectorKernels.TILE * VectorKernels.TILE * dx, 0f);
        return same;
    }

    /**
     * f_n at the points of {@code x}. Where {@code x} is the batch of the last descent (a stepper
     * reuses its batch object), this is taken for the forward pass of a step: the forces for the
     * residual r = f - f_n (the targets that {@code x} holds minus the f_n returned) are computed in
     * the same blocked pass, so that the pre-activations are not computed twice, and kept for a
     * {@link #descend} (or {@link #forces}) that comes with that very residual and batch. Whichever
     * path computes them, forces are the same bits.
     */
    @Override
    public void predict(Points x, double[] out) {
        int count = x.count();
        ensurePoints(count);
        fusedValid = false;
        prepare(x);
        jobPoints = x;
        jobCount = count;
        if (x == stepPoints) {
            fusedStep(x, out);
            return;
        }
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
        int i0 = Chunks.start(chunk);
        int i1 = Chunks.end(chunk, nPad);
        VectorKernels.offsets(unit, alpha, radius2, z, nPad, i0, i1, d, offset);
        for (int p0 = 0; p0 < jobCount; p0 += POINT_BLOCK) {
            forwardBlock(chunk, worker, p0, Math.min(POINT_BLOCK, jobCount - p0));
        }
    }

    /** The forward pass of one chunk for one block of points, its f_n sums into chunkSums[chunk]. */
    private void forwardBlock(int chunk, int worker, int p0, int points) {
        float[] lane = scratch[worker].lane;
        VectorKernels.forward(VectorKernels.WIDE_TILES, unit, alpha, c, z, offset, nPad, Chunks.start(chunk),
                Chunks.end(chunk, nPad), d, xa, d + 1, p0, points, store[chunk], lane);
        double[] sums = chunkSums[chunk];
        for (int q = 0; q < points; q++) {
            double sum = 0;
            for (int l = 0; l < LANES; l++) {
                sum += lane[q * LANES + l];
            }
            sums[p0 + q] = sum;
        }
    }

    /**
     * Forward and backward in one pass over blocks of points: run b computes, for every chunk, the
     * backward pass of block b - 1 (whose residuals the caller worked out after run b - 1) and then
     * the forward pass of block b, so a chunk's stored phi is read back by the next run.
     */
    private void fusedStep(Points x, double[] out) {
        int count = x.count();
        double[] y = x.target();
        int blocks = (count + POINT_BLOCK - 1) / POINT_BLOCK;
        for (int b = 0; b <= blocks; b++) {
            jobBlock = b;
            pool.run(chunks, fusedJob);
            if (b < blocks) {
                for (int p = b * POINT_BLOCK; p < Math.min(count, (b + 1) * POINT_BLOCK); p++) {
                    double sum = 0;
                    for (int chunk = 0; chunk < chunks; chunk++) {
                        sum += chunkSums[chunk][p];
                    }
                    out[p] = sum / n;
                    // The residual exactly as a stepper computes it from f_n and the targets.
                    double r = y[p] - out[p];
                    fusedResidual[p] = r;
                    residual[p] = (float) r;
                }
            }
        }
        fusedPoints = x;
        fusedCount = count;
        fusedValid = true;
    }

    private void fusedChunk(int chunk, int worker) {
        int i0 = Chunks.start(chunk);
        int i1 = Chunks.end(chunk, nPad);
        int b = jobBlock;
        int count = jobCount;
        if (b == 0) {
            VectorKernels.offsets(unit, alpha, radius2, z, nPad, i0, i1, d, offset);
            clearSums(i0, i1);
        } else {
            int p0 = (b - 1) * POINT_BLOCK;
            VectorKernels.backward(VectorKernels.WIDE_TILES, unit, i0, i1, residual, p0, Math.min(POINT_BLOCK, count - p0),
                    store[chunk], xa, d + 1, columns, nPad, forceC, forceZ);
        }
        if (b * POINT_BLOCK < count) {
            forwardBlock(chunk, worker, b * POINT_BLOCK, Math.min(POINT_BLOCK, count - b * POINT_BLOCK));
        } else {
            VectorKernels.finish(unit, alpha, c, z, nPad, i0, i1, zDim, 1.0f / count, forceC, forceZ);
        }
    }

    private void clearSums(int i0, int i1) {
        Arrays.fill(forceC, i0, i1, 0f);
        for (int j = 0; j < zDim; j++) {
            Arrays.fill(forceZ, j * nPad + i0, j * nPad + i1, 0f);
        }
    }

    /** Whether the forces of the last fused pass are those of {@code x} and {@code r}. */
    private boolean fusedMatches(Points x, double[] r) {
        if (!fusedValid || x != fusedPoints || x.count() != fusedCount) {
            return false;
        }
        for (int p = 0; p < fusedCount; p++) {
            if (Double.doubleToRawLongBits(r[p]) != Double.doubleToRawLongBits(fusedResidual[p])) {
                return false;
            }
        }
        // The batch object may have been refilled since: its coordinates must be those of the pass.
        return prepare(x);
    }

    private void runBackward(Points x, double[] r, boolean update, float dt) {
        int count = x.count();
        ensurePoints(count);
        jobUpdate = update;
        jobDt = dt;
        jobCount = count;
        jobPoints = x;
        stepPoints = x;
        boolean fused = fusedMatches(x, r);
        fusedValid = false;
        if (fused) {
            if (update) {
                pool.run(chunks, updateJob);
            }
            return;
        }
        prepare(x);
        for (int p = 0; p < count; p++) {
            residual[p] = (float) r[p];
        }
        pool.run(chunks, forceJob);
    }

    /** Forces without a preceding fused pass: the same blocks, kernels and order, hence the same bits. */
    private void forceChunk(int chunk, int worker) {
        int i0 = Chunks.start(chunk);
        int i1 = Chunks.end(chunk, nPad);
        int count = jobCount;
        VectorKernels.offsets(unit, alpha, radius2, z, nPad, i0, i1, d, offset);
        clearSums(i0, i1);
        for (int p0 = 0; p0 < count; p0 += POINT_BLOCK) {
            int points = Math.min(POINT_BLOCK, count - p0);
            VectorKernels.forward(VectorKernels.WIDE_TILES, unit, alpha, c, z, offset, nPad, i0, i1, d, xa, d + 1, p0, points,
                    store[chunk], null);
            VectorKernels.backward(VectorKernels.WIDE_TILES, unit, i0, i1, residual, p0, points, store[chunk], xa, d + 1, columns,
                    nPad, forceC, forceZ);
        }
        VectorKernels.finish(unit, alpha, c, z, nPad, i0, i1, zDim, 1.0f / count, forceC, forceZ);
        updateChunk(chunk, worker);
    }

    private void updateChunk(int chunk, int worker) {
        if (jobUpdate) {
            chunkFinite[chunk] = VectorKernels.update(jobDt, alive, c, z, nPad, Chunks.start(chunk),
                    Chunks.end(chunk, nPad), zDim, forceC, forceZ);
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
        fusedValid = false;
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
        fusedValid = false;
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
