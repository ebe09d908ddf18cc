package org.meanfield.exact;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.meanfield.engine.VectorSupport;

/**
 * Every SIMD loop of the exact engine, and nothing else: the pair interactions of two blocks of
 * particles, in double precision, lanes across the particles i of the first block (dimension-major
 * arrays with a row stride, {@code z[k*stride + i]}), the particles j of the second block taken
 * {@value #JB} at a time and broadcast.
 *
 * <p>For a pair (i, j), with q = |z_i + z_j|^2 = |z_i|^2 + |z_j|^2 + 2 z_i.z_j and rho = R alpha sqrt(q):
 * <pre>
 *   A_ij = exp(e_i + e_j + rho + g(rho)) = e^{E_2} h_0,    e_i = -alpha/2 (R^2 + |z_i|^2),  g = ln h_0 - rho,
 *   B_ij = A_ij r(rho) = e^{E_2} h_1,                      r = h_1 / h_0,
 * </pre>
 * g and r from the {@link RadialTable}s, exp from {@link #exp}. Each pair adds c_j A, c_j B and
 * c_j B z_j to the sums SA_i, SB_i, VB_i of particle i and, in an off-diagonal tile, c_i A, c_i B and
 * c_i B z_i to those of j: the forces follow from them ({@link ExactGaussianSystem}).
 *
 * <p><b>Passes.</b> For each group of {@value #JB} particles j the block of i is swept in four passes
 * that exchange small arrays (L1-resident), never vectors: {@link #distances} (rho and the exponent,
 * {@value #JB} dot products sharing each load of z_i), {@link #interactions} (table look-ups, then
 * {@link #exp}), {@link #rows} (the sums of i) and {@link #columns} (the sums of j, accumulated in
 * registers along i).
 *
 * <p><b>Written for C2.</b> JDK 17's C2 keeps a vector in registers only where every method it flows
 * through is inlined and it is not carried by a loop nested in another; otherwise it is boxed (about
 * 1 KB a vector of pairs, hundreds of MB a step). Hence: every method here takes and returns arrays
 * only and is large enough (over 325 bytecodes) never to be inlined into a caller, so each is compiled
 * on its own; inside, only Vector API methods (force-inlined) are called, fused multiply-adds are
 * written out as {@code FAST_FMA ? a.fma(b, c) : a.mul(b).add(c)} rather than through a helper, and
 * sums over outer loops go through memory. A loop-carried vector (a loop phi) is never the receiver
 * of a Vector API call: inside its loop it is the argument, after it it is first cast to the
 * species' exact class ({@code VECTOR_CLASS}): in some JVMs C2 (JDK 17) does not know a phi's exact
 * class when it parses such a call, calls it virtually and boxes (measured in the engine's
 * {@code VectorKernels}, where it made a step five times slower). The table look-ups are scalar
 * (bit twiddling and two degree-5 polynomials in Estrin form a pair, on one interleaved table): the
 * Vector API gathers are slower than scalar loads on AVX2, and JDK 17 inlines their index-species
 * look-up only in small methods. {@code ExactAllocationTest} checks that a warm step allocates nothing.
 *
 * <p><b>Conventions</b> as in the engine's {@code VectorKernels}: {@code static final} species, no
 * masks (blocks are whole numbers of vectors), fused multiply-add only where the CPU has it
 * ({@link VectorSupport#fastFma()}; the same for {@link Math#fma}). Lane sums are reduced by storing the
 * lanes and adding them in lane order, never with {@code reduceLanes}, whose order is unspecified:
 * with the custom {@link #exp} (the JDK's vector EXP differs between compiled and interpreted code)
 * every result is the same bit for bit in every JIT tier and thread.
 */
final class PairKernels {
    static final VectorSpecies<Double> SPECIES = VectorSupport.doubleSpecies();
    /** The species' vector class, for casting loop-carried vectors to (see the class comment). */
    private static final Class<?> VECTOR_CLASS = SPECIES.vectorType();
    static final int LANES = SPECIES.length();
    /** Particles j per group: four dot products and four accumulators share each load of z_i. */
    static final int JB = 4;
    static final boolean FAST_FMA = VectorSupport.fastFma();
    /** Doubles per cell of the interleaved pair table: 6 coefficients of g, then 6 of r. */
    static final int CELL = 12;

