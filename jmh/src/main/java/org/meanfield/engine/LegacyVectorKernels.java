package org.meanfield.engine;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Every SIMD loop of the project, and nothing else. Lanes run across particles: particle
 * parameters are dimension-major float arrays padded to a multiple of the lane count, so one
 * coordinate of a block of particles is one vector load; point coordinates are broadcast.
 *
 * <p>The dot products z_i . x_p are computed in register tiles of one particle vector by eight
 * points (eight independent FMA chains, enough to cover FMA latency on two ports). No loop uses a
 * mask; the point count's remainder goes through a one-point tail. Units are selected by an int
 * that is constant for an engine, so the branch predicts perfectly.
 */
final class LegacyVectorKernels {
    /** The preferred width, or the one -Dmeanfield.vector.bits forces ({@link VectorSupport}). */
    static final VectorSpecies<Float> SPECIES = VectorSupport.floatSpecies();
    static final VectorSpecies<Double> DOUBLES = VectorSupport.doubleSpecies();
    /** Points per block of the target evaluation: four double vectors, four independent chains. */
    static final int TARGET_BLOCK = 4 * DOUBLES.length();
    static final int LANES = SPECIES.length();
    /** Points per register tile (with two particle vectors: eight FMA chains). */
    static final int TILE = 4;
    /** Particles per block: kernels work on pairs of vectors, so n is padded to a multiple of this. */
    static final int BLOCK = 2 * LANES;

    static final int RELU = 0;
    static final int SIGMOID = 1;
    static final int GAUSSIAN = 2;

    /**
     * Whether the CPU and VM have a fused multiply-add (without it fma() takes a very slow path), and
     * -Dmeanfield.vector.fma=false does not turn it off.
     */
    static final boolean FAST_FMA = detectFma() && !"false".equals(System.getProperty(VectorSupport.FMA_PROPERTY));

    private LegacyVectorKernels() {
    }

