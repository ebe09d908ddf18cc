package org.meanfield.engine;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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
final class VectorKernels {
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    /** Points per block of the target evaluation: four double vectors, four independent chains. */
    static final int TARGET_BLOCK = 4 * DOUBLES.length();
    static final int LANES = SPECIES.length();
    /** Points per register tile. */
    static final int TILE = 8;

    static final int RELU = 0;
    static final int SIGMOID = 1;
    static final int GAUSSIAN = 2;

    /** Whether the CPU and VM have a fused multiply-add; without it fma() takes a very slow path. */
    static final boolean FAST_FMA = detectFma();

    private VectorKernels() {
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
     * u[q*LANES ..] = sum_k z_k x_{p0+q, k} for the particle vector at {@code i} and the eight
     * points p0 .. p0+7 (x point-major with stride d).
     */
    private static void dotTile(float[] z, int nPad, int i, int d, float[] x, int p0, float[] u) {
        FloatVector a0 = FloatVector.zero(SPECIES);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        int xo = p0 * d;
        for (int k = 0; k < d; k++, xo++) {
            FloatVector zk = FloatVector.fromArray(SPECIES, z, k * nPad + i);
            a0 = fma(zk, FloatVector.broadcast(SPECIES, x[xo]), a0);
            a1 = fma(zk, FloatVector.broadcast(SPECIES, x[xo + d]), a1);
            a2 = fma(zk, FloatVector.broadcast(SPECIES, x[xo + 2 * d]), a2);
            a3 = fma(zk, FloatVector.broadcast(SPECIES, x[xo + 3 * d]), a3);
            a4 = fma(zk, FloatVector.broadcast(SPECIES, x[xo + 4 * d]), a4);
            a5 = fma(zk, FloatVector.broadcast(SPECIES, x[xo + 5 * d]), a5);
            a6 = fma(zk, FloatVector.broadcast(SPECIES, x[xo + 6 * d]), a6);
            a7 = fma(zk, FloatVector.broadcast(SPECIES, x[xo + 7 * d]), a7);
        }
        a0.intoArray(u, 0);
        a1.intoArray(u, LANES);
        a2.intoArray(u, 2 * LANES);
        a3.intoArray(u, 3 * LANES);
        a4.intoArray(u, 4 * LANES);
        a5.intoArray(u, 5 * LANES);
        a6.intoArray(u, 6 * LANES);
        a7.intoArray(u, 7 * LANES);
    }

    /** sum_k z_k x_{p, k} for one particle vector and one point. */
    private static FloatVector dot(float[] z, int nPad, int i, int d, float[] x, int p) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int xo = p * d;
        for (int k = 0; k < d; k++) {
            acc = fma(FloatVector.fromArray(SPECIES, z, k * nPad + i), FloatVector.broadcast(SPECIES, x[xo + k]), acc);
        }
        return acc;
    }

    /**
     * The per-particle constant of the pre-activation: the bias b for affine units, and
     * -alpha/2 (R^2 + |z|^2) for gaussian units (on the sphere |x - z|^2 = R^2 + |z|^2 - 2 z.x).
     */
    private static FloatVector offset(int unit, float alpha, float radius2, float[] z, int nPad, int i, int d) {
        if (unit != GAUSSIAN) {
            return FloatVector.fromArray(SPECIES, z, d * nPad + i);
        }
        FloatVector norm2 = FloatVector.zero(SPECIES);
        for (int k = 0; k < d; k++) {
            FloatVector zk = FloatVector.fromArray(SPECIES, z, k * nPad + i);
            norm2 = fma(zk, zk, norm2);
        }
        return norm2.add(radius2).mul(-0.5f * alpha);
    }

    /** The pre-activation from a dot product: u + b (affine), or alpha u + offset (gaussian). */
    private static FloatVector preActivation(int unit, float alpha, FloatVector dot, FloatVector offset) {
        return unit == GAUSSIAN ? fma(dot, FloatVector.broadcast(SPECIES, alpha), offset) : dot.add(offset);
    }

