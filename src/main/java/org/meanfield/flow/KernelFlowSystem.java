package org.meanfield.flow;

import java.util.Arrays;

import org.meanfield.engine.BlockRounds;
import org.meanfield.engine.ChunkNoise;
import org.meanfield.engine.ChunkPool;
import org.meanfield.engine.Chunks;
import org.meanfield.engine.ThreeSpinLanes;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The fast kernel flow (see {@link FlowSystem} for the equations, the discretisation of the Lagrange
 * multiplier and the noise): double precision, the pair sums tiled, vectorised ({@link FlowKernels})
 * and spread over a {@link ChunkPool}, bitwise independent of the thread count and allocation-free
 * once warm.
 *
 * <p><b>What a step computes.</b> For every particle i: f(y_i) and g_i = grad f(y_i) from the compact
 * 3-spin weights, lanes across particles ({@link FlowKernels#threeSpin}, O(d^3/6) a particle), and the
 * pair sums S_i = sum_j c_j phi_ij, V_i = sum_j c_j phi_ij y_j. Then
 * <pre>
 *   force_c,i = f(y_i) - S_i / n,
 *   force_y,i = P_i c_i (g_i - (alpha/n) V_i),          P_i = I - y_i y_i^T / |y_i|^2,
 *   E         = -(1/n) sum_i c_i f(y_i) + (1/(2 n^2)) sum_i c_i S_i,
 * </pre>
 * since -(1/n) sum_j c_i c_j grad_1 phi(y_i, y_j) = (alpha/n) c_i (y_i S_i - V_i) and the y_i S_i
 * part is radial, removed by P_i (it is not computed).
 *
 * <p><b>Tiling and symmetry</b> (the scheme of {@code exact.ExactGaussianSystem}). Particles are
 * padded (c = 0, y = 0, never moved) to a multiple of {@value #BLOCK} and cut into blocks of
 * {@value #BLOCK}, the unit of work and of determinism of the pair sum (they depend on n only).
 * phi is symmetric, so each unordered pair of distinct blocks is computed once and feeds the sums of
 * both. The block pairs run as a round-robin tournament (circle method): in each of the B - 1 rounds
 * every block meets one other, so the tiles of a round write disjoint sums and run in parallel; rounds
 * run in a fixed order, so every sum receives its terms in the same order whatever the number of
 * threads. The diagonal tiles (ordered pairs, self-pairs included) run first, with the one-body
 * terms. A step is 2 + (B - 1) calls of {@link ChunkPool#run}. The noise runs over the fixed chunks
 * of {@link Chunks}, one random stream each, like every other system's.
 *
 * <p><b>Cost.</b> {@link #flopsPerPair(int)}: about 3.5 d + 20 flops per ordered pair, half of what
 * one unordered pair of an off-diagonal tile costs (7 d + 40: the squared distance 3d, the exp about
 * 34, the row sums 2d + 3 and the column sums 2d + 2). Diagonal tiles visit ordered pairs (their
 * share is 1/B of the work). Measured on one core of the development machine (Zen 3, AVX2, JDK 17,
 * machine busy with other builds): about 114 us a step at d = 5, n = 256 and 1.9 ms at n = 1024,
 * 550-575 million ordered pairs per second, 7-10 times the reference (jmh/ FlowStepBenchmark,
 * FlowPilot timing).
 *
 * <p><b>Accuracy.</b> Against {@link ReferenceKernelFlowSystem} ({@code KernelFlowSystemTest}, n from
 * 1 to 257, d from 1 to 10, alpha = 5/d, c_i ~ N(0, 16)): the energy within 4e-16 of the size of its
 * terms, the forces within 6e-15 of the largest force, trajectories of 20 noisy steps within 6e-16.
 */
public final class KernelFlowSystem implements FlowSystem {
    /** Particles per block: the unit of work and determinism of the pair sum. */
    public static final int BLOCK = 64;

    private static final int ENERGY = 0;
    private static final int FORCES = 1;
    private static final int STEP = 2;

    private final int d;
    private final int n;
    private final int nPad;
    private final int stride;
    private final int blocks;
    private final double alpha;
    private final double radius;
    private final double[] weights;
    private final double[] c;
    private final double[] y;
    private final double[] value;
    private final double[] gradient;
    private final double[] sumS;
    private final double[] sumV;
    private final double[] blockOneBody;
    private final double[] blockPairs;
    private final ChunkPool pool;
    private final FlowKernels.Pairs pairs;
    private final FlowKernels.Scratch[] scratch;
    private final double[][] wScratch;
    private final double[][] gScratch;
    private final double[][] tScratch;
    private final int[][] roundFirst;
    private final int[][] roundSecond;
    private final ChunkNoise noise;

    // Arguments of the chunk jobs, set before each parallel call.
    private int jobMode;
    private int jobRound;
    private double jobDt;
    private double[] jobForceC;
    private double[] jobForceY;
    private final ChunkPool.ChunkJob prepareJob = this::prepareBlock;
    private final ChunkPool.ChunkJob roundJob = this::roundTile;
    private final ChunkPool.ChunkJob finishJob = this::finishBlock;

    /**
     * A flow of the particles {@code initial} (copied as they are) of gaussian units of width
     * {@code unit.alpha()} in dimension d for {@code target}, on {@code threads} threads.
     */
    public KernelFlowSystem(ThreeSpinTarget target, GaussianUnit unit, int d, Particles initial, int threads) {
        if (target.d() != d || initial.zDim() != d) {
            throw new IllegalArgumentException(
                    "target, particles and d disagree: " + target.d() + ", " + initial.zDim() + ", " + d);
        }
        this.d = d;
        this.n = initial.n();
        this.nPad = (n + BLOCK - 1) / BLOCK * BLOCK;
        this.stride = nPad + 16;
        this.blocks = nPad / BLOCK;
        this.alpha = unit.alpha();
        this.radius = Math.sqrt(d);
        this.weights = target.weights().clone();
        this.c = new double[nPad];
        this.y = new double[d * stride];
        this.value = new double[nPad];
        this.gradient = new double[d * stride];
        this.sumS = new double[nPad];
        this.sumV = new double[d * stride];
        this.blockOneBody = new double[blocks];
        this.blockPairs = new double[blocks];
        this.pool = new ChunkPool(threads);
        this.pairs = new FlowKernels.Pairs(d, stride, alpha, y, c, sumS, sumV);
        this.scratch = new FlowKernels.Scratch[threads];
        this.wScratch = new double[threads][d * FlowKernels.LANES];
        this.gScratch = new double[threads][d * FlowKernels.LANES];
        this.tScratch = new double[threads][FlowKernels.LANES];
        for (int w = 0; w < threads; w++) {
            scratch[w] = new FlowKernels.Scratch(d, BLOCK);
        }
        this.noise = new ChunkNoise(n, d, pool, this::addDraws);
        int[][][] rounds = BlockRounds.of(blocks);
        this.roundFirst = rounds[0];
        this.roundSecond = rounds[1];
        write(initial);
    }

    /** Flops of one ordered pair (i, j) in this implementation: about 3.5 d + 20 (class Javadoc). */
    public static double flopsPerPair(int d) {
        return 3.5 * d + 20;
    }

    @Override
    public double flopsPerPair() {
        return flopsPerPair(d);
    }

    @Override
    public String label() {
        return "flow-vector";
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

    /** Number of blocks of {@value #BLOCK} particles (after padding). */
    public int blocks() {
        return blocks;
    }

    @Override
    public double energy() {
        return evaluate(ENERGY, 0, null, null);
    }

    @Override
    public double forces(double[] forceC, double[] forceY) {
        if (forceC.length < n || forceY.length < n * d) {
            throw new IllegalArgumentException("force arrays too small for " + n + " particles in dimension " + d);
        }
        return evaluate(FORCES, 0, forceC, forceY);
    }

    @Override
    public double step(double dt) {
        return evaluate(STEP, dt, null, null);
    }

    private double evaluate(int mode, double dt, double[] forceC, double[] forceY) {
        jobMode = mode;
        jobDt = dt;
        jobForceC = forceC;
        jobForceY = forceY;
        pool.run(blocks, prepareJob);
        for (int r = 0; r < roundFirst.length; r++) {
            jobRound = r;
            pool.run(roundFirst[r].length, roundJob);
        }
        pool.run(blocks, finishJob);
        jobForceC = null;
        jobForceY = null;
        double oneBodySum = 0;
        double pairSum = 0;
        for (int b = 0; b < blocks; b++) {
            oneBodySum += blockOneBody[b];
            pairSum += blockPairs[b];
        }
        return -oneBodySum / n + pairSum / (2.0 * n * n);
    }

    /** Cleared sums, f and grad f, and the diagonal tile of block {@code block}. */
    private void prepareBlock(int block, int worker) {
        int start = block * BLOCK;
        int end = start + BLOCK;
        Arrays.fill(sumS, start, end, 0);
        for (int k = 0; k < d; k++) {
            Arrays.fill(sumV, k * stride + start, k * stride + end, 0);
        }
        int lanes = FlowKernels.LANES;
        double[] w = wScratch[worker];
        double[] g = gScratch[worker];
        double[] t = tScratch[worker];
        for (int i0 = start; i0 < Math.min(end, n); i0 += lanes) {
            for (int k = 0; k < d; k++) {
                System.arraycopy(y, k * stride + i0, w, k * lanes, lanes);
            }
            ThreeSpinLanes.threeSpin(weights, d, w, g, t);
            System.arraycopy(t, 0, value, i0, lanes);
            for (int k = 0; k < d; k++) {
                System.arraycopy(g, k * lanes, gradient, k * stride + i0, lanes);
            }
        }
        FlowKernels.diagonal(pairs, start, BLOCK, scratch[worker]);
    }

    private void roundTile(int tile, int worker) {
        int a = roundFirst[jobRound][tile];
        int b = roundSecond[jobRound][tile];
        FlowKernels.offDiagonal(pairs, a * BLOCK, b * BLOCK, BLOCK, scratch[worker]);
    }

    /** Forces (written out, or applied as a projected Euler step) and the energy terms of a block. */
    private void finishBlock(int block, int worker) {
        int start = block * BLOCK;
        int end = Math.min(n, start + BLOCK);
        double oneBodySum = 0;
        double pairSum = 0;
        double invN = 1.0 / n;
        double pull = alpha * invN;
        for (int i = start; i < end; i++) {
            double ci = c[i];
            oneBodySum += ci * value[i];
            pairSum += ci * sumS[i];
            if (jobMode == ENERGY) {
                continue;
            }
            double forceC = value[i] - sumS[i] * invN;
            double radial = 0;
            double norm2 = 0;
            for (int k = 0; k < d; k++) {
                int at = k * stride + i;
                double yk = y[at];
                radial += ci * (gradient[at] - pull * sumV[at]) * yk;
                norm2 += yk * yk;
            }
            double lambda = norm2 > 0 ? radial / norm2 : 0;
            if (jobMode == FORCES) {
                for (int k = 0; k < d; k++) {
                    int at = k * stride + i;
                    jobForceY[k * n + i] = ci * (gradient[at] - pull * sumV[at]) - lambda * y[at];
                }
                jobForceC[i] = forceC;
            } else {
                double moved = 0;
                for (int k = 0; k < d; k++) {
                    int at = k * stride + i;
                    double yk = y[at] + jobDt * (ci * (gradient[at] - pull * sumV[at]) - lambda * y[at]);
                    y[at] = yk;
                    moved += yk * yk;
                }
                if (moved > 0) {
                    double scale = radius / Math.sqrt(moved);
                    for (int k = 0; k < d; k++) {
                        y[k * stride + i] *= scale;
                    }
                }
                c[i] = ci + jobDt * forceC;
            }
        }
        blockOneBody[block] = oneBodySum;
        blockPairs[block] = pairSum;
    }

    @Override
    public void addNoise(double std, long seed, long step) {
        noise.add(std, seed, step);
    }

    /** A chunk's noise draws (in ChunkNoise's order), each centre then put back on the sphere. */
    private void addDraws(int from, int to, double[] draws) {
        int next = 0;
        for (int i = from; i < to; i++) {
            c[i] += draws[next++];
            for (int k = 0; k < d; k++) {
                y[k * stride + i] += draws[next++];
            }
            double norm2 = 0;
            for (int k = 0; k < d; k++) {
                norm2 += y[k * stride + i] * y[k * stride + i];
            }
            if (norm2 > 0) {
                double scale = radius / Math.sqrt(norm2);
                for (int k = 0; k < d; k++) {
                    y[k * stride + i] *= scale;
                }
            }
        }
    }

    @Override
    public void read(Particles out) {
        if (out.n() != n || out.zDim() != d) {
            throw new IllegalArgumentException("particles of another shape: " + out.n() + " x " + out.zDim());
        }
        System.arraycopy(c, 0, out.c(), 0, n);
        for (int k = 0; k < d; k++) {
            System.arraycopy(y, k * stride, out.z(), k * n, n);
        }
    }

    @Override
    public void write(Particles in) {
        if (in.n() != n || in.zDim() != d) {
            throw new IllegalArgumentException("particles of another shape: " + in.n() + " x " + in.zDim());
        }
        System.arraycopy(in.c(), 0, c, 0, n);
        for (int k = 0; k < d; k++) {
            System.arraycopy(in.z(), k * n, y, k * stride, n);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