    private static boolean detectFma() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return bean != null && Boolean.parseBoolean(bean.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static FloatVector fma(FloatVector a, FloatVector b, FloatVector acc) {
        return FAST_FMA ? a.fma(b, acc) : a.mul(b).add(acc);
    }

    /**
     * u[(v*TILE + q)*LANES ..] = sum_k z_k x_{p0+q, k} for the two particle vectors at i and i + LANES
     * (v = 0, 1) and the four points p0 .. p0+3: eight independent FMA chains, and per k two vector
     * loads and four broadcasts for eight FMAs.
     */
    private static void dotTile(float[] z, int nPad, int i, int d, float[] x, int p0, float[] u) {
        FloatVector a00 = FloatVector.zero(SPECIES);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        int xo = p0 * d;
        for (int k = 0; k < d; k++, xo++) {
            FloatVector z0 = FloatVector.fromArray(SPECIES, z, k * nPad + i);
            FloatVector z1 = FloatVector.fromArray(SPECIES, z, k * nPad + i + LANES);
            FloatVector b0 = FloatVector.broadcast(SPECIES, x[xo]);
            FloatVector b1 = FloatVector.broadcast(SPECIES, x[xo + d]);
            FloatVector b2 = FloatVector.broadcast(SPECIES, x[xo + 2 * d]);
            FloatVector b3 = FloatVector.broadcast(SPECIES, x[xo + 3 * d]);
            a00 = fma(z0, b0, a00);
            a10 = fma(z1, b0, a10);
            a01 = fma(z0, b1, a01);
            a11 = fma(z1, b1, a11);
            a02 = fma(z0, b2, a02);
            a12 = fma(z1, b2, a12);
            a03 = fma(z0, b3, a03);
            a13 = fma(z1, b3, a13);
        }
        a00.intoArray(u, 0);
        a01.intoArray(u, LANES);
        a02.intoArray(u, 2 * LANES);
        a03.intoArray(u, 3 * LANES);
        a10.intoArray(u, 4 * LANES);
        a11.intoArray(u, 5 * LANES);
        a12.intoArray(u, 6 * LANES);
        a13.intoArray(u, 7 * LANES);
    }

    /** u[0 ..] and u[LANES ..] = sum_k z_k x_{p, k} for the two particle vectors at i, one point. */
    private static void dotPoint(float[] z, int nPad, int i, int d, float[] x, int p, float[] u) {
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0;
        int xo = p * d;
        for (int k = 0; k < d; k++) {
            FloatVector b = FloatVector.broadcast(SPECIES, x[xo + k]);
            a0 = fma(FloatVector.fromArray(SPECIES, z, k * nPad + i), b, a0);
            a1 = fma(FloatVector.fromArray(SPECIES, z, k * nPad + i + LANES), b, a1);
        }
        a0.intoArray(u, 0);
        a1.intoArray(u, TILE * LANES);
    }

    /**
     * The per-particle constants of the pre-activation for the two particle vectors at i, into
     * off[0 ..] and off[LANES ..]: the bias b for affine units, and -alpha/2 (R^2 + |z|^2) for
     * gaussian units (on the sphere |x - z|^2 = R^2 + |z|^2 - 2 z.x).
     */
    private static void offsets(int unit, float alpha, float radius2, float[] z, int nPad, int i, int d, float[] off) {
        if (unit != GAUSSIAN) {
            FloatVector.fromArray(SPECIES, z, d * nPad + i).intoArray(off, 0);
            FloatVector.fromArray(SPECIES, z, d * nPad + i + LANES).intoArray(off, LANES);
            return;
        }
        // Both norms in one loop, as dotTile does: JDK 25 boxed the accumulator of a k-loop nested
        // in a loop over the two vectors (51 boxes per particle pair).
        FloatVector norm0 = FloatVector.zero(SPECIES);
        FloatVector norm1 = norm0;
        for (int k = 0; k < d; k++) {
            FloatVector z0 = FloatVector.fromArray(SPECIES, z, k * nPad + i);
            FloatVector z1 = FloatVector.fromArray(SPECIES, z, k * nPad + i + LANES);
            norm0 = fma(z0, z0, norm0);
            norm1 = fma(z1, z1, norm1);
        }
        norm0.add(radius2).mul(-0.5f * alpha).intoArray(off, 0);
        norm1.add(radius2).mul(-0.5f * alpha).intoArray(off, LANES);
    }

    /**
     * phi and its slope g for the 2*TILE dot products of a tile (particle vector v = j / TILE has
     * the offset off[v*LANES ..]): grad_z phi = g (x, 1) for affine units, alpha (x - z) g for
     * gaussian units.
     *
     * <p>Like every method here that is not tiny, it takes arrays, never vectors: HotSpot does not
     * always inline a large method, and a vector that crosses a call that was not inlined is boxed
     * on the heap (measured: megabytes a step).
     */
    private static void activate(int unit, float alpha, LegacyKernelScratch s) {
        switch (unit) {
            case RELU:
                activateRelu(s);
                break;
            case SIGMOID:
                activateSigmoid(s);
                break;
            default:
                activateGaussian(s);
        }
    }

    /** phi = max(pre, 0), g = 1[pre > 0]. */
    private static void activateRelu(LegacyKernelScratch s) {
        for (int at = 0; at < 2 * TILE * LANES; at += LANES) {
            FloatVector pre = FloatVector.fromArray(SPECIES, s.u, at)
                    .add(FloatVector.fromArray(SPECIES, s.offset, at < TILE * LANES ? 0 : LANES));
            pre.max(0f).intoArray(s.phi, at);
            FloatVector.zero(SPECIES).blend(ONES, pre.compare(VectorOperators.GT, 0f)).intoArray(s.g, at);
        }
    }

    /** phi = 1 / (1 + e^-pre), g = phi (1 - phi). */
    private static void activateSigmoid(LegacyKernelScratch s) {
        for (int at = 0; at < 2 * TILE * LANES; at += LANES) {
            FloatVector.fromArray(SPECIES, s.offset, at < TILE * LANES ? 0 : LANES)
                    .add(FloatVector.fromArray(SPECIES, s.u, at)).neg().intoArray(s.phi, at);
        }
        expInPlace(s.phi, 2 * TILE * LANES);
        for (int at = 0; at < 2 * TILE * LANES; at += LANES) {
            FloatVector sigma = ONES.div(FloatVector.fromArray(SPECIES, s.phi, at).add(1f));
            sigma.intoArray(s.phi, at);
            sigma.sub(sigma.mul(sigma)).intoArray(s.g, at);
        }
    }

    /** phi = g = e^{alpha u + offset}. */
    private static void activateGaussian(LegacyKernelScratch s) {
        for (int at = 0; at < 2 * TILE * LANES; at += LANES) {
            FloatVector.fromArray(SPECIES, s.offset, at < TILE * LANES ? 0 : LANES)
                    .add(FloatVector.fromArray(SPECIES, s.u, at).mul(FloatVector.fromArray(SPECIES, s.alpha, 0)))
                    .intoArray(s.phi, at);
        }
        expInPlace(s.phi, 2 * TILE * LANES);
        System.arraycopy(s.phi, 0, s.g, 0, 2 * TILE * LANES);
    }

    private static final FloatVector ONES = FloatVector.broadcast(SPECIES, 1f);

    /**
     * a[k] = e^{a[k]} for k in [0, length), length a multiple of 2*LANES, in float from FMAs and
     * exponent bits (Cephes' expf polynomial: measured within 1 ulp on [-87, 88]; inputs outside
     * are clamped to that range). Not the JDK's {@code VectorOperators.EXP}: its compiled (SVML) and
     * interpreted forms differ in the last bit, which made runs depend on how warm the JIT was.
     *
     * <p>Two vectors per iteration: for the two independent chains, and to keep the method above
     * C2's FreqInlineSize (325 bytecodes) so it is compiled on its own. Inlined into the tile loops
     * it used up their inlining budget, and the vector operations left out were boxed (measured:
     * 70 MB a step for gaussian units at n = 2048, P = 1024).
     */
    static void expInPlace(float[] a, int length) {
        for (int at = 0; at < length; at += 2 * LANES) {
            FloatVector x0 = FloatVector.fromArray(SPECIES, a, at).max(-87f).min(88f);
            FloatVector x1 = FloatVector.fromArray(SPECIES, a, at + LANES).max(-87f).min(88f);
            // Adding 1.5 * 2^23 rounds x / ln 2 to the integer n held in the low mantissa bits.
            FloatVector shifted0 = fma(x0, LOG2E, ROUNDER);
            FloatVector shifted1 = fma(x1, LOG2E, ROUNDER);
            FloatVector n0 = shifted0.sub(ROUNDER);
            FloatVector n1 = shifted1.sub(ROUNDER);
            FloatVector r0 = fma(n0, LN2_LOW, fma(n0, LN2_HIGH, x0));
            FloatVector r1 = fma(n1, LN2_LOW, fma(n1, LN2_HIGH, x1));
            FloatVector p0 = fma(r0, EXP_P0, EXP_P1);
            FloatVector p1 = fma(r1, EXP_P0, EXP_P1);
            p0 = fma(p0, r0, EXP_P2);
            p1 = fma(p1, r1, EXP_P2);
            p0 = fma(p0, r0, EXP_P3);
            p1 = fma(p1, r1, EXP_P3);
            p0 = fma(p0, r0, EXP_P4);
            p1 = fma(p1, r1, EXP_P4);
            p0 = fma(p0, r0, EXP_P5);
            p1 = fma(p1, r1, EXP_P5);
            p0 = fma(p0, r0.mul(r0), r0).add(ONES);
            p1 = fma(p1, r1.mul(r1), r1).add(ONES);
            // 2^n from the rounded bits: (bits(shifted) - bits(1.5 * 2^23) + 127) << 23.
            IntVector scale0 = shifted0.reinterpretAsInts().sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23);
            IntVector scale1 = shifted1.reinterpretAsInts().sub(0x4B400000 - 127).lanewise(VectorOperators.LSHL, 23);
            p0.mul(scale0.reinterpretAsFloats()).intoArray(a, at);
            p1.mul(scale1.reinterpretAsFloats()).intoArray(a, at + LANES);
        }
    }