    private static FloatVector activation(int unit, FloatVector pre) {
        switch (unit) {
            case RELU:
                return pre.max(0f);
            case SIGMOID:
                return FloatVector.broadcast(SPECIES, 1f).div(pre.neg().lanewise(VectorOperators.EXP).add(1f));
            default:
                return pre.lanewise(VectorOperators.EXP);
        }
    }

    /** The factor g with grad_z phi = g (x, 1) (affine) or alpha (x - z) g (gaussian). */
    private static FloatVector slope(int unit, FloatVector pre, FloatVector phi) {
        switch (unit) {
            case RELU: {
                VectorMask<Float> positive = pre.compare(VectorOperators.GT, 0f);
                return FloatVector.zero(SPECIES).blend(FloatVector.broadcast(SPECIES, 1f), positive);
            }
            case SIGMOID:
                return phi.sub(phi.mul(phi));
            default:
                return phi;
        }
    }

    /**
     * Forward pass over the particle vectors [i0, i1) of one chunk: lane[p*LANES + l] accumulates
     * c_i phi(x_p, z_i) for the particles i = i0 + l (mod LANES). {@code u} holds TILE vectors.
     */
    static void forward(int unit, float alpha, float radius2, float[] c, float[] z, int nPad, int i0, int i1,
            int d, float[] x, int points, float[] lane, float[] u) {
        int tiled = points - points % TILE;
        for (int i = i0; i < i1; i += LANES) {
            FloatVector off = offset(unit, alpha, radius2, z, nPad, i, d);
            FloatVector ci = FloatVector.fromArray(SPECIES, c, i);
            for (int p0 = 0; p0 < tiled; p0 += TILE) {
                dotTile(z, nPad, i, d, x, p0, u);
                for (int q = 0; q < TILE; q++) {
                    FloatVector pre = preActivation(unit, alpha, FloatVector.fromArray(SPECIES, u, q * LANES), off);
                    int at = (p0 + q) * LANES;
                    fma(ci, activation(unit, pre), FloatVector.fromArray(SPECIES, lane, at)).intoArray(lane, at);
                }
            }
            for (int p = tiled; p < points; p++) {
                FloatVector pre = preActivation(unit, alpha, dot(z, nPad, i, d, x, p), off);
                int at = p * LANES;
                fma(ci, activation(unit, pre), FloatVector.fromArray(SPECIES, lane, at)).intoArray(lane, at);
            }
        }
    }

    /**
     * Backward pass over the particle vectors [i0, i1): the force on each particle from the residual
     * {@code r}, written to {@code forceC[i]} and {@code forceZ[j*nPad + i]}. {@code u} and {@code w}
     * hold TILE vectors, {@code sx} holds d vectors.
     */
    static void backward(int unit, float alpha, float radius2, float[] c, float[] z, int nPad, int i0, int i1,
            int d, float[] x, float[] r, int points, float[] forceC, float[] forceZ, float[] u, float[] w,
            float[] sx) {
        int tiled = points - points % TILE;
        float invP = 1.0f / points;
        for (int i = i0; i < i1; i += LANES) {
            FloatVector off = offset(unit, alpha, radius2, z, nPad, i, d);
            FloatVector s0 = FloatVector.zero(SPECIES);
            FloatVector s1 = s0;
            java.util.Arrays.fill(sx, 0, d * LANES, 0f);
            for (int p0 = 0; p0 < tiled; p0 += TILE) {
                dotTile(z, nPad, i, d, x, p0, u);
                for (int q = 0; q < TILE; q++) {
                    FloatVector pre = preActivation(unit, alpha, FloatVector.fromArray(SPECIES, u, q * LANES), off);
                    FloatVector phi = activation(unit, pre);
                    FloatVector rq = FloatVector.broadcast(SPECIES, r[p0 + q]);
                    FloatVector wq = slope(unit, pre, phi).mul(rq);
                    s0 = fma(rq, phi, s0);
                    s1 = s1.add(wq);
                    wq.intoArray(w, q * LANES);
                }
                accumulateTile(w, x, p0, d, sx);
            }
            for (int p = tiled; p < points; p++) {
                FloatVector pre = preActivation(unit, alpha, dot(z, nPad, i, d, x, p), off);
                FloatVector phi = activation(unit, pre);
                FloatVector rp = FloatVector.broadcast(SPECIES, r[p]);
                FloatVector wp = slope(unit, pre, phi).mul(rp);
                s0 = fma(rp, phi, s0);
                s1 = s1.add(wp);
                int xo = p * d;
                for (int k = 0; k < d; k++) {
                    int at = k * LANES;
                    fma(wp, FloatVector.broadcast(SPECIES, x[xo + k]), FloatVector.fromArray(SPECIES, sx, at))
                            .intoArray(sx, at);
                }
            }
            FloatVector ci = FloatVector.fromArray(SPECIES, c, i);
            s0.mul(invP).intoArray(forceC, i);
            FloatVector scale = ci.mul(invP);
            if (unit == GAUSSIAN) {
                scale = scale.mul(alpha);
                for (int k = 0; k < d; k++) {
                    FloatVector zk = FloatVector.fromArray(SPECIES, z, k * nPad + i);
                    FloatVector sxk = FloatVector.fromArray(SPECIES, sx, k * LANES);
                    sxk.sub(zk.mul(s0)).mul(scale).intoArray(forceZ, k * nPad + i);
                }
            } else {
                for (int k = 0; k < d; k++) {
                    FloatVector.fromArray(SPECIES, sx, k * LANES).mul(scale).intoArray(forceZ, k * nPad + i);
                }
                s1.mul(scale).intoArray(forceZ, d * nPad + i);
            }
        }
    }