    private static final double LOG2E = 1.4426950408889634;
    private static final double LN2_HI = 0.6931471803691238;
    private static final double LN2_LO = 1.9082149292705877e-10;
    /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer. */
    private static final double SHIFTER = 0x1.8p52;
    private static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);

    private PairKernels() {
    }

    /** The particles' arrays, their pair sums and the table: what the tiles read and write. */
    static final class Pairs {
        final int d;
        /** Row stride of z and sumV: padded so that rows are not 4 KiB apart (store/load aliasing). */
        final int stride;
        /** R alpha: rho = scale sqrt(q). */
        final double scale;
        final double[] z;
        final double[] c;
        /** e_i = -alpha/2 (R^2 + |z_i|^2). */
        final double[] e;
        /** |z_i|^2. */
        final double[] norm2;
        final double[] sumA;
        final double[] sumB;
        final double[] sumV;
        /** Cell c at [c * CELL]: the monomial coefficients of g, then of r. */
        final double[] table;
        final double xMax;

        Pairs(int d, int stride, double scale, double[] z, double[] c, double[] e, double[] norm2, double[] sumA,
                double[] sumB, double[] sumV, RadialTable log, RadialTable ratio) {
            this.d = d;
            this.stride = stride;
            this.scale = scale;
            this.z = z;
            this.c = c;
            this.e = e;
            this.norm2 = norm2;
            this.sumA = sumA;
            this.sumB = sumB;
            this.sumV = sumV;
            this.table = interleave(log, ratio);
            this.xMax = log.xMax();
        }
    }

    /** The two tables' coefficients, cell by cell (see {@link #CELL}). */
    static double[] interleave(RadialTable log, RadialTable ratio) {
        if (log.cells() != ratio.cells() || log.xMax() != ratio.xMax() || RadialTable.DEGREE != 5) {
            throw new IllegalArgumentException("the pair tables must share their cells and have degree 5");
        }
        int cells = log.cells();
        double[] table = new double[CELL * cells];
        for (int cell = 0; cell < cells; cell++) {
            for (int k = 0; k <= 5; k++) {
                table[CELL * cell + k] = log.coefficients()[k * cells + cell];
                table[CELL * cell + 6 + k] = ratio.coefficients()[k * cells + cell];
            }
        }
        return table;
    }

    /** Per-worker scratch for the kernels. */
    static final class Scratch {
        /** z_j of the group, [k * JB + jj]. */
        final double[] zj;
        final double[] rho;
        /** CELL times the table cell of each pair. */
        final long[] cell;
        /** The local variable of each pair in its cell. */
        final double[] t;
        final double[] exponent;
        final double[] a;
        final double[] b;
        /** c_i B_ij, [jj * size + v]. */
        final double[] cib;
        final double[] lanes = new double[JB * LANES];

        /** Scratch for tiles of up to {@code size} particles in dimension d. */
        Scratch(int d, int size) {
            this.zj = new double[d * JB];
            this.rho = new double[JB * size];
            this.cell = new long[JB * size];
            this.t = new double[JB * size];
            this.exponent = new double[JB * size];
            this.a = new double[JB * size];
            this.b = new double[JB * size];
            this.cib = new double[JB * size];
        }
    }

    private static double fmaScalar(double a, double b, double c) {
        return FAST_FMA ? Math.fma(a, b, c) : a * b + c;
    }

    /**
     * out[v] = e^{x[v]} and product[v] = out[v] * factor[v] for v in [0, count) (a multiple of
     * {@link #LANES}; {@code product} may be {@code factor}).
     *
     * <p>e^x to within about 1 ulp for x in [-708, 709], a correctly scaled (possibly subnormal) value
     * or 0 below, from FMAs and exponent bits only: x = n ln2 + r, |r| &lt;= ln2/2, e^r by its degree-13
     * Taylor polynomial (truncation below 5e-18), and 2^n applied as two factors 2^{floor(n/2)}
     * 2^{ceil(n/2)} (m = n + 2046 in [0, 4092], so each factor's biased exponent is in [1, 2046]), so
     * that no factor leaves the normal range before the last rounding. Written out in one loop: a
     * helper taking or returning vectors would have to be inlined by C2 to keep them unboxed.
     */
    static void exp(double[] x, double[] out, double[] factor, double[] product, int count) {
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
            // Horner on 1/k!, k = 13 .. 0
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
            DoubleVector result = p.mul(first).mul(second);
            result.intoArray(out, v);
            result.mul(DoubleVector.fromArray(SPECIES, factor, v)).intoArray(product, v);
        }
    }

    /**
     * The pairs of the block [i0, i0 + size) with the block [j0, j0 + size) (disjoint): the sums of
     * both blocks are updated. {@code size} is a multiple of {@link #LANES} and of {@link #JB}, and at
     * most the scratch's.
     */
    static void offDiagonal(Pairs pairs, int i0, int j0, int size, Scratch s) {
        for (int j = j0; j < j0 + size; j += JB) {
            distances(pairs, i0, size, j, s);
            interactions(pairs, JB * size, s);
            rows(pairs, i0, size, j, s);
            columns(pairs, i0, size, j, s);
        }
    }

    /**
     * Every ordered pair (i, j) of the block [b0, b0 + size), i = j included: only the sums of i (the
     * lanes) are updated, so each unordered pair is visited twice and the self-pair once.
     */
    static void diagonal(Pairs pairs, int b0, int size, Scratch s) {
        for (int j = b0; j < b0 + size; j += JB) {
            distances(pairs, b0, size, j, s);
            interactions(pairs, JB * size, s);
            rows(pairs, b0, size, j, s);
        }
    }

    /**
     * Pass 1: for the particles j .. j+3 and i in [i0, i0 + size): rho_ij = R alpha sqrt(|z_i|^2 +
     * |z_j|^2 + 2 z_i.z_j) into {@code s.rho[jj*size + v]} and e_i + e_j + rho_ij into
     * {@code s.exponent}; the z_j are gathered into {@code s.zj}.
     */
    static void distances(Pairs pairs, int i0, int size, int j, Scratch s) {
        int d = pairs.d;
        int stride = pairs.stride;
        double[] z = pairs.z;
        double[] zj = s.zj;
        double[] rho = s.rho;
        double[] exponent = s.exponent;
        for (int k = 0; k < d; k++) {
            for (int jj = 0; jj < JB; jj++) {
                zj[k * JB + jj] = z[k * stride + j + jj];
            }
        }
        DoubleVector scale = DoubleVector.broadcast(SPECIES, pairs.scale);
        DoubleVector two = DoubleVector.broadcast(SPECIES, 2.0);
        double[] e = pairs.e;
        double[] norm2 = pairs.norm2;
        for (int v = 0; v < size; v += LANES) {
            int i = i0 + v;
            DoubleVector dot0 = DoubleVector.zero(SPECIES);
            DoubleVector dot1 = dot0;
            DoubleVector dot2 = dot0;
            DoubleVector dot3 = dot0;
            for (int k = 0; k < d; k++) {
                DoubleVector zi = DoubleVector.fromArray(SPECIES, z, k * stride + i);
                int at = k * JB;
                dot0 = (FAST_FMA
                        ? zi.fma(DoubleVector.broadcast(SPECIES, zj[at]), dot0)
                        : zi.mul(DoubleVector.broadcast(SPECIES, zj[at])).add(dot0));
                dot1 = (FAST_FMA
                        ? zi.fma(DoubleVector.broadcast(SPECIES, zj[at + 1]), dot1)
                        : zi.mul(DoubleVector.broadcast(SPECIES, zj[at + 1])).add(dot1));
                dot2 = (FAST_FMA
                        ? zi.fma(DoubleVector.broadcast(SPECIES, zj[at + 2]), dot2)
                        : zi.mul(DoubleVector.broadcast(SPECIES, zj[at + 2])).add(dot2));
                dot3 = (FAST_FMA
                        ? zi.fma(DoubleVector.broadcast(SPECIES, zj[at + 3]), dot3)
                        : zi.mul(DoubleVector.broadcast(SPECIES, zj[at + 3])).add(dot3));
            }
            DoubleVector ni = DoubleVector.fromArray(SPECIES, norm2, i);
            DoubleVector ei = DoubleVector.fromArray(SPECIES, e, i);
            DoubleVector r0 = (FAST_FMA
                    ? two.fma(dot0, ni.add(norm2[j]))
                    : two.mul(dot0).add(ni.add(norm2[j]))).max(0.0).lanewise(VectorOperators.SQRT).mul(scale);
            DoubleVector r1 = (FAST_FMA
                    ? two.fma(dot1, ni.add(norm2[j + 1]))
                    : two.mul(dot1).add(ni.add(norm2[j + 1]))).max(0.0).lanewise(VectorOperators.SQRT).mul(scale);
            DoubleVector r2 = (FAST_FMA
                    ? two.fma(dot2, ni.add(norm2[j + 2]))
                    : two.mul(dot2).add(ni.add(norm2[j + 2]))).max(0.0).lanewise(VectorOperators.SQRT).mul(scale);
            DoubleVector r3 = (FAST_FMA
                    ? two.fma(dot3, ni.add(norm2[j + 3]))
                    : two.mul(dot3).add(ni.add(norm2[j + 3]))).max(0.0).lanewise(VectorOperators.SQRT).mul(scale);
            r0.intoArray(rho, v);
            r1.intoArray(rho, size + v);
            r2.intoArray(rho, 2 * size + v);
            r3.intoArray(rho, 3 * size + v);
            ei.add(e[j]).add(r0).intoArray(exponent, v);
            ei.add(e[j + 1]).add(r1).intoArray(exponent, size + v);
            ei.add(e[j + 2]).add(r2).intoArray(exponent, 2 * size + v);
            ei.add(e[j + 3]).add(r3).intoArray(exponent, 3 * size + v);
        }
    }

    /**
     * Pass 2, over {@code count} pairs: A = exp(exponent + g(rho)) into {@code s.a} and B = A r(rho)
     * into {@code s.b}, g and r from the interleaved table: the cell and local variable with vectors,
     * the polynomials scalar (see the class Javadoc), the exp with vectors ({@link #exp}).
     */
    static void interactions(Pairs pairs, int count, Scratch s) {
        // Where each rho falls in the table (see RadialTable): CELL times its cell, and t in [-1, 1).
        DoubleVector top = DoubleVector.broadcast(SPECIES, pairs.xMax);
        DoubleVector two = DoubleVector.broadcast(SPECIES, 2.0);
        DoubleVector minusThree = DoubleVector.broadcast(SPECIES, -3.0);
        for (int v = 0; v < count; v += LANES) {
            LongVector bits = DoubleVector.fromArray(SPECIES, s.rho, v).add(1.0).min(top).reinterpretAsLongs();
            LongVector cell = bits.lanewise(VectorOperators.LSHR, 52 - RadialTable.CELL_BITS).sub(RadialTable.FIRST_CELL);
            // CELL = 12 = 8 + 4 (AVX2 has no 64-bit multiply)
            cell.lanewise(VectorOperators.LSHL, 3).add(cell.lanewise(VectorOperators.LSHL, 2)).intoArray(s.cell, v);
            DoubleVector u = bits.lanewise(VectorOperators.LSHL, RadialTable.CELL_BITS).and(RadialTable.MANTISSA)
                    .or(RadialTable.ONE).reinterpretAsDoubles();
            (FAST_FMA ? u.fma(two, minusThree) : u.mul(two).add(minusThree)).intoArray(s.t, v);
        }
        double[] table = pairs.table;
        long[] cells = s.cell;
        double[] ts = s.t;
        double[] exponent = s.exponent;
        double[] ratio = s.b;
        for (int v = 0; v < count; v++) {
            int at = (int) cells[v];
            double t = ts[v];
            double t2 = t * t;
            double g = fmaScalar(t2, fmaScalar(t2, fmaScalar(table[at + 5], t, table[at + 4]),
                    fmaScalar(table[at + 3], t, table[at + 2])), fmaScalar(table[at + 1], t, table[at]));
            double r = fmaScalar(t2, fmaScalar(t2, fmaScalar(table[at + 11], t, table[at + 10]),
                    fmaScalar(table[at + 9], t, table[at + 8])), fmaScalar(table[at + 7], t, table[at + 6]));
            exponent[v] += g;
            ratio[v] = r;
        }
        exp(exponent, s.a, ratio, s.b, count);
    }

    /**
     * Pass 3, the sums of i: SA_i += sum_jj c_j A, SB_i += sum_jj c_j B, VB_i += sum_jj c_j B z_j, the
     * four particles j added in order.
     */
    static void rows(Pairs pairs, int i0, int size, int j, Scratch s) {
        int d = pairs.d;
        int stride = pairs.stride;
        double[] c = pairs.c;
        double[] sumA = pairs.sumA;
        double[] sumB = pairs.sumB;
        double[] sumV = pairs.sumV;
        double[] zj = s.zj;
        double[] a = s.a;
        double[] b = s.b;
        DoubleVector c0 = DoubleVector.broadcast(SPECIES, c[j]);
        DoubleVector c1 = DoubleVector.broadcast(SPECIES, c[j + 1]);
        DoubleVector c2 = DoubleVector.broadcast(SPECIES, c[j + 2]);
        DoubleVector c3 = DoubleVector.broadcast(SPECIES, c[j + 3]);
        for (int v = 0; v < size; v += LANES) {
            int i = i0 + v;
            DoubleVector sa = DoubleVector.fromArray(SPECIES, sumA, i);
            sa = (FAST_FMA
                    ? c0.fma(DoubleVector.fromArray(SPECIES, a, v), sa)
                    : c0.mul(DoubleVector.fromArray(SPECIES, a, v)).add(sa));
            sa = (FAST_FMA
                    ? c1.fma(DoubleVector.fromArray(SPECIES, a, size + v), sa)
                    : c1.mul(DoubleVector.fromArray(SPECIES, a, size + v)).add(sa));
            sa = (FAST_FMA
                    ? c2.fma(DoubleVector.fromArray(SPECIES, a, 2 * size + v), sa)
                    : c2.mul(DoubleVector.fromArray(SPECIES, a, 2 * size + v)).add(sa));
            sa = (FAST_FMA
                    ? c3.fma(DoubleVector.fromArray(SPECIES, a, 3 * size + v), sa)
                    : c3.mul(DoubleVector.fromArray(SPECIES, a, 3 * size + v)).add(sa));
            sa.intoArray(sumA, i);
            DoubleVector b0 = c0.mul(DoubleVector.fromArray(SPECIES, b, v));
            DoubleVector b1 = c1.mul(DoubleVector.fromArray(SPECIES, b, size + v));
            DoubleVector b2 = c2.mul(DoubleVector.fromArray(SPECIES, b, 2 * size + v));
            DoubleVector b3 = c3.mul(DoubleVector.fromArray(SPECIES, b, 3 * size + v));
            DoubleVector.fromArray(SPECIES, sumB, i).add(b0).add(b1).add(b2).add(b3).intoArray(sumB, i);
            for (int k = 0; k < d; k++) {
                int at = k * stride + i;
                int zk = k * JB;
                DoubleVector acc = DoubleVector.fromArray(SPECIES, sumV, at);
                acc = (FAST_FMA
                        ? b0.fma(DoubleVector.broadcast(SPECIES, zj[zk]), acc)
                        : b0.mul(DoubleVector.broadcast(SPECIES, zj[zk])).add(acc));
                acc = (FAST_FMA
                        ? b1.fma(DoubleVector.broadcast(SPECIES, zj[zk + 1]), acc)
                        : b1.mul(DoubleVector.broadcast(SPECIES, zj[zk + 1])).add(acc));
                acc = (FAST_FMA
                        ? b2.fma(DoubleVector.broadcast(SPECIES, zj[zk + 2]), acc)
                        : b2.mul(DoubleVector.broadcast(SPECIES, zj[zk + 2])).add(acc));
                acc = (FAST_FMA
                        ? b3.fma(DoubleVector.broadcast(SPECIES, zj[zk + 3]), acc)
                        : b3.mul(DoubleVector.broadcast(SPECIES, zj[zk + 3])).add(acc));
                acc.intoArray(sumV, at);
            }
        }
    }

    /**
     * Pass 4, the sums of the four particles j of an off-diagonal tile: SA_j += sum_i c_i A,
     * SB_j += sum_i c_i B, VB_j += sum_i c_i B z_i, each accumulated in lanes along i, then added across
     * lanes in lane order.
     */
    static void columns(Pairs pairs, int i0, int size, int j, Scratch s) {
        int d = pairs.d;
        int stride = pairs.stride;
        double[] z = pairs.z;
        double[] c = pairs.c;
        double[] a = s.a;
        double[] b = s.b;
        double[] cib = s.cib;
        double[] lanes = s.lanes;
        DoubleVector a0 = DoubleVector.zero(SPECIES);
        DoubleVector a1 = a0;
        DoubleVector a2 = a0;
        DoubleVector a3 = a0;
        DoubleVector b0 = a0;
        DoubleVector b1 = a0;
        DoubleVector b2 = a0;
        DoubleVector b3 = a0;
        for (int v = 0; v < size; v += LANES) {
            DoubleVector ci = DoubleVector.fromArray(SPECIES, c, i0 + v);
            a0 = (FAST_FMA
                    ? ci.fma(DoubleVector.fromArray(SPECIES, a, v), a0)
                    : ci.mul(DoubleVector.fromArray(SPECIES, a, v)).add(a0));
            a1 = (FAST_FMA
                    ? ci.fma(DoubleVector.fromArray(SPECIES, a, size + v), a1)
                    : ci.mul(DoubleVector.fromArray(SPECIES, a, size + v)).add(a1));
            a2 = (FAST_FMA
                    ? ci.fma(DoubleVector.fromArray(SPECIES, a, 2 * size + v), a2)
                    : ci.mul(DoubleVector.fromArray(SPECIES, a, 2 * size + v)).add(a2));
            a3 = (FAST_FMA
                    ? ci.fma(DoubleVector.fromArray(SPECIES, a, 3 * size + v), a3)
                    : ci.mul(DoubleVector.fromArray(SPECIES, a, 3 * size + v)).add(a3));
            DoubleVector w0 = ci.mul(DoubleVector.fromArray(SPECIES, b, v));
            DoubleVector w1 = ci.mul(DoubleVector.fromArray(SPECIES, b, size + v));
            DoubleVector w2 = ci.mul(DoubleVector.fromArray(SPECIES, b, 2 * size + v));
            DoubleVector w3 = ci.mul(DoubleVector.fromArray(SPECIES, b, 3 * size + v));
            b0 = w0.add(b0);
            b1 = w1.add(b1);
            b2 = w2.add(b2);
            b3 = w3.add(b3);
            w0.intoArray(cib, v);
            w1.intoArray(cib, size + v);
            w2.intoArray(cib, 2 * size + v);
            w3.intoArray(cib, 3 * size + v);
        }
        ((DoubleVector) VECTOR_CLASS.cast(a0)).intoArray(lanes, 0);
        ((DoubleVector) VECTOR_CLASS.cast(a1)).intoArray(lanes, LANES);
        ((DoubleVector) VECTOR_CLASS.cast(a2)).intoArray(lanes, 2 * LANES);
        ((DoubleVector) VECTOR_CLASS.cast(a3)).intoArray(lanes, 3 * LANES);
        addLanes(lanes, pairs.sumA, j);
        ((DoubleVector) VECTOR_CLASS.cast(b0)).intoArray(lanes, 0);
        ((DoubleVector) VECTOR_CLASS.cast(b1)).intoArray(lanes, LANES);
        ((DoubleVector) VECTOR_CLASS.cast(b2)).intoArray(lanes, 2 * LANES);
        ((DoubleVector) VECTOR_CLASS.cast(b3)).intoArray(lanes, 3 * LANES);
        addLanes(lanes, pairs.sumB, j);
        for (int k = 0; k < d; k++) {
            DoubleVector v0 = DoubleVector.zero(SPECIES);
            DoubleVector v1 = v0;
            DoubleVector v2 = v0;
            DoubleVector v3 = v0;
            int row = k * stride + i0;
            for (int v = 0; v < size; v += LANES) {
                DoubleVector zi = DoubleVector.fromArray(SPECIES, z, row + v);
                v0 = (FAST_FMA
                        ? DoubleVector.fromArray(SPECIES, cib, v).fma(zi, v0)
                        : DoubleVector.fromArray(SPECIES, cib, v).mul(zi).add(v0));
                v1 = (FAST_FMA
                        ? DoubleVector.fromArray(SPECIES, cib, size + v).fma(zi, v1)
                        : DoubleVector.fromArray(SPECIES, cib, size + v).mul(zi).add(v1));
                v2 = (FAST_FMA
                        ? DoubleVector.fromArray(SPECIES, cib, 2 * size + v).fma(zi, v2)
                        : DoubleVector.fromArray(SPECIES, cib, 2 * size + v).mul(zi).add(v2));
                v3 = (FAST_FMA
                        ? DoubleVector.fromArray(SPECIES, cib, 3 * size + v).fma(zi, v3)
                        : DoubleVector.fromArray(SPECIES, cib, 3 * size + v).mul(zi).add(v3));
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