    private static final FloatVector LOG2E = FloatVector.broadcast(SPECIES, 1.44269504088896341f);
    private static final FloatVector ROUNDER = FloatVector.broadcast(SPECIES, 12582912f);
    private static final FloatVector LN2_HIGH = FloatVector.broadcast(SPECIES, -0.693359375f);
    private static final FloatVector LN2_LOW = FloatVector.broadcast(SPECIES, 2.12194440e-4f);
    private static final FloatVector EXP_P0 = FloatVector.broadcast(SPECIES, 1.9875691500e-4f);
    private static final FloatVector EXP_P1 = FloatVector.broadcast(SPECIES, 1.3981999507e-3f);
    private static final FloatVector EXP_P2 = FloatVector.broadcast(SPECIES, 8.3334519073e-3f);
    private static final FloatVector EXP_P3 = FloatVector.broadcast(SPECIES, 4.1665795894e-2f);
    private static final FloatVector EXP_P4 = FloatVector.broadcast(SPECIES, 1.6666665459e-1f);
    private static final FloatVector EXP_P5 = FloatVector.broadcast(SPECIES, 5.0000001201e-1f);

    /**
     * Dot products and activations of the pair of particle vectors at i for the {@code width} points
     * from p0: a whole tile ({@code width == TILE}) or the one-point tail.
     */
    private static void evaluate(int unit, float alpha, float[] z, int nPad, int i, int d, float[] x, int p0,
            int width, LegacyKernelScratch s) {
        if (width == TILE) {
            dotTile(z, nPad, i, d, x, p0, s.u);
        } else {
            dotPoint(z, nPad, i, d, x, p0, s.u);
        }
        activate(unit, alpha, s);
    }