    /** sx[k] += sum_q w_q x_{p0+q, k} for every k < d, in two chains of four. */
    private static void accumulateTile(float[] w, float[] x, int p0, int d, float[] sx) {
        FloatVector w0 = FloatVector.fromArray(SPECIES, w, 0);
        FloatVector w1 = FloatVector.fromArray(SPECIES, w, LANES);
        FloatVector w2 = FloatVector.fromArray(SPECIES, w, 2 * LANES);
        FloatVector w3 = FloatVector.fromArray(SPECIES, w, 3 * LANES);
        FloatVector w4 = FloatVector.fromArray(SPECIES, w, 4 * LANES);
        FloatVector w5 = FloatVector.fromArray(SPECIES, w, 5 * LANES);
        FloatVector w6 = FloatVector.fromArray(SPECIES, w, 6 * LANES);
        FloatVector w7 = FloatVector.fromArray(SPECIES, w, 7 * LANES);
        int xo = p0 * d;
        for (int k = 0; k < d; k++, xo++) {
            int at = k * LANES;
            FloatVector lo = fma(w0, FloatVector.broadcast(SPECIES, x[xo]), FloatVector.fromArray(SPECIES, sx, at));
            FloatVector hi = w4.mul(x[xo + 4 * d]);
            lo = fma(w1, FloatVector.broadcast(SPECIES, x[xo + d]), lo);
            hi = fma(w5, FloatVector.broadcast(SPECIES, x[xo + 5 * d]), hi);
            lo = fma(w2, FloatVector.broadcast(SPECIES, x[xo + 2 * d]), lo);
            hi = fma(w6, FloatVector.broadcast(SPECIES, x[xo + 6 * d]), hi);
            lo = fma(w3, FloatVector.broadcast(SPECIES, x[xo + 3 * d]), lo);
            hi = fma(w7, FloatVector.broadcast(SPECIES, x[xo + 7 * d]), hi);
            lo.add(hi).intoArray(sx, at);
        }
    }

    /** theta += dt * alive * force over [i0, i1): padding particles (alive = 0) never move. */
    static void update(float dt, float[] alive, float[] c, float[] z, int nPad, int i0, int i1, int zDim,
            float[] forceC, float[] forceZ) {
        for (int i = i0; i < i1; i += LANES) {
            FloatVector step = FloatVector.fromArray(SPECIES, alive, i).mul(dt);
            fma(step, FloatVector.fromArray(SPECIES, forceC, i), FloatVector.fromArray(SPECIES, c, i)).intoArray(c, i);
            for (int j = 0; j < zDim; j++) {
                int at = j * nPad + i;
                fma(step, FloatVector.fromArray(SPECIES, forceZ, at), FloatVector.fromArray(SPECIES, z, at))
                        .intoArray(z, at);
            }
        }
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
}
