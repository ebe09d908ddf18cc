package org.meanfield.flow;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.meanfield.engine.VectorSupport;

/**
 * Every SIMD loop of {@link KernelFlowSystem}, and nothing else: the gaussian interactions of two
 * blocks of centres in double precision, lanes across the particles i of the first block
 * (dimension-major arrays with a row stride, {@code y[k*stride + i]}), the particles j of the second
 * block taken {@value #JB} at a time and broadcast; and the 3-spin value and gradient, lanes across
 * particles.
 *
 * <p>For a pair (i, j): phi_ij = exp(-alpha/2 |y_i - y_j|^2) (the squared distance summed from the
 * differences, so there is no cancellation when y_i is close to y_j). Each pair adds c_j phi_ij and
 * c_j phi_ij y_j to the sums S_i, V_i of particle i and, in an off-diagonal tile, c_i phi_ij and
 * c_i phi_ij y_i to those of j.
 *
 * <p><b>Passes.</b> For each group of {@value #JB} particles j the block of i is swept in passes that
 * exchange small L1-resident arrays, never vectors: {@link #distances} (the exponents), {@link #exp}
 * (phi), {@link #rows} (the sums of i) and {@link #columns} (the sums of j, accumulated in lanes along
 * i). This is the structure of the exact system's {@code exact.PairKernels}, whose notes on JDK 17's
 * C2 apply here too: every method takes and returns arrays only and is too large to be inlined, so
 * each is compiled on its own and vectors stay in registers; fused multiply-adds are written out as
 * {@code FAST_FMA ? a.fma(b, c) : a.mul(b).add(c)}; a loop-carried vector is never a call's
 * receiver (inside its loop it is the argument, after it it is cast to its exact class first); lane
 * sums are reduced by storing the lanes and adding them in lane order, never with
 * {@code reduceLanes}. The exp is this class's own (a copy of the one in {@code exact.PairKernels},
 * which is package-private there): the JDK's vector EXP differs between compiled and interpreted
 * code, this one gives the same bits in every JIT tier.
 */
