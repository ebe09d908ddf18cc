package org.meanfield.exact;

import java.util.Arrays;

import org.meanfield.engine.BlockRounds;
import org.meanfield.engine.ChunkNoise;
import org.meanfield.engine.ChunkPool;
import org.meanfield.engine.ThreeSpinLanes;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The fast exact system: exact population gradient descent for gaussian units as an n-body
 * computation in double precision, with the pair sum tiled, vectorised ({@link PairKernels}) and
 * spread over a {@link ChunkPool}, bitwise independent of the thread count and allocation-free once
 * warm.
 *
 * <p><b>What a step computes.</b> For every particle i: the one-body terms P_i = dF/dc(theta_i) and
 * dF/dz ({@link MomentTables} for h_2, h_3, h_4; T[w,w,w] and T[w,w,.] from the compact 3-spin
 * weights with lanes across particles, {@link PairKernels#threeSpin}),
 * and the pair sums SA_i = sum_j c_j A_ij, SB_i = sum_j c_j B_ij, VB_i = sum_j c_j B_ij z_j with
 * A_ij = e^{E_2} h_0(s_ij), B_ij = e^{E_2} h_1(s_ij) (see {@link PairKernels}). Then
 * <pre>
 *   force_c,i = P_i - SA_i / n,
 *   force_z,i = c_i (dF/dz(z_i) - (alpha/n) (alpha VB_i + z_i (alpha SB_i - SA_i))),
 *   l         = C_f - (1/n) sum_i c_i P_i + (1/(2 n^2)) sum_i c_i SA_i,
 * </pre>
 * which is SCIENCE.md's force_i = grad F(theta_i) - (1/n) sum_j grad_1 K(theta_i, theta_j) with
 * grad_z K(theta, theta') = alpha c c' e^{E_2} (h_1 alpha (z + z') - h_0 z).
 *
 * <p><b>Tiling and symmetry.</b> Particles are padded (c = 0, z = 0, never moved) to a multiple of
 * {@value #BLOCK} and cut into blocks of {@value #BLOCK}, the unit of work and of determinism (it
 * depends on n only). A_ij and B_ij are symmetric, so each unordered pair of distinct blocks is
 * computed once and feeds the sums of both blocks. To keep that race-free and thread-independent
 * the block pairs are scheduled as a round-robin tournament (the circle method): in each of the
 * B - 1 rounds (B blocks, rounded up to even) every block meets exactly one other, so the tiles of a
 * round write disjoint sums and run in parallel; rounds run one after the other in a fixed order,
 * so every sum receives its terms in the same order whatever the number of threads. The diagonal
 * tiles (a block with itself, ordered pairs, self-pairs included) run first, with the one-body terms.
 * A step is 2 + (B - 1) calls of {@link ChunkPool#run} (one for the blocks' one-body terms and
 * diagonal tiles, one per round, one for the forces and the move), plus one for the noise.
 *
 * <p><b>Cost.</b> {@link #flopsPerPair(int)}: 3d + 40 flops per ordered pair (i, j), half of what one
 * unordered pair of an off-diagonal tile costs in {@link PairKernels} (6d + 80: the dot product
 * z_i.z_j and the two accumulations of c B z, 2d flops each; rho and the exponent about 10; the two
 * degree-5 table polynomials about 22; the exp about 38; the four scalar sums about 10). Diagonal
 * tiles visit ordered pairs (4d + 76 each) and are 1/B of the work. The one-body terms cost about
 * 5 d^3/6 flops a particle (the 3-spin gradient from the compact weights): negligible for
 * n &gt;&gt; d^2, comparable to the pair sum at d = 64 and n = 1024. Measured on one core of the
 * development machine (Zen 3, AVX2, JDK 17): about 150 million ordered pairs per second at n = 1024,
 * d = 10 (jmh/ ExactStepBenchmark; {@code meanfield bench --dynamics exact}).
 *
 * <p><b>Accuracy.</b> The tables reproduce ln h_0 - rho to about 4e-14 + 8 ulps and h_1/h_0 to
 * 2e-14 relative, the exp is within 1 ulp, so every A_ij and B_ij is within about 1e-13 of the exact
 * value. Against {@link ReferenceExactSystem} ({@code ExactGaussianSystemTest}, d from 1 to 64, alpha
 * from 1/64 to 2): forces within 5.4e-14 of the largest force, and near the optimum (loss 6% of
 * C_f, where F and K nearly cancel) the loss within 3e-13 of itself and the forces within 3.5e-13.
 * Pairs with rho = R alpha |z_i + z_j| beyond the tables (about 1.7e7) are clamped to the last cell;
 * there e^{E_2} h_0 &lt;= e^{-alpha/2 ((R - |z_i|)^2 + (R - |z_j|)^2)} with max(|z_i|, |z_j|) &gt; 8e6 / (R
 * alpha), which is 0 in double precision for any R^2 alpha above 1e-3, so nothing is lost.
 */
public final class ExactGaussianSystem implements ExactSystem {
    /** Particles per block: the unit of work and determinism of the pair sum. */
    public static final int BLOCK = 64;

    private static final int LOSS = 0;
    private static final int FORCES = 1;
    private static final int STEP = 2;

    private final int d;
    private final int n;
    private final int nPad;
    /** Row stride of z, sumV and oneBodyGrad: nPad + 16 (see {@link PairKernels.Pairs#stride}). */
    private final int stride;
    private final int blocks;
    private final double alpha;
    private final double radius;
    private final double cf;
    private final double[] weights;
    private final double[] trace;
    private final RadialTable[] oneBodyLog = new RadialTable[5];
    private final double[] c;
    private final double[] z;
    private final double[] e;
    private final double[] norm2;
    private final double[] sumA;
    private final double[] sumB;
    private final double[] sumV;
    private final double[] oneBody;
    private final double[] oneBodyGrad;
    private final double[] blockOneBody;
    private final double[] blockPairs;
    private final ChunkPool pool;
    private final PairKernels.Pairs pairs;
    private final PairKernels.Scratch[] scratch;
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
    private double[] jobForceZ;
    private final ChunkPool.ChunkJob prepareJob = this::prepareBlock;
    private final ChunkPool.ChunkJob roundJob = this::roundTile;
    private final ChunkPool.ChunkJob finishJob = this::finishBlock;

    /**
     * A system of the particles {@code initial} (copied) of gaussian units of width {@code unit.alpha()}
     * in dimension {@code d} for {@code target}, on {@code threads} threads. The tables of dimension d
     * are built on first use in this JVM (about 0.1 s).
     */
    public ExactGaussianSystem(ThreeSpinTarget target, GaussianUnit unit, int d, Particles initial, int threads) {
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
        this.cf = target.cf();
        this.weights = target.weights();
        this.trace = GaussianClosedForms.traceVector(target);
        MomentTables tables = MomentTables.of(d);
        for (int k = 2; k <= 4; k++) {
            oneBodyLog[k] = tables.oneBodyLog(k);
        }
        this.c = new double[nPad];
        this.z = new double[d * stride];
        this.e = new double[nPad];
        this.norm2 = new double[nPad];
        this.sumA = new double[nPad];
        this.sumB = new double[nPad];
        this.sumV = new double[d * stride];
        this.oneBody = new double[nPad];
        this.oneBodyGrad = new double[d * stride];
        this.blockOneBody = new double[blocks];
        this.blockPairs = new double[blocks];
        this.pool = new ChunkPool(threads);
        this.pairs = new PairKernels.Pairs(d, stride, radius * alpha, z, c, e, norm2, sumA, sumB, sumV, tables.pairLog,
                tables.pairRatio);
        this.scratch = new PairKernels.Scratch[threads];
        this.wScratch = new double[threads][d * PairKernels.LANES];
        this.gScratch = new double[threads][d * PairKernels.LANES];
        this.tScratch = new double[threads][PairKernels.LANES];
        for (int w = 0; w < threads; w++) {
            scratch[w] = new PairKernels.Scratch(d, BLOCK);
        }
        this.noise = new ChunkNoise(n, d, pool, this::addDraws);
        int[][][] rounds = BlockRounds.of(blocks);
        this.roundFirst = rounds[0];
        this.roundSecond = rounds[1];
        write(initial);
    }

    /** Flops of one ordered pair (i, j) in this implementation: 3d + 40 (see the class Javadoc). */
    public static double flopsPerPair(int d) {
        return 3.0 * d + 40;
    }

    @Override
    public double flopsPerPair() {
        return flopsPerPair(d);
    }

    @Override
    public String label() {
        return "exact-vector";
    }

    @Override
    public int n() {
        return n;
    }

    @Override
    public int zDim() {
        return d;
    }

    public int d() {
        return d;
    }

    /** Number of blocks of {@value #BLOCK} particles (after padding). */
    public int blocks() {
        return blocks;
    }

    @Override
    public double loss() {
        return evaluate(LOSS, 0, null, null);
    }

    @Override
    public double forces(double[] forceC, double[] forceZ) {
        if (forceC.length < n || forceZ.length < n * d) {
            throw new IllegalArgumentException("force arrays too small for " + n + " particles in dimension " + d);
        }
        return evaluate(FORCES, 0, forceC, forceZ);
    }

    @Override
    public double step(double dt) {
        return evaluate(STEP, dt, null, null);
    }

    private double evaluate(int mode, double dt, double[] forceC, double[] forceZ) {
        jobMode = mode;
        jobDt = dt;
        jobForceC = forceC;
        jobForceZ = forceZ;
        pool.run(blocks, prepareJob);
        for (int r = 0; r < roundFirst.length; r++) {
            jobRound = r;
            pool.run(roundFirst[r].length, roundJob);
        }
        pool.run(blocks, finishJob);
        jobForceC = null;
        jobForceZ = null;
        double oneBodySum = 0;
        double pairSum = 0;
        for (int b = 0; b < blocks; b++) {
            oneBodySum += blockOneBody[b];
            pairSum += blockPairs[b];
        }
        return cf - oneBodySum / n + pairSum / (2.0 * n * n);
    }

    /** Norms, cleared sums, one-body terms and the diagonal tile of block {@code block}. */
    private void prepareBlock(int block, int worker) {
        int start = block * BLOCK;
        int end = start + BLOCK;
        for (int i = start; i < end; i++) {
            double sum = 0;
            for (int k = 0; k < d; k++) {
                double zk = z[k * stride + i];
                sum += zk * zk;
            }
            norm2[i] = sum;
            e[i] = -0.5 * alpha * (d + sum);
            sumA[i] = 0;
            sumB[i] = 0;
        }
        for (int k = 0; k < d; k++) {
            Arrays.fill(sumV, k * stride + start, k * stride + end, 0);
        }
        boolean gradient = jobMode != LOSS;
        int lanes = PairKernels.LANES;
        for (int i = start; i < Math.min(end, n); i += lanes) {
            oneBody(i, Math.min(lanes, n - i), gradient, wScratch[worker], gScratch[worker], tScratch[worker]);
        }
        PairKernels.diagonal(pairs, start, BLOCK, scratch[worker]);
    }

    /**
     * For the {@code count} particles i0 .. (a vector's worth, with the 3-spin part vectorised across
     * them): P_i = dF/dc at theta_i, and (when asked) dF/dz for c = 1, from the tables of
     * ln h_k - rho: a_k = e^{E_1} h_k = exp(-alpha/2 (R - |z|)^2 + (ln h_k - rho)).
     */
    private void oneBody(int i0, int count, boolean gradient, double[] w, double[] g, double[] t3) {
        int lanes = PairKernels.LANES;
        for (int k = 0; k < d; k++) {
            for (int l = 0; l < lanes; l++) {
                w[k * lanes + l] = alpha * z[k * stride + i0 + l];
            }
        }
        ThreeSpinLanes.threeSpin(weights, d, w, g, t3);
        for (int l = 0; l < count; l++) {
            int i = i0 + l;
            double norm = Math.sqrt(norm2[i]);
            double rho = radius * alpha * norm;
            double shift = -0.5 * alpha * (radius - norm) * (radius - norm);
            double a2 = StrictMath.exp(shift + oneBodyLog[2].value(rho));
            double a3 = StrictMath.exp(shift + oneBodyLog[3].value(rho));
            double vw = 0;
            for (int k = 0; k < d; k++) {
                vw += trace[k] * w[k * lanes + l];
            }
            double p = a3 * t3[l] + 3 * a2 * vw;
            oneBody[i] = p;
            if (gradient) {
                double a4 = StrictMath.exp(shift + oneBodyLog[4].value(rho));
                for (int k = 0; k < d; k++) {
                    double wk = w[k * lanes + l];
                    // T[w,w,.] = g / 3
                    double gradW = a4 * t3[l] * wk + a3 * (g[k * lanes + l] + 3 * vw * wk) + 3 * a2 * trace[k];
                    oneBodyGrad[k * stride + i] = alpha * (gradW - z[k * stride + i] * p);
                }
            }
        }
    }

    private void roundTile(int tile, int worker) {
        int a = roundFirst[jobRound][tile];
        int b = roundSecond[jobRound][tile];
        PairKernels.offDiagonal(pairs, a * BLOCK, b * BLOCK, BLOCK, scratch[worker]);
    }

    /** Forces (written out, or applied as an Euler step) and the loss terms of block {@code block}. */
    private void finishBlock(int block, int worker) {
        int start = block * BLOCK;
        int end = Math.min(n, start + BLOCK);
        double oneBodySum = 0;
        double pairSum = 0;
        double invN = 1.0 / n;
        for (int i = start; i < end; i++) {
            double ci = c[i];
            oneBodySum += ci * oneBody[i];
            pairSum += ci * sumA[i];
            if (jobMode == LOSS) {
                continue;
            }
            double forceC = oneBody[i] - sumA[i] * invN;
            double radial = alpha * sumB[i] - sumA[i];
            for (int k = 0; k < d; k++) {
                int at = k * stride + i;
                double forceZ = ci * (oneBodyGrad[at] - alpha * invN * (alpha * sumV[at] + z[at] * radial));
                if (jobMode == FORCES) {
                    jobForceZ[k * n + i] = forceZ;
                } else {
                    z[at] += jobDt * forceZ;
                }
            }
            if (jobMode == FORCES) {
                jobForceC[i] = forceC;
            } else {
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

    /** A chunk's noise draws, added to the padded buffers. */
    private void addDraws(int from, int to, double[] draws) {
        int k = 0;
        for (int i = from; i < to; i++) {
            c[i] += draws[k++];
            for (int j = 0; j < d; j++) {
                z[j * stride + i] += draws[k++];
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
            System.arraycopy(z, k * stride, out.z(), k * n, n);
        }
    }

    @Override
    public void write(Particles in) {
        if (in.n() != n || in.zDim() != d) {
            throw new IllegalArgumentException("particles of another shape: " + in.n() + " x " + in.zDim());
        }
        System.arraycopy(in.c(), 0, c, 0, n);
        for (int k = 0; k < d; k++) {
            System.arraycopy(in.z(), k * n, z, k * stride, n);
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