    /**
     * Forward pass over the particles [i0, i1) of one chunk (a whole number of vector pairs):
     * lane[p*LANES + l] accumulates c_i phi(x_p, z_i) over the particles i = l (mod LANES).
     */
    static void forward(int unit, float alpha, float radius2, float[] c, float[] z, int nPad, int i0, int i1,
            int d, float[] x, int points, float[] lane, LegacyKernelScratch s) {
        int tiled = points - points % TILE;
        for (int i = i0; i < i1; i += 2 * LANES) {
            offsets(unit, alpha, radius2, z, nPad, i, d, s.offset);
            int width;
            for (int p0 = 0; p0 < points; p0 += width) {
                width = p0 < tiled ? TILE : 1;
                evaluate(unit, alpha, z, nPad, i, d, x, p0, width, s);
                // c is reloaded here, not held from before the call above: a vector live across a
                // call that was not inlined is boxed.
                FloatVector c0 = FloatVector.fromArray(SPECIES, c, i);
                FloatVector c1 = FloatVector.fromArray(SPECIES, c, i + LANES);
                for (int q = 0; q < width; q++) {
                    int at = (p0 + q) * LANES;
                    FloatVector sum = fma(c0, FloatVector.fromArray(SPECIES, s.phi, q * LANES),
                            FloatVector.fromArray(SPECIES, lane, at));
                    fma(c1, FloatVector.fromArray(SPECIES, s.phi, (TILE + q) * LANES), sum).intoArray(lane, at);
                }
            }
        }
    }

    /**
     * Backward pass over the particles [i0, i1) (a whole number of vector pairs): the force on each
     * particle from the residual {@code r}, written to {@code forceC[i]} and {@code forceZ[j*nPad + i]}.
     */
    static void backward(int unit, float alpha, float radius2, float[] c, float[] z, int nPad, int i0, int i1,
            int d, float[] x, float[] r, int points, float[] forceC, float[] forceZ, LegacyKernelScratch s) {
        int tiled = points - points % TILE;
        int sumsAt = 2 * d * LANES;
        for (int i = i0; i < i1; i += 2 * LANES) {
            offsets(unit, alpha, radius2, z, nPad, i, d, s.offset);
            java.util.Arrays.fill(s.sums, 0f);
            int width;
            for (int p0 = 0; p0 < points; p0 += width) {
                width = p0 < tiled ? TILE : 1;
                evaluate(unit, alpha, z, nPad, i, d, x, p0, width, s);
                weigh(r, p0, width, s, sumsAt);
                if (width == TILE) {
                    accumulateTile(s.w, x, p0, d, s.sums);
                } else {
                    accumulatePoint(s.w, x, p0, d, s.sums);
                }
            }
            float invP = 1.0f / points;
            writeForces(unit, alpha, c, z, nPad, i, d, s.sums, 0, sumsAt, invP, forceC, forceZ);
            writeForces(unit, alpha, c, z, nPad, i + LANES, d, s.sums, d * LANES, sumsAt + 2 * LANES, invP, forceC,
                    forceZ);
        }
    }