final class FlowKernels {
    static final VectorSpecies<Double> SPECIES = VectorSupport.doubleSpecies();
    /** The species' vector class, for casting loop-carried vectors to (see the class comment). */
    private static final Class<?> VECTOR_CLASS = SPECIES.vectorType();
    static final int LANES = SPECIES.length();
    /** Particles j per group. */
    static final int JB = 4;
    static final boolean FAST_FMA = VectorSupport.fastFma();

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 0.6931471803691238;
    private static final double LN2_LO = 1.9082149292705877e-10;
    /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer. */
    private static final double SHIFTER = 0x1.8p52;
    private static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);

    private FlowKernels() {
    }

    /** The centres, weights and pair sums the tiles read and write. */
    static final class Pairs {
        final int d;
        /** Row stride of y and sumV. */
        final int stride;
        /** -alpha / 2. */
        final double minusHalfAlpha;
        final double[] y;
        final double[] c;
        /** S_i = sum_j c_j phi_ij. */
        final double[] sumS;
        /** V_i = sum_j c_j phi_ij y_j, [k*stride + i]. */
        final double[] sumV;

        Pairs(int d, int stride, double alpha, double[] y, double[] c, double[] sumS, double[] sumV) {
            this.d = d;
            this.stride = stride;
            this.minusHalfAlpha = -0.5 * alpha;
            this.y = y;
            this.c = c;
            this.sumS = sumS;
            this.sumV = sumV;
        }
    }

    /** Per-worker scratch. */
    static final class Scratch {
        /** y_j of the group, [k*JB + jj]. */
        final double[] yj;
        final double[] exponent;
        final double[] phi;
        /** c_i phi_ij, [jj*size + v]. */
        final double[] cphi;
        final double[] lanes = new double[JB * LANES];

        /** Scratch for tiles of up to {@code size} particles in dimension d. */
        Scratch(int d, int size) {
            this.yj = new double[d * JB];
            this.exponent = new double[JB * size];
            this.phi = new double[JB * size];
            this.cphi = new double[JB * size];
        }
    }

    /**
     * out[v] = e^{x[v]} for v in [0, count) (a multiple of {@link #LANES}), to within about 1 ulp for
     * x in [-708, 709], a correctly scaled (possibly subnormal) value or 0 below: x = m ln2 + r,
     * |r| &lt;= ln2/2, e^r by its degree-13 Taylor polynomial, 2^m applied as two factors so that no
     * factor leaves the normal range before the last rounding.
     */
    static void exp(double[] x, double[] out, int count) {
        DoubleVector log2e = DoubleVector.broadcast(SPECIES, LOG2E);
        DoubleVector shifter = DoubleVector.broadcast(SPECIES, SHIFTER);
        DoubleVector ln2Hi = DoubleVector.broadcast(SPECIES, -LN2_HI);
        DoubleVector ln2Lo = DoubleVector.broadcast(SPECIES, -LN2_LO);
        for (int v = 0; v < count; v += LANES) {
            DoubleVector clamped = DoubleVector.fromArray(SPECIES, x, v).max(-1400.0).min(709.0);
            DoubleVector shifted = FAST_FMA ? clamped.fma(log2e, shifter) : clamped.mul(log2e).add(shifter);
            DoubleVector n = shifted.sub(shifter);
            DoubleVector r = FAST_FMA ? n.fma(ln2Hi, clamped) : n.mul(ln2Hi).add(clamped);
            r = FAST_FMA ? n.fma(ln2Lo, r) : n.mul(ln2Lo).add(r);
            DoubleVector p = DoubleVector.broadcast(SPECIES, 1.0 / 6227020800.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0 / 479001600.0)) : p.mul(r).add(1.0 / 479001600.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0 / 39916800.0)) : p.mul(r).add(1.0 / 39916800.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0 / 3628800.0)) : p.mul(r).add(1.0 / 3628800.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0 / 362880.0)) : p.mul(r).add(1.0 / 362880.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0 / 40320.0)) : p.mul(r).add(1.0 / 40320.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0 / 5040.0)) : p.mul(r).add(1.0 / 5040.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0 / 720.0)) : p.mul(r).add(1.0 / 720.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0 / 120.0)) : p.mul(r).add(1.0 / 120.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0 / 24.0)) : p.mul(r).add(1.0 / 24.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0 / 6.0)) : p.mul(r).add(1.0 / 6.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 0.5)) : p.mul(r).add(0.5);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0)) : p.mul(r).add(1.0);
            p = FAST_FMA ? p.fma(r, DoubleVector.broadcast(SPECIES, 1.0)) : p.mul(r).add(1.0);
            LongVector m = shifted.reinterpretAsLongs().sub(SHIFTER_BITS - 2046);
            LongVector half = m.lanewise(VectorOperators.LSHR, 1);
            DoubleVector first = half.lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            DoubleVector second = m.sub(half).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
            p.mul(first).mul(second).intoArray(out, v);
        }
    }

    /**
     * The pairs of the block [i0, i0 + size) with the disjoint block [j0, j0 + size): the sums of both
     * blocks are updated, each unordered pair computed once. {@code size} is a multiple of
     * {@link #LANES} and of {@link #JB}.
     */
    static void offDiagonal(Pairs pairs, int i0, int j0, int size, Scratch s) {
        for (int j = j0; j < j0 + size; j += JB) {
            distances(pairs, i0, size, j, s);
            exp(s.exponent, s.phi, JB * size);
            rows(pairs, i0, size, j, s);
            columns(pairs, i0, size, j, s);
        }
    }

    /**
     * Every ordered pair (i, j) of the block [b0, b0 + size), i = j included: only the sums of i are
     * updated.
     */
    static void diagonal(Pairs pairs, int b0, int size, Scratch s) {
        for (int j = b0; j < b0 + size; j += JB) {
            distances(pairs, b0, size, j, s);
            exp(s.exponent, s.phi, JB * size);
            rows(pairs, b0, size, j, s);
        }
    }

    /**
     * Pass 1: for the particles j .. j+3 and i in [i0, i0 + size): -alpha/2 |y_i - y_j|^2 into
     * {@code s.exponent[jj*size + v]}; the y_j are gathered into {@code s.yj}.
     */
    static void distances(Pairs pairs, int i0, int size, int j, Scratch s) {
        int d = pairs.d;
        int stride = pairs.stride;
        double[] y = pairs.y;
        double[] yj = s.yj;
        double[] exponent = s.exponent;
        for (int k = 0; k < d; k++) {
            for (int jj = 0; jj < JB; jj++) {
                yj[k * JB + jj] = y[k * stride + j + jj];
            }
        }
        DoubleVector scale = DoubleVector.broadcast(SPECIES, pairs.minusHalfAlpha);
        for (int v = 0; v < size; v += LANES) {
            int i = i0 + v;
            DoubleVector q0 = DoubleVector.zero(SPECIES);
            DoubleVector q1 = q0;
            DoubleVector q2 = q0;
            DoubleVector q3 = q0;
            for (int k = 0; k < d; k++) {
                DoubleVector yi = DoubleVector.fromArray(SPECIES, y, k * stride + i);
                int at = k * JB;
                DoubleVector x0 = yi.sub(yj[at]);
                DoubleVector x1 = yi.sub(yj[at + 1]);
                DoubleVector x2 = yi.sub(yj[at + 2]);
                DoubleVector x3 = yi.sub(yj[at + 3]);
                q0 = FAST_FMA ? x0.fma(x0, q0) : x0.mul(x0).add(q0);
                q1 = FAST_FMA ? x1.fma(x1, q1) : x1.mul(x1).add(q1);
                q2 = FAST_FMA ? x2.fma(x2, q2) : x2.mul(x2).add(q2);
                q3 = FAST_FMA ? x3.fma(x3, q3) : x3.mul(x3).add(q3);
            }
            scale.mul(q0).intoArray(exponent, v);
            scale.mul(q1).intoArray(exponent, size + v);
            scale.mul(q2).intoArray(exponent, 2 * size + v);
            scale.mul(q3).intoArray(exponent, 3 * size + v);
        }
    }

    /** Pass 3, the sums of i: S_i += sum_jj c_j phi, V_i += sum_jj c_j phi y_j, the four j in order. */
    static void rows(Pairs pairs, int i0, int size, int j, Scratch s) {
        int d = pairs.d;
        int stride = pairs.stride;
        double[] c = pairs.c;
        double[] sumS = pairs.sumS;
        double[] sumV = pairs.sumV;
        double[] yj = s.yj;
        double[] phi = s.phi;
        DoubleVector c0 = DoubleVector.broadcast(SPECIES, c[j]);
        DoubleVector c1 = DoubleVector.broadcast(SPECIES, c[j + 1]);
        DoubleVector c2 = DoubleVector.broadcast(SPECIES, c[j + 2]);
        DoubleVector c3 = DoubleVector.broadcast(SPECIES, c[j + 3]);
        for (int v = 0; v < size; v += LANES) {
            int i = i0 + v;
            DoubleVector w0 = c0.mul(DoubleVector.fromArray(SPECIES, phi, v));
            DoubleVector w1 = c1.mul(DoubleVector.fromArray(SPECIES, phi, size + v));
            DoubleVector w2 = c2.mul(DoubleVector.fromArray(SPECIES, phi, 2 * size + v));
            DoubleVector w3 = c3.mul(DoubleVector.fromArray(SPECIES, phi, 3 * size + v));
            DoubleVector.fromArray(SPECIES, sumS, i).add(w0).add(w1).add(w2).add(w3).intoArray(sumS, i);
            for (int k = 0; k < d; k++) {
                int at = k * stride + i;
                int yk = k * JB;
                DoubleVector acc = DoubleVector.fromArray(SPECIES, sumV, at);
                acc = (FAST_FMA
                        ? w0.fma(DoubleVector.broadcast(SPECIES, yj[yk]), acc)
                        : w0.mul(DoubleVector.broadcast(SPECIES, yj[yk])).add(acc));
                acc = (FAST_FMA
                        ? w1.fma(DoubleVector.broadcast(SPECIES, yj[yk + 1]), acc)
                        : w1.mul(DoubleVector.broadcast(SPECIES, yj[yk + 1])).add(acc));
                acc = (FAST_FMA
                        ? w2.fma(DoubleVector.broadcast(SPECIES, yj[yk + 2]), acc)
                        : w2.mul(DoubleVector.broadcast(SPECIES, yj[yk + 2])).add(acc));
                acc = (FAST_FMA
                        ? w3.fma(DoubleVector.broadcast(SPECIES, yj[yk + 3]), acc)
                        : w3.mul(DoubleVector.broadcast(SPECIES, yj[yk + 3])).add(acc));
                acc.intoArray(sumV, at);
            }
        }
    }

    /**
     * Pass 4, the sums of the four particles j of an off-diagonal tile: S_j += sum_i c_i phi,
     * V_j += sum_i c_i phi y_i, accumulated in lanes along i, then added across lanes in lane order.
     */
    static void columns(Pairs pairs, int i0, int size, int j, Scratch s) {
        int d = pairs.d;
        int stride = pairs.stride;
        double[] y = pairs.y;
        double[] c = pairs.c;
        double[] phi = s.phi;
        double[] cphi = s.cphi;
        double[] lanes = s.lanes;
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        for (int v = 0; v < size; v += LANES) {
            DoubleVector ci = DoubleVector.fromArray(SPECIES, c, i0 + v);
            DoubleVector w0 = ci.mul(DoubleVector.fromArray(SPECIES, phi, v));
            DoubleVector w1 = ci.mul(DoubleVector.fromArray(SPECIES, phi, size + v));
            DoubleVector w2 = ci.mul(DoubleVector.fromArray(SPECIES, phi, 2 * size + v));
            DoubleVector w3 = ci.mul(DoubleVector.fromArray(SPECIES, phi, 3 * size + v));
            a0 = w0.add(a0);
            a1 = w1.add(a1);
            a2 = w2.add(a2);
            a3 = w3.add(a3);
            w0.intoArray(cphi, v);
            w1.intoArray(cphi, size + v);
            w2.intoArray(cphi, 2 * size + v);
            w3.intoArray(cphi, 3 * size + v);
        }
        ((DoubleVector) VECTOR_CLASS.cast(a0)).intoArray(lanes, 0);
        ((DoubleVector) VECTOR_CLASS.cast(a1)).intoArray(lanes, LANES);
        ((DoubleVector) VECTOR_CLASS.cast(a2)).intoArray(lanes, 2 * LANES);
        ((DoubleVector) VECTOR_CLASS.cast(a3)).intoArray(lanes, 3 * LANES);
        addLanes(lanes, pairs.sumS, j);
        for (int k = 0; k < d; k++) {
            DoubleVector v0 = DoubleVector.zero(SPECIES);
            DoubleVector v1 = v0;
            DoubleVector v2 = v0;
            DoubleVector v3 = v0;
            int row = k * stride + i0;
            for (int v = 0; v < size; v += LANES) {
                DoubleVector yi = DoubleVector.fromArray(SPECIES, y, row + v);
                v0 = (FAST_FMA
                        ? DoubleVector.fromArray(SPECIES, cphi, v).fma(yi, v0)
                        : DoubleVector.fromArray(SPECIES, cphi, v).mul(yi).add(v0));
                v1 = (FAST_FMA
                        ? DoubleVector.fromArray(SPECIES, cphi, size + v).fma(yi, v1)
                        : DoubleVector.fromArray(SPECIES, cphi, size + v).mul(yi).add(v1));
                v2 = (FAST_FMA
                        ? DoubleVector.fromArray(SPECIES, cphi, 2 * size + v).fma(yi, v2)
                        : DoubleVector.fromArray(SPECIES, cphi, 2 * size + v).mul(yi).add(v2));
                v3 = (FAST_FMA
                        ? DoubleVector.fromArray(SPECIES, cphi, 3 * size + v).fma(yi, v3)
                        : DoubleVector.fromArray(SPECIES, cphi, 3 * size + v).mul(yi).add(v3));
            }
            ((DoubleVector) VECTOR_CLASS.cast(v0)).intoArray(lanes, 0);
            ((DoubleVector) VECTOR_CLASS.cast(v1)).intoArray(lanes, LANES);
            ((DoubleVector) VECTOR_CLASS.cast(v2)).intoArray(lanes, 2 * LANES);
            ((DoubleVector) VECTOR_CLASS.cast(v3)).intoArray(lanes, 3 * LANES);
            addLanes(lanes, pairs.sumV, k * stride + j);
        }
    }

    /** sums[at + jj] += the lanes lanes[jj*LANES ..] added in lane order, for jj = 0..3. */
    private static void addLanes(double[] lanes, double[] sums, int at) {
        for (int jj = 0; jj < JB; jj++) {
            double total = 0;
            for (int l = 0; l < LANES; l++) {
                total += lanes[jj * LANES + l];
            }
            sums[at + jj] += total;
        }
    }
}