    /**
     * For the first {@code width} points of a tile: w = r g for both particle vectors, and the running
     * sums s0 += r phi, s1 += r g of particle vector v at sums[sumsAt + 2v*LANES] and the next vector.
     */
    private static void weigh(float[] r, int p0, int width, LegacyKernelScratch s, int sumsAt) {
        FloatVector s00 = FloatVector.fromArray(SPECIES, s.sums, sumsAt);
        FloatVector s10 = FloatVector.fromArray(SPECIES, s.sums, sumsAt + LANES);
        FloatVector s01 = FloatVector.fromArray(SPECIES, s.sums, sumsAt + 2 * LANES);
        FloatVector s11 = FloatVector.fromArray(SPECIES, s.sums, sumsAt + 3 * LANES);
        for (int q = 0; q < width; q++) {
            FloatVector rq = FloatVector.broadcast(SPECIES, r[p0 + q]);
            int at0 = q * LANES;
            int at1 = (TILE + q) * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, s.g, at0).mul(rq);
            FloatVector w1 = FloatVector.fromArray(SPECIES, s.g, at1).mul(rq);
            w0.intoArray(s.w, at0);
            w1.intoArray(s.w, at1);
            s00 = fma(rq, FloatVector.fromArray(SPECIES, s.phi, at0), s00);
            s01 = fma(rq, FloatVector.fromArray(SPECIES, s.phi, at1), s01);
            s10 = s10.add(w0);
            s11 = s11.add(w1);
        }
        s00.intoArray(s.sums, sumsAt);
        s10.intoArray(s.sums, sumsAt + LANES);
        s01.intoArray(s.sums, sumsAt + 2 * LANES);
        s11.intoArray(s.sums, sumsAt + 3 * LANES);
    }

    /**
     * sx[(v*d + k)*LANES ..] += sum_q w_{v,q} x_{p0+q, k} for both particle vectors v and every k:
     * per k two loads, two stores, four broadcasts and eight FMAs.
     */
    private static void accumulateTile(float[] w, float[] x, int p0, int d, float[] sx) {
        FloatVector w00 = FloatVector.fromArray(SPECIES, w, 0);
        FloatVector w01 = FloatVector.fromArray(SPECIES, w, LANES);
        FloatVector w02 = FloatVector.fromArray(SPECIES, w, 2 * LANES);
        FloatVector w03 = FloatVector.fromArray(SPECIES, w, 3 * LANES);
        FloatVector w10 = FloatVector.fromArray(SPECIES, w, 4 * LANES);
        FloatVector w11 = FloatVector.fromArray(SPECIES, w, 5 * LANES);
        FloatVector w12 = FloatVector.fromArray(SPECIES, w, 6 * LANES);
        FloatVector w13 = FloatVector.fromArray(SPECIES, w, 7 * LANES);
        int xo = p0 * d;
        int second = d * LANES;
        for (int k = 0; k < d; k++, xo++) {
            int at = k * LANES;
            FloatVector b0 = FloatVector.broadcast(SPECIES, x[xo]);
            FloatVector b1 = FloatVector.broadcast(SPECIES, x[xo + d]);
            FloatVector b2 = FloatVector.broadcast(SPECIES, x[xo + 2 * d]);
            FloatVector b3 = FloatVector.broadcast(SPECIES, x[xo + 3 * d]);
            FloatVector acc0 = fma(w00, b0, FloatVector.fromArray(SPECIES, sx, at));
            FloatVector acc1 = fma(w10, b0, FloatVector.fromArray(SPECIES, sx, second + at));
            acc0 = fma(w01, b1, acc0);
            acc1 = fma(w11, b1, acc1);
            acc0 = fma(w02, b2, acc0);
            acc1 = fma(w12, b2, acc1);
            acc0 = fma(w03, b3, acc0);
            acc1 = fma(w13, b3, acc1);
            acc0.intoArray(sx, at);
            acc1.intoArray(sx, second + at);
        }
    }

    /** The one-point form of {@link #accumulateTile}, weights in w[0] and w[TILE*LANES]. */
    private static void accumulatePoint(float[] w, float[] x, int p, int d, float[] sx) {
        FloatVector w0 = FloatVector.fromArray(SPECIES, w, 0);
        FloatVector w1 = FloatVector.fromArray(SPECIES, w, TILE * LANES);
        int xo = p * d;
        int second = d * LANES;
        for (int k = 0; k < d; k++) {
            int at = k * LANES;
            FloatVector b = FloatVector.broadcast(SPECIES, x[xo + k]);
            fma(w0, b, FloatVector.fromArray(SPECIES, sx, at)).intoArray(sx, at);
            fma(w1, b, FloatVector.fromArray(SPECIES, sx, second + at)).intoArray(sx, second + at);
        }
    }

    /**
     * Forces of the particle vector at i from its sums s0 = sum r phi and s1 = sum r g (at
     * sx[sumsOff] and sx[sumsOff + LANES]) and sx[sxOff + k*LANES] = sum r g x_k: F_c = s0/P; affine
     * F_a = c sx/P, F_b = c s1/P; gaussian F_z = alpha c (sx - z s0)/P.
     */
    private static void writeForces(int unit, float alpha, float[] c, float[] z, int nPad, int i, int d,
            float[] sx, int sxOff, int sumsOff, float invP, float[] forceC, float[] forceZ) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, sx, sumsOff);
        FloatVector s1 = FloatVector.fromArray(SPECIES, sx, sumsOff + LANES);
        s0.mul(invP).intoArray(forceC, i);
        FloatVector scale = FloatVector.fromArray(SPECIES, c, i).mul(invP);
        if (unit == GAUSSIAN) {
            scale = scale.mul(alpha);
            for (int k = 0; k < d; k++) {
                FloatVector zk = FloatVector.fromArray(SPECIES, z, k * nPad + i);
                FloatVector sxk = FloatVector.fromArray(SPECIES, sx, sxOff + k * LANES);
                sxk.sub(zk.mul(s0)).mul(scale).intoArray(forceZ, k * nPad + i);
            }
        } else {
            for (int k = 0; k < d; k++) {
                FloatVector.fromArray(SPECIES, sx, sxOff + k * LANES).mul(scale).intoArray(forceZ, k * nPad + i);
            }
            s1.mul(scale).intoArray(forceZ, d * nPad + i);
        }
    }

    /**
     * theta += dt * alive * force over [i0, i1): padding particles (alive = 0) never move. Returns
     * whether every updated parameter is finite.
     */
    static boolean update(float dt, float[] alive, float[] c, float[] z, int nPad, int i0, int i1, int zDim,
            float[] forceC, float[] forceZ) {
        // check accumulates 0 * value: it stays 0 while every new value is finite, NaN otherwise.
        FloatVector check = FloatVector.zero(SPECIES);
        FloatVector zero = check;
        for (int i = i0; i < i1; i += LANES) {
            FloatVector step = FloatVector.fromArray(SPECIES, alive, i).mul(dt);
            FloatVector ci = fma(step, FloatVector.fromArray(SPECIES, forceC, i), FloatVector.fromArray(SPECIES, c, i));
            ci.intoArray(c, i);
            check = fma(ci, zero, check);
            for (int j = 0; j < zDim; j++) {
                int at = j * nPad + i;
                FloatVector zj = fma(step, FloatVector.fromArray(SPECIES, forceZ, at), FloatVector.fromArray(SPECIES, z, at));
                zj.intoArray(z, at);
                check = fma(zj, zero, check);
            }
        }
        return check.reduceLanes(VectorOperators.ADD) == 0f;
    }

    private static DoubleVector fma(DoubleVector a, DoubleVector b, DoubleVector acc) {
        return FAST_FMA ? a.fma(b, acc) : a.mul(b).add(acc);
    }

    /**
     * The 3-spin target in double precision with lanes across points: y[p] = sum_{p<=q<=r} w x_p x_q x_r
     * for the TARGET_BLOCK points starting at {@code p0} of the dimension-major batch {@code xt}
     * ({@code xt[k*stride + p]}), weights in the order of {@code ThreeSpinTarget.weights()}.
     */
    static void threeSpin(double[] weights, int d, double[] xt, int stride, int p0, double[] y) {
        int l = DOUBLES.length();
        DoubleVector f0 = DoubleVector.zero(DOUBLES);
        DoubleVector f1 = f0;
        DoubleVector f2 = f0;
        DoubleVector f3 = f0;
        int t = 0;
        for (int p = 0; p < d; p++) {
            DoubleVector s0 = DoubleVector.zero(DOUBLES);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            for (int q = p; q < d; q++) {
                DoubleVector a0 = DoubleVector.zero(DOUBLES);
                DoubleVector a1 = a0;
                DoubleVector a2 = a0;
                DoubleVector a3 = a0;
                for (int r = q; r < d; r++) {
                    DoubleVector w = DoubleVector.broadcast(DOUBLES, weights[t++]);
                    int at = r * stride + p0;
                    a0 = fma(w, DoubleVector.fromArray(DOUBLES, xt, at), a0);
                    a1 = fma(w, DoubleVector.fromArray(DOUBLES, xt, at + l), a1);
                    a2 = fma(w, DoubleVector.fromArray(DOUBLES, xt, at + 2 * l), a2);
                    a3 = fma(w, DoubleVector.fromArray(DOUBLES, xt, at + 3 * l), a3);
                }
                int at = q * stride + p0;
                s0 = fma(a0, DoubleVector.fromArray(DOUBLES, xt, at), s0);
                s1 = fma(a1, DoubleVector.fromArray(DOUBLES, xt, at + l), s1);
                s2 = fma(a2, DoubleVector.fromArray(DOUBLES, xt, at + 2 * l), s2);
                s3 = fma(a3, DoubleVector.fromArray(DOUBLES, xt, at + 3 * l), s3);
            }
            int at = p * stride + p0;
            f0 = fma(s0, DoubleVector.fromArray(DOUBLES, xt, at), f0);
            f1 = fma(s1, DoubleVector.fromArray(DOUBLES, xt, at + l), f1);
            f2 = fma(s2, DoubleVector.fromArray(DOUBLES, xt, at + 2 * l), f2);
            f3 = fma(s3, DoubleVector.fromArray(DOUBLES, xt, at + 3 * l), f3);
        }
        f0.intoArray(y, p0);
        f1.intoArray(y, p0 + l);
        f2.intoArray(y, p0 + 2 * l);
        f3.intoArray(y, p0 + 3 * l);
    }

    /**
     * The FMA peak loop: twelve independent FMA chains on registers, {@code iterations} times, so
     * nothing but the FMA ports limits it. Returns a value that depends on every chain.
     */
    static float fmaChains(long iterations, float seed) {
        FloatVector m = FloatVector.broadcast(SPECIES, 0.999999f);
        FloatVector a = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(SPECIES, seed);
        FloatVector c1 = c0.add(1f);
        FloatVector c2 = c0.add(2f);
        FloatVector c3 = c0.add(3f);
        FloatVector c4 = c0.add(4f);
        FloatVector c5 = c0.add(5f);
        FloatVector c6 = c0.add(6f);
        FloatVector c7 = c0.add(7f);
        FloatVector c8 = c0.add(8f);
        FloatVector c9 = c0.add(9f);
        FloatVector c10 = c0.add(10f);
        FloatVector c11 = c0.add(11f);
        for (long i = 0; i < iterations; i++) {
            c0 = c0.fma(m, a);
            c1 = c1.fma(m, a);
            c2 = c2.fma(m, a);
            c3 = c3.fma(m, a);
            c4 = c4.fma(m, a);
            c5 = c5.fma(m, a);
            c6 = c6.fma(m, a);
            c7 = c7.fma(m, a);
            c8 = c8.fma(m, a);
            c9 = c9.fma(m, a);
            c10 = c10.fma(m, a);
            c11 = c11.fma(m, a);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** Flops of one iteration of {@link #fmaChains}: 12 FMAs of LANES lanes, 2 flops each. */
    static final int FMA_CHAIN_FLOPS = 12 * 2 * LANES;
}
