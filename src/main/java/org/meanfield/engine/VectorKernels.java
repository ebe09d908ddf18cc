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
 * <p>The step works on a group of {@link #BLOCK} particles (two vectors) against a block of at
 * most {@link #POINT_BLOCK} points at a time, through the group's slice of a per-chunk store:
 * {@link #forward} writes the dot products z_i . x_p there, turns them into phi in place and adds
 * c phi into per-lane f_n sums; {@link #backward} later reads phi back (phi' is a function of phi
 * for every unit), weighs it by the residual and accumulates the gradient sums. Both passes use
 * register tiles of two adjacent groups (four particle vectors) by four points or four coordinates:
 * sixteen independent FMA chains ({@link #WIDE_TILES}); a chunk's odd last group, remainders of
 * coordinates, and every group where there are only 16 vector registers go through tiles of two
 * vectors. So a pair costs two d-long FMA chains, the pre-activation is never recomputed, and the
 * stored phi of a chunk and block (Chunks.SIZE x POINT_BLOCK floats, 128 KB) stays in L2 cache
 * between the two passes. A block of 128 points, not fewer: each block costs the threads a barrier,
 * and 32-point blocks were 3.3 times slower at the quench shape (n = 1024, P = 41943: 1312 barriers
 * a step) on the loaded 2-core machine.
 *
 * <p>No loop uses a mask; remainders go through narrower tiles. Units are selected by an int that
 * is constant for an engine, so the branch predicts perfectly. Vectors never cross a method
 * boundary: every method that is not tiny takes arrays, since HotSpot boxes a vector that crosses a
 * call it did not inline.
 *
 * <p>A loop-carried vector (a loop phi) is never the receiver of a Vector API call: inside its loop
 * it is the argument ({@code w.fma(b, acc)}, {@code m.fma(c, a)}: the same product, so the same
 * bits), and after it it is first cast to the species' exact class ({@link #FLOAT_CLASS}). In some
 * JVMs, depending on compile order and load, C2 (JDK 17) did not know a phi's exact class when it
 * parsed {@code intoArray} on it, called it virtually and boxed: dotTileWide compiled to 44 KB
 * instead of 5 KB and the sigmoid step ran five times slower, in 8 of 11 fresh JVMs beside two
 * training runs (the throughput guard's failure); with the casts, in none
 * (jmh/results/*phi-receivers-guard-probe.txt).
 *
 * <p>Every sum runs in a fixed order that depends on neither the thread count nor the block size:
 * a dot product over k from 0, the f_n lane sums over the groups of a chunk in order, a particle's
 * gradient sums over the points in order.
 */
final class VectorKernels {
    /** The float species: the preferred one, or the width forced by {@code -Dmeanfield.vector.bits}. */
    static final VectorSpecies<Float> SPECIES = VectorSupport.floatSpecies();
    /** The double species of the same bit size. */
    static final VectorSpecies<Double> DOUBLES = VectorSupport.doubleSpecies();
    /** Points per block of the target evaluation: four double vectors, four independent chains. */
    static final int TARGET_BLOCK = 4 * DOUBLES.length();
    static final int LANES = SPECIES.length();
    /**
     * The species' vector classes. A loop-carried vector is cast to its class before a Vector API
     * call on it after the loop, which gives C2 its exact class: see the class comment.
     */
    private static final Class<?> FLOAT_CLASS = SPECIES.vectorType();
    private static final Class<?> DOUBLE_CLASS = DOUBLES.vectorType();
    /** Points per register tile of the dot products. */
    static final int TILE = 4;
    /** Particles per group: kernels work on pairs of vectors, so n is padded to a multiple of this. */
    static final int BLOCK = 2 * LANES;
    /** Points per block of the step: the stored phi of a chunk is Chunks.SIZE * POINT_BLOCK floats. */
    static final int POINT_BLOCK = 128;
    /** Floats of the store per group: its two vectors for each of a block's points. */
    private static final int GROUP_STORE = BLOCK * POINT_BLOCK;

    static final int RELU = 0;
    static final int SIGMOID = 1;
    static final int GAUSSIAN = 2;

    /**
     * Whether fma() is used: the CPU and VM have a fused multiply-add (without it fma() takes a very
     * slow path) and {@code -Dmeanfield.vector.fma=false} does not turn it off.
     */
    static final boolean FAST_FMA = detectFma() && !"false".equals(System.getProperty(VectorSupport.FMA_PROPERTY));

    /**
     * Whether the register tiles span two groups (four particle vectors): only where C2 has 32
     * vector registers (x86 with AVX-512, aarch64). Their sixteen accumulators and four particle
     * vectors do not fit AVX2's sixteen: on the AVX-512 dev machine run at -XX:UseAVX=2 they made
     * the step 8-25 % slower (jmh/results/*useavx2-wide-tiles-ab.jsonl).
     */
    static final boolean WIDE_TILES = detectWideRegisters();

    private VectorKernels() {
    }

    private static boolean detectWideRegisters() {
        if ("aarch64".equals(System.getProperty("os.arch"))) {
            return true;
        }
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return bean != null && Integer.parseInt(bean.getVMOption("UseAVX").getValue()) >= 3;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    // Fused multiply-adds are written out as FAST_FMA ? a.fma(b, c) : a.mul(b).add(c), never through
    // a helper method: where C2 ran out of inlining budget in a big compiled kernel, the helper was
    // called, and the vectors crossing the call were boxed (38 MB a step for sigmoid units at
    // n = 512, P = 102, in the one-point tail of the dot products).

    private static boolean detectFma() {
        try {
            HotSpotDiagnosticMXBean bean = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return bean != null && Boolean.parseBoolean(bean.getVMOption("UseFMA").getValue());
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /**
     * The per-particle constants of the pre-activation over [i0, i1) into off[i]: the bias b for
     * affine units, and -alpha/2 (R^2 + |z|^2) for gaussian units (on the sphere
     * |x - z|^2 = R^2 + |z|^2 - 2 z.x).
     */
    static void offsets(int unit, float alpha, float radius2, float[] z, int nPad, int i0, int i1, int d, float[] off) {
        if (unit != GAUSSIAN) {
            System.arraycopy(z, d * nPad + i0, off, i0, i1 - i0);
            return;
        }
        java.util.Arrays.fill(off, i0, i1, 0f);
        for (int k = 0; k < d; k++) {
            int at = k * nPad;
            for (int i = i0; i < i1; i++) {
                off[i] = fma(z[at + i], z[at + i], off[i]);
            }
        }
        float scale = -0.5f * alpha;
        for (int i = i0; i < i1; i++) {
            off[i] = (off[i] + radius2) * scale;
        }
    }

    /**
     * a * b + c, fused (one rounding) where {@link #FAST_FMA}: the bits of a lane of the vector
     * kernels' fma. Scalar, so it never boxes: the per-chunk loops that run a few times a step
     * ({@link #offsets}, {@link #finish}, {@link #update}) are scalar loops (C2 vectorises them),
     * since at P much larger than n they stay in the interpreter and C1 for dozens of steps, where
     * every Vector API operation allocates (measured: 0.7 MB a step at n = 1024, P = 41943).
     */
    private static float fma(float a, float b, float c) {
        return FAST_FMA ? Math.fma(a, b, c) : a * b + c;
    }

    /**
     * store[at + (2q + v)*LANES ..] = sum_k z_k x_{p0+q, k} for the two particle vectors at i and
     * i + LANES (v = 0, 1) and the four points p0 .. p0+3 of xa (stride dx): eight independent FMA
     * chains, and per k two vector loads and four broadcasts for eight FMAs.
     */
    private static void dotTile(float[] z, int nPad, int i, int d, float[] xa, int dx, int p0, float[] store, int at) {
        FloatVector a00 = FloatVector.zero(SPECIES);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        int xo = p0 * dx;
        for (int k = 0; k < d; k++, xo++) {
            FloatVector z0 = FloatVector.fromArray(SPECIES, z, k * nPad + i);
            FloatVector z1 = FloatVector.fromArray(SPECIES, z, k * nPad + i + LANES);
            FloatVector b0 = FloatVector.broadcast(SPECIES, xa[xo]);
            FloatVector b1 = FloatVector.broadcast(SPECIES, xa[xo + dx]);
            FloatVector b2 = FloatVector.broadcast(SPECIES, xa[xo + 2 * dx]);
            FloatVector b3 = FloatVector.broadcast(SPECIES, xa[xo + 3 * dx]);
            a00 = FAST_FMA ? z0.fma(b0, a00) : z0.mul(b0).add(a00);
            a10 = FAST_FMA ? z1.fma(b0, a10) : z1.mul(b0).add(a10);
            a01 = FAST_FMA ? z0.fma(b1, a01) : z0.mul(b1).add(a01);
            a11 = FAST_FMA ? z1.fma(b1, a11) : z1.mul(b1).add(a11);
            a02 = FAST_FMA ? z0.fma(b2, a02) : z0.mul(b2).add(a02);
            a12 = FAST_FMA ? z1.fma(b2, a12) : z1.mul(b2).add(a12);
            a03 = FAST_FMA ? z0.fma(b3, a03) : z0.mul(b3).add(a03);
            a13 = FAST_FMA ? z1.fma(b3, a13) : z1.mul(b3).add(a13);
        }
        ((FloatVector) FLOAT_CLASS.cast(a00)).intoArray(store, at);
        ((FloatVector) FLOAT_CLASS.cast(a10)).intoArray(store, at + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a01)).intoArray(store, at + 2 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a11)).intoArray(store, at + 3 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a02)).intoArray(store, at + 4 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a12)).intoArray(store, at + 5 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a03)).intoArray(store, at + 6 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a13)).intoArray(store, at + 7 * LANES);
    }

    /**
     * Forward pass of the particles [i0, i1) of one chunk (whole groups) against the {@code points}
     * points from p0 of xa (point-major, stride dx >= d; rows up to the next multiple of TILE must
     * exist, the batch's copy being padded with zero points, so that no loop needs a one-point tail:
     * their phi is computed and never used): phi of every pair into the chunk's store,
     * group g's point q and vector v at store[((g*POINT_BLOCK + q)*2 + v)*LANES ..]; and, where
     * {@code lane} is not null, lane[q*LANES + l] = sum over the chunk's particles i = l (mod LANES)
     * of c_i phi(x_{p0+q}, z_i). {@code wide}: tiles of two groups where the chunk has them (the
     * engine passes {@link #WIDE_TILES}); the bits are the same either way.
     */
    static void forward(boolean wide, int unit, float alpha, float[] c, float[] z, float[] off, int nPad, int i0, int i1,
            int d, float[] xa, int dx, int p0, int points, float[] store, float[] lane) {
        int tiled = (points + TILE - 1) / TILE * TILE;
        if (lane != null) {
            java.util.Arrays.fill(lane, 0, points * LANES, 0f);
        }
        int i = i0;
        for (; wide && i + 2 * BLOCK <= i1; i += 2 * BLOCK) {
            int base = (i - i0) * POINT_BLOCK;
            for (int q = 0; q < tiled; q += TILE) {
                dotTileWide(z, nPad, i, d, xa, dx, p0 + q, store, base + 2 * q * LANES);
            }
            finishGroup(unit, alpha, c, off, i, store, base, tiled, points, lane);
            finishGroup(unit, alpha, c, off, i + BLOCK, store, base + GROUP_STORE, tiled, points, lane);
        }
        for (; i < i1; i += BLOCK) {
            int base = (i - i0) * POINT_BLOCK;
            for (int q = 0; q < tiled; q += TILE) {
                dotTile(z, nPad, i, d, xa, dx, p0 + q, store, base + 2 * q * LANES);
            }
            finishGroup(unit, alpha, c, off, i, store, base, tiled, points, lane);
        }
    }

    /** A group's epilogue of the forward pass: phi in place, then its c phi into the lane sums. */
    private static void finishGroup(int unit, float alpha, float[] c, float[] off, int i, float[] store, int base,
            int tiled, int points, float[] lane) {
        activate(unit, alpha, off, i, store, base, tiled);
        if (lane != null) {
            laneSums(c, i, store, base, points, lane);
        }
    }

    /**
     * {@link #dotTile} for the two adjacent groups at i and i + BLOCK (four particle vectors v; the
     * second group's tile is GROUP_STORE floats on): sixteen independent FMA chains, and per k four
     * vector loads and four broadcasts for sixteen FMAs, against six for eight in {@link #dotTile}.
     * Sixteen accumulators, four particle vectors and a broadcast fit AVX-512's 32 registers.
     */
    private static void dotTileWide(float[] z, int nPad, int i, int d, float[] xa, int dx, int p0, float[] store, int at) {
        FloatVector a00 = FloatVector.zero(SPECIES);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a23 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        FloatVector a33 = a00;
        int xo = p0 * dx;
        for (int k = 0; k < d; k++, xo++) {
            int zk = k * nPad + i;
            FloatVector z0 = FloatVector.fromArray(SPECIES, z, zk);
            FloatVector z1 = FloatVector.fromArray(SPECIES, z, zk + LANES);
            FloatVector z2 = FloatVector.fromArray(SPECIES, z, zk + 2 * LANES);
            FloatVector z3 = FloatVector.fromArray(SPECIES, z, zk + 3 * LANES);
            FloatVector b0 = FloatVector.broadcast(SPECIES, xa[xo]);
            a00 = FAST_FMA ? z0.fma(b0, a00) : z0.mul(b0).add(a00);
            a10 = FAST_FMA ? z1.fma(b0, a10) : z1.mul(b0).add(a10);
            a20 = FAST_FMA ? z2.fma(b0, a20) : z2.mul(b0).add(a20);
            a30 = FAST_FMA ? z3.fma(b0, a30) : z3.mul(b0).add(a30);
            FloatVector b1 = FloatVector.broadcast(SPECIES, xa[xo + dx]);
            a01 = FAST_FMA ? z0.fma(b1, a01) : z0.mul(b1).add(a01);
            a11 = FAST_FMA ? z1.fma(b1, a11) : z1.mul(b1).add(a11);
            a21 = FAST_FMA ? z2.fma(b1, a21) : z2.mul(b1).add(a21);
            a31 = FAST_FMA ? z3.fma(b1, a31) : z3.mul(b1).add(a31);
            FloatVector b2 = FloatVector.broadcast(SPECIES, xa[xo + 2 * dx]);
            a02 = FAST_FMA ? z0.fma(b2, a02) : z0.mul(b2).add(a02);
            a12 = FAST_FMA ? z1.fma(b2, a12) : z1.mul(b2).add(a12);
            a22 = FAST_FMA ? z2.fma(b2, a22) : z2.mul(b2).add(a22);
            a32 = FAST_FMA ? z3.fma(b2, a32) : z3.mul(b2).add(a32);
            FloatVector b3 = FloatVector.broadcast(SPECIES, xa[xo + 3 * dx]);
            a03 = FAST_FMA ? z0.fma(b3, a03) : z0.mul(b3).add(a03);
            a13 = FAST_FMA ? z1.fma(b3, a13) : z1.mul(b3).add(a13);
            a23 = FAST_FMA ? z2.fma(b3, a23) : z2.mul(b3).add(a23);
            a33 = FAST_FMA ? z3.fma(b3, a33) : z3.mul(b3).add(a33);
        }
        ((FloatVector) FLOAT_CLASS.cast(a00)).intoArray(store, at);
        ((FloatVector) FLOAT_CLASS.cast(a10)).intoArray(store, at + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a01)).intoArray(store, at + 2 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a11)).intoArray(store, at + 3 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a02)).intoArray(store, at + 4 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a12)).intoArray(store, at + 5 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a03)).intoArray(store, at + 6 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a13)).intoArray(store, at + 7 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a20)).intoArray(store, at + GROUP_STORE);
        ((FloatVector) FLOAT_CLASS.cast(a30)).intoArray(store, at + GROUP_STORE + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a21)).intoArray(store, at + GROUP_STORE + 2 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a31)).intoArray(store, at + GROUP_STORE + 3 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a22)).intoArray(store, at + GROUP_STORE + 4 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a32)).intoArray(store, at + GROUP_STORE + 5 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a23)).intoArray(store, at + GROUP_STORE + 6 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a33)).intoArray(store, at + GROUP_STORE + 7 * LANES);
    }

    private static void activate(int unit, float alpha, float[] off, int i, float[] store, int base, int points) {
        switch (unit) {
            case RELU:
                activateRelu(off, i, store, base, points);
                break;
            case SIGMOID:
                activateSigmoid(off, i, store, base, points);
                break;
            default:
                activateGaussian(alpha, off, i, store, base, points);
        }
    }

    /** phi = max(u + b, 0) in place, for the 2*points vectors of a group from base. */
    private static void activateRelu(float[] off, int i, float[] store, int base, int points) {
        FloatVector o0 = FloatVector.fromArray(SPECIES, off, i);
        FloatVector o1 = FloatVector.fromArray(SPECIES, off, i + LANES);
        int end = base + 2 * points * LANES;
        for (int at = base; at < end; at += 2 * LANES) {
            FloatVector.fromArray(SPECIES, store, at).add(o0).max(0f).intoArray(store, at);
            FloatVector.fromArray(SPECIES, store, at + LANES).add(o1).max(0f).intoArray(store, at + LANES);
        }
    }

    /** phi = 1 / (1 + e^-(u + b)) in place. */
    private static void activateSigmoid(float[] off, int i, float[] store, int base, int points) {
        FloatVector o0 = FloatVector.fromArray(SPECIES, off, i);
        FloatVector o1 = FloatVector.fromArray(SPECIES, off, i + LANES);
        int end = base + 2 * points * LANES;
        for (int at = base; at < end; at += 2 * LANES) {
            o0.add(FloatVector.fromArray(SPECIES, store, at)).neg().intoArray(store, at);
            o1.add(FloatVector.fromArray(SPECIES, store, at + LANES)).neg().intoArray(store, at + LANES);
        }
        expInPlace(store, base, end);
        for (int at = base; at < end; at += LANES) {
            ONES.div(FloatVector.fromArray(SPECIES, store, at).add(1f)).intoArray(store, at);
        }
    }

    /** phi = e^{alpha u + offset} in place. */
    private static void activateGaussian(float alpha, float[] off, int i, float[] store, int base, int points) {
        FloatVector o0 = FloatVector.fromArray(SPECIES, off, i);
        FloatVector o1 = FloatVector.fromArray(SPECIES, off, i + LANES);
        FloatVector a = FloatVector.broadcast(SPECIES, alpha);
        int end = base + 2 * points * LANES;
        for (int at = base; at < end; at += 2 * LANES) {
            o0.add(FloatVector.fromArray(SPECIES, store, at).mul(a)).intoArray(store, at);
            o1.add(FloatVector.fromArray(SPECIES, store, at + LANES).mul(a)).intoArray(store, at + LANES);
        }
        expInPlace(store, base, end);
    }

    /** lane[q*LANES ..] += c_v phi_{v,q} for the two vectors v of the group at i, in that order. */
    private static void laneSums(float[] c, int i, float[] store, int base, int points, float[] lane) {
        FloatVector c0 = FloatVector.fromArray(SPECIES, c, i);
        FloatVector c1 = FloatVector.fromArray(SPECIES, c, i + LANES);
        for (int q = 0; q < points; q++) {
            int at = base + 2 * q * LANES;
            FloatVector phi0 = FloatVector.fromArray(SPECIES, store, at);
            FloatVector phi1 = FloatVector.fromArray(SPECIES, store, at + LANES);
            FloatVector sum = FloatVector.fromArray(SPECIES, lane, q * LANES);
            sum = FAST_FMA ? c0.fma(phi0, sum) : c0.mul(phi0).add(sum);
            sum = FAST_FMA ? c1.fma(phi1, sum) : c1.mul(phi1).add(sum);
            sum.intoArray(lane, q * LANES);
        }
    }

    /**
     * Backward pass of the particles [i0, i1) of one chunk for the {@code points} points from p0,
     * whose phi {@link #forward} left in the store: with r the residual and g = phi'(pre) (a
     * function of phi: 1[phi > 0], phi (1 - phi), phi), adds sum_q r phi into gc[i], and
     * sum_q r g xa_k into gz[k*nPad + i] for the {@code columns} first columns of xa (affine units
     * pass d + 1 columns, the last being 1, so the bias row gets sum r g). The store then holds r g.
     * {@code wide} as in {@link #forward}.
     */
    static void backward(boolean wide, int unit, int i0, int i1, float[] r, int p0, int points, float[] store, float[] xa,
            int dx, int columns, int nPad, float[] gc, float[] gz) {
        int xo = p0 * dx;
        int full = columns < 4 ? 0 : (columns % 4 == 3 ? columns - 3 : columns - 4 - columns % 4);
        int i = i0;
        for (; wide && i + 2 * BLOCK <= i1; i += 2 * BLOCK) {
            int base = (i - i0) * POINT_BLOCK;
            weigh(unit, r, p0, points, store, base, gc, i);
            weigh(unit, r, p0, points, store, base + GROUP_STORE, gc, i + BLOCK);
            for (int k = 0; k < full; k += 4) {
                gradTileWide(store, base, points, xa, dx, xo + k, gz, k * nPad + i, nPad);
            }
            gradColumns(full, columns, store, base, points, xa, dx, xo, gz, i, nPad);
            gradColumns(full, columns, store, base + GROUP_STORE, points, xa, dx, xo, gz, i + BLOCK, nPad);
        }
        for (; i < i1; i += BLOCK) {
            int base = (i - i0) * POINT_BLOCK;
            weigh(unit, r, p0, points, store, base, gc, i);
            for (int k = 0; k < full; k += 4) {
                gradTile4(store, base, points, xa, dx, xo + k, gz, k * nPad + i, nPad);
            }
            gradColumns(full, columns, store, base, points, xa, dx, xo, gz, i, nPad);
        }
    }

    /** gc += r phi and store = r phi' for the group at i: see {@link #backward}. */
    private static void weigh(int unit, float[] r, int p0, int points, float[] store, int base, float[] gc, int i) {
        switch (unit) {
            case RELU:
                weighRelu(r, p0, points, store, base, gc, i);
                break;
            case SIGMOID:
                weighSigmoid(r, p0, points, store, base, gc, i);
                break;
            default:
                weighGaussian(r, p0, points, store, base, gc, i);
        }
    }

    /** The group at i's gradient columns from k to {@code columns} (one to six): one narrow tile. */
    private static void gradColumns(int k, int columns, float[] store, int base, int points, float[] xa, int dx, int xo,
            float[] gz, int i, int nPad) {
        switch (columns - k) {
            case 6:
                gradTile6(store, base, points, xa, dx, xo + k, gz, k * nPad + i, nPad);
                break;
            case 5:
                gradTile5(store, base, points, xa, dx, xo + k, gz, k * nPad + i, nPad);
                break;
            case 4:
                gradTile4(store, base, points, xa, dx, xo + k, gz, k * nPad + i, nPad);
                break;
            case 3:
                gradTile3(store, base, points, xa, dx, xo + k, gz, k * nPad + i, nPad);
                break;
            case 2:
                gradTile2(store, base, points, xa, dx, xo + k, gz, k * nPad + i, nPad);
                break;
            default:
                gradTile1(store, base, points, xa, dx, xo + k, gz, k * nPad + i, nPad);
        }
    }

    /** gc += r phi; store = r g with g = 1[phi > 0] (phi = max(pre, 0) > 0 exactly where pre > 0). */
    private static void weighRelu(float[] r, int p0, int points, float[] store, int base, float[] gc, int i) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, gc, i);
        FloatVector s1 = FloatVector.fromArray(SPECIES, gc, i + LANES);
        FloatVector zero = FloatVector.zero(SPECIES);
        for (int q = 0; q < points; q++) {
            FloatVector rq = FloatVector.broadcast(SPECIES, r[p0 + q]);
            int at = base + 2 * q * LANES;
            FloatVector phi0 = FloatVector.fromArray(SPECIES, store, at);
            FloatVector phi1 = FloatVector.fromArray(SPECIES, store, at + LANES);
            s0 = FAST_FMA ? rq.fma(phi0, s0) : rq.mul(phi0).add(s0);
            s1 = FAST_FMA ? rq.fma(phi1, s1) : rq.mul(phi1).add(s1);
            zero.blend(ONES, phi0.compare(VectorOperators.GT, 0f)).mul(rq).intoArray(store, at);
            zero.blend(ONES, phi1.compare(VectorOperators.GT, 0f)).mul(rq).intoArray(store, at + LANES);
        }
        ((FloatVector) FLOAT_CLASS.cast(s0)).intoArray(gc, i);
        ((FloatVector) FLOAT_CLASS.cast(s1)).intoArray(gc, i + LANES);
    }

    /** gc += r phi; store = r g with g = phi - phi^2. */
    private static void weighSigmoid(float[] r, int p0, int points, float[] store, int base, float[] gc, int i) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, gc, i);
        FloatVector s1 = FloatVector.fromArray(SPECIES, gc, i + LANES);
        for (int q = 0; q < points; q++) {
            FloatVector rq = FloatVector.broadcast(SPECIES, r[p0 + q]);
            int at = base + 2 * q * LANES;
            FloatVector phi0 = FloatVector.fromArray(SPECIES, store, at);
            FloatVector phi1 = FloatVector.fromArray(SPECIES, store, at + LANES);
            s0 = FAST_FMA ? rq.fma(phi0, s0) : rq.mul(phi0).add(s0);
            s1 = FAST_FMA ? rq.fma(phi1, s1) : rq.mul(phi1).add(s1);
            phi0.sub(phi0.mul(phi0)).mul(rq).intoArray(store, at);
            phi1.sub(phi1.mul(phi1)).mul(rq).intoArray(store, at + LANES);
        }
        ((FloatVector) FLOAT_CLASS.cast(s0)).intoArray(gc, i);
        ((FloatVector) FLOAT_CLASS.cast(s1)).intoArray(gc, i + LANES);
    }

    /** gc += r phi; store = r g with g = phi. */
    private static void weighGaussian(float[] r, int p0, int points, float[] store, int base, float[] gc, int i) {
        FloatVector s0 = FloatVector.fromArray(SPECIES, gc, i);
        FloatVector s1 = FloatVector.fromArray(SPECIES, gc, i + LANES);
        for (int q = 0; q < points; q++) {
            FloatVector rq = FloatVector.broadcast(SPECIES, r[p0 + q]);
            int at = base + 2 * q * LANES;
            FloatVector phi0 = FloatVector.fromArray(SPECIES, store, at);
            FloatVector phi1 = FloatVector.fromArray(SPECIES, store, at + LANES);
            s0 = FAST_FMA ? rq.fma(phi0, s0) : rq.mul(phi0).add(s0);
            s1 = FAST_FMA ? rq.fma(phi1, s1) : rq.mul(phi1).add(s1);
            phi0.mul(rq).intoArray(store, at);
            phi1.mul(rq).intoArray(store, at + LANES);
        }
        ((FloatVector) FLOAT_CLASS.cast(s0)).intoArray(gc, i);
        ((FloatVector) FLOAT_CLASS.cast(s1)).intoArray(gc, i + LANES);
    }

    private static final FloatVector ONES = FloatVector.broadcast(SPECIES, 1f);

    /**
     * a[k] = e^{a[k]} for k in [from, to), to - from a multiple of LANES, in float from FMAs and
     * exponent bits (Cephes' expf polynomial: measured within 1 ulp on [-87, 88]; inputs outside
     * are clamped to that range). Not the JDK's {@code VectorOperators.EXP}: its compiled (SVML) and
     * interpreted forms differ in the last bit, which made runs depend on how warm the JIT was.
     *
     * <p>One vector an iteration (the iterations are independent, so the CPU overlaps them): with
     * two, the Vector API calls C2 inlines here came close to its DesiredMethodLimit (8000 bytecodes),
     * and in some JVMs, depending on their profiles, C2 left the last ones as calls that box their
     * vectors (measured: 55 MB a step for sigmoid units at n = 4096, P = 1024, in 1 JVM of 4, where
     * the compile log showed {@code FloatVector::mul} late-inlined into this method). The method
     * stays above C2's FreqInlineSize (325 bytecodes), so it is compiled on its own rather than
     * inlined into the tile loops, whose own inlining budget it would use up. The reinterpretations
     * name their species, which are constants, rather than derive them.
     */
    static void expInPlace(float[] a, int from, int to) {
        for (int at = from; at < to; at += LANES) {
            FloatVector x = FloatVector.fromArray(SPECIES, a, at).max(-87f).min(88f);
            // Adding 1.5 * 2^23 rounds x / ln 2 to the integer n held in the low mantissa bits.
            FloatVector shifted = FAST_FMA ? x.fma(LOG2E, ROUNDER) : x.mul(LOG2E).add(ROUNDER);
            FloatVector n = shifted.sub(ROUNDER);
            FloatVector r = FAST_FMA ? n.fma(LN2_HIGH, x) : n.mul(LN2_HIGH).add(x);
            r = FAST_FMA ? n.fma(LN2_LOW, r) : n.mul(LN2_LOW).add(r);
            FloatVector p = FAST_FMA ? r.fma(EXP_P0, EXP_P1) : r.mul(EXP_P0).add(EXP_P1);
            p = FAST_FMA ? p.fma(r, EXP_P2) : p.mul(r).add(EXP_P2);
            p = FAST_FMA ? p.fma(r, EXP_P3) : p.mul(r).add(EXP_P3);
            p = FAST_FMA ? p.fma(r, EXP_P4) : p.mul(r).add(EXP_P4);
            p = FAST_FMA ? p.fma(r, EXP_P5) : p.mul(r).add(EXP_P5);
            p = (FAST_FMA ? p.fma(r.mul(r), r) : p.mul(r.mul(r)).add(r)).add(ONES);
            // 2^n from the rounded bits: (bits(shifted) - bits(1.5 * 2^23) + 127) << 23.
            IntVector scale = ((IntVector) shifted.reinterpretShape(INTS, 0)).sub(0x4B400000 - 127)
                    .lanewise(VectorOperators.LSHL, 23);
            p.mul((FloatVector) scale.reinterpretShape(SPECIES, 0)).intoArray(a, at);
        }
    }

    /** The int species of the float species' shape, for {@link #expInPlace}'s exponent bits. */
    private static final VectorSpecies<Integer> INTS = VectorSupport.intSpecies();
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
     * gz[(k + j)*nPad + i + v*LANES] += sum_q w_{v,q} xa[(p0 + q)*dx + k + j] for the two particle
     * vectors v of a group and the columns j of the tile (here 4): 2*4 independent FMA chains over
     * the points, per point two vector loads and four broadcasts. {@code w} at
     * store[base + (2q + v)*LANES]; {@code xo} = p0*dx + k; {@code at} = k*nPad + i.
     */
    private static void gradTile4(float[] store, int base, int points, float[] xa, int dx, int xo, float[] gz, int at, int nPad) {
        FloatVector a00 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad);
        FloatVector a10 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad + LANES);
        FloatVector a01 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad);
        FloatVector a11 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad + LANES);
        FloatVector a02 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad);
        FloatVector a12 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad + LANES);
        FloatVector a03 = FloatVector.fromArray(SPECIES, gz, at + 3 * nPad);
        FloatVector a13 = FloatVector.fromArray(SPECIES, gz, at + 3 * nPad + LANES);
        for (int q = 0; q < points; q++) {
            int s = base + 2 * q * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, store, s);
            FloatVector w1 = FloatVector.fromArray(SPECIES, store, s + LANES);
            int x = xo + q * dx;
            FloatVector b0 = FloatVector.broadcast(SPECIES, xa[x + 0]);
            a00 = FAST_FMA ? w0.fma(b0, a00) : w0.mul(b0).add(a00);
            a10 = FAST_FMA ? w1.fma(b0, a10) : w1.mul(b0).add(a10);
            FloatVector b1 = FloatVector.broadcast(SPECIES, xa[x + 1]);
            a01 = FAST_FMA ? w0.fma(b1, a01) : w0.mul(b1).add(a01);
            a11 = FAST_FMA ? w1.fma(b1, a11) : w1.mul(b1).add(a11);
            FloatVector b2 = FloatVector.broadcast(SPECIES, xa[x + 2]);
            a02 = FAST_FMA ? w0.fma(b2, a02) : w0.mul(b2).add(a02);
            a12 = FAST_FMA ? w1.fma(b2, a12) : w1.mul(b2).add(a12);
            FloatVector b3 = FloatVector.broadcast(SPECIES, xa[x + 3]);
            a03 = FAST_FMA ? w0.fma(b3, a03) : w0.mul(b3).add(a03);
            a13 = FAST_FMA ? w1.fma(b3, a13) : w1.mul(b3).add(a13);
        }
        ((FloatVector) FLOAT_CLASS.cast(a00)).intoArray(gz, at + 0 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a10)).intoArray(gz, at + 0 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a01)).intoArray(gz, at + 1 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a11)).intoArray(gz, at + 1 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a02)).intoArray(gz, at + 2 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a12)).intoArray(gz, at + 2 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a03)).intoArray(gz, at + 3 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a13)).intoArray(gz, at + 3 * nPad + LANES);
    }

    /**
     * {@link #gradTile4} for the two adjacent groups at i and i + BLOCK (four particle vectors v;
     * the second group's w GROUP_STORE floats on): sixteen FMA chains over the points, per point four
     * vector loads and four broadcasts for sixteen FMAs.
     */
    private static void gradTileWide(float[] store, int base, int points, float[] xa, int dx, int xo, float[] gz, int at,
            int nPad) {
        FloatVector a00 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad);
        FloatVector a10 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad + LANES);
        FloatVector a20 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad + 2 * LANES);
        FloatVector a30 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad + 3 * LANES);
        FloatVector a01 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad);
        FloatVector a11 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad + LANES);
        FloatVector a21 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad + 2 * LANES);
        FloatVector a31 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad + 3 * LANES);
        FloatVector a02 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad);
        FloatVector a12 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad + LANES);
        FloatVector a22 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad + 2 * LANES);
        FloatVector a32 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad + 3 * LANES);
        FloatVector a03 = FloatVector.fromArray(SPECIES, gz, at + 3 * nPad);
        FloatVector a13 = FloatVector.fromArray(SPECIES, gz, at + 3 * nPad + LANES);
        FloatVector a23 = FloatVector.fromArray(SPECIES, gz, at + 3 * nPad + 2 * LANES);
        FloatVector a33 = FloatVector.fromArray(SPECIES, gz, at + 3 * nPad + 3 * LANES);
        for (int q = 0; q < points; q++) {
            int s = base + 2 * q * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, store, s);
            FloatVector w1 = FloatVector.fromArray(SPECIES, store, s + LANES);
            FloatVector w2 = FloatVector.fromArray(SPECIES, store, s + GROUP_STORE);
            FloatVector w3 = FloatVector.fromArray(SPECIES, store, s + GROUP_STORE + LANES);
            int x = xo + q * dx;
            FloatVector b0 = FloatVector.broadcast(SPECIES, xa[x + 0]);
            a00 = FAST_FMA ? w0.fma(b0, a00) : w0.mul(b0).add(a00);
            a10 = FAST_FMA ? w1.fma(b0, a10) : w1.mul(b0).add(a10);
            a20 = FAST_FMA ? w2.fma(b0, a20) : w2.mul(b0).add(a20);
            a30 = FAST_FMA ? w3.fma(b0, a30) : w3.mul(b0).add(a30);
            FloatVector b1 = FloatVector.broadcast(SPECIES, xa[x + 1]);
            a01 = FAST_FMA ? w0.fma(b1, a01) : w0.mul(b1).add(a01);
            a11 = FAST_FMA ? w1.fma(b1, a11) : w1.mul(b1).add(a11);
            a21 = FAST_FMA ? w2.fma(b1, a21) : w2.mul(b1).add(a21);
            a31 = FAST_FMA ? w3.fma(b1, a31) : w3.mul(b1).add(a31);
            FloatVector b2 = FloatVector.broadcast(SPECIES, xa[x + 2]);
            a02 = FAST_FMA ? w0.fma(b2, a02) : w0.mul(b2).add(a02);
            a12 = FAST_FMA ? w1.fma(b2, a12) : w1.mul(b2).add(a12);
            a22 = FAST_FMA ? w2.fma(b2, a22) : w2.mul(b2).add(a22);
            a32 = FAST_FMA ? w3.fma(b2, a32) : w3.mul(b2).add(a32);
            FloatVector b3 = FloatVector.broadcast(SPECIES, xa[x + 3]);
            a03 = FAST_FMA ? w0.fma(b3, a03) : w0.mul(b3).add(a03);
            a13 = FAST_FMA ? w1.fma(b3, a13) : w1.mul(b3).add(a13);
            a23 = FAST_FMA ? w2.fma(b3, a23) : w2.mul(b3).add(a23);
            a33 = FAST_FMA ? w3.fma(b3, a33) : w3.mul(b3).add(a33);
        }
        ((FloatVector) FLOAT_CLASS.cast(a00)).intoArray(gz, at + 0 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a10)).intoArray(gz, at + 0 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a20)).intoArray(gz, at + 0 * nPad + 2 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a30)).intoArray(gz, at + 0 * nPad + 3 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a01)).intoArray(gz, at + 1 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a11)).intoArray(gz, at + 1 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a21)).intoArray(gz, at + 1 * nPad + 2 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a31)).intoArray(gz, at + 1 * nPad + 3 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a02)).intoArray(gz, at + 2 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a12)).intoArray(gz, at + 2 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a22)).intoArray(gz, at + 2 * nPad + 2 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a32)).intoArray(gz, at + 2 * nPad + 3 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a03)).intoArray(gz, at + 3 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a13)).intoArray(gz, at + 3 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a23)).intoArray(gz, at + 3 * nPad + 2 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(a33)).intoArray(gz, at + 3 * nPad + 3 * LANES);
    }

    /** 6 gradient columns from k: see {@link #gradTile4}. */
    private static void gradTile6(float[] store, int base, int points, float[] xa, int dx, int xo, float[] gz, int at, int nPad) {
        FloatVector a00 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad);
        FloatVector a10 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad + LANES);
        FloatVector a01 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad);
        FloatVector a11 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad + LANES);
        FloatVector a02 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad);
        FloatVector a12 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad + LANES);
        FloatVector a03 = FloatVector.fromArray(SPECIES, gz, at + 3 * nPad);
        FloatVector a13 = FloatVector.fromArray(SPECIES, gz, at + 3 * nPad + LANES);
        FloatVector a04 = FloatVector.fromArray(SPECIES, gz, at + 4 * nPad);
        FloatVector a14 = FloatVector.fromArray(SPECIES, gz, at + 4 * nPad + LANES);
        FloatVector a05 = FloatVector.fromArray(SPECIES, gz, at + 5 * nPad);
        FloatVector a15 = FloatVector.fromArray(SPECIES, gz, at + 5 * nPad + LANES);
        for (int q = 0; q < points; q++) {
            int s = base + 2 * q * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, store, s);
            FloatVector w1 = FloatVector.fromArray(SPECIES, store, s + LANES);
            int x = xo + q * dx;
            FloatVector b0 = FloatVector.broadcast(SPECIES, xa[x + 0]);
            a00 = FAST_FMA ? w0.fma(b0, a00) : w0.mul(b0).add(a00);
            a10 = FAST_FMA ? w1.fma(b0, a10) : w1.mul(b0).add(a10);
            FloatVector b1 = FloatVector.broadcast(SPECIES, xa[x + 1]);
            a01 = FAST_FMA ? w0.fma(b1, a01) : w0.mul(b1).add(a01);
            a11 = FAST_FMA ? w1.fma(b1, a11) : w1.mul(b1).add(a11);
            FloatVector b2 = FloatVector.broadcast(SPECIES, xa[x + 2]);
            a02 = FAST_FMA ? w0.fma(b2, a02) : w0.mul(b2).add(a02);
            a12 = FAST_FMA ? w1.fma(b2, a12) : w1.mul(b2).add(a12);
            FloatVector b3 = FloatVector.broadcast(SPECIES, xa[x + 3]);
            a03 = FAST_FMA ? w0.fma(b3, a03) : w0.mul(b3).add(a03);
            a13 = FAST_FMA ? w1.fma(b3, a13) : w1.mul(b3).add(a13);
            FloatVector b4 = FloatVector.broadcast(SPECIES, xa[x + 4]);
            a04 = FAST_FMA ? w0.fma(b4, a04) : w0.mul(b4).add(a04);
            a14 = FAST_FMA ? w1.fma(b4, a14) : w1.mul(b4).add(a14);
            FloatVector b5 = FloatVector.broadcast(SPECIES, xa[x + 5]);
            a05 = FAST_FMA ? w0.fma(b5, a05) : w0.mul(b5).add(a05);
            a15 = FAST_FMA ? w1.fma(b5, a15) : w1.mul(b5).add(a15);
        }
        ((FloatVector) FLOAT_CLASS.cast(a00)).intoArray(gz, at + 0 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a10)).intoArray(gz, at + 0 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a01)).intoArray(gz, at + 1 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a11)).intoArray(gz, at + 1 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a02)).intoArray(gz, at + 2 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a12)).intoArray(gz, at + 2 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a03)).intoArray(gz, at + 3 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a13)).intoArray(gz, at + 3 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a04)).intoArray(gz, at + 4 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a14)).intoArray(gz, at + 4 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a05)).intoArray(gz, at + 5 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a15)).intoArray(gz, at + 5 * nPad + LANES);
    }

    /** 5 gradient columns from k: see {@link #gradTile4}. */
    private static void gradTile5(float[] store, int base, int points, float[] xa, int dx, int xo, float[] gz, int at, int nPad) {
        FloatVector a00 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad);
        FloatVector a10 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad + LANES);
        FloatVector a01 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad);
        FloatVector a11 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad + LANES);
        FloatVector a02 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad);
        FloatVector a12 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad + LANES);
        FloatVector a03 = FloatVector.fromArray(SPECIES, gz, at + 3 * nPad);
        FloatVector a13 = FloatVector.fromArray(SPECIES, gz, at + 3 * nPad + LANES);
        FloatVector a04 = FloatVector.fromArray(SPECIES, gz, at + 4 * nPad);
        FloatVector a14 = FloatVector.fromArray(SPECIES, gz, at + 4 * nPad + LANES);
        for (int q = 0; q < points; q++) {
            int s = base + 2 * q * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, store, s);
            FloatVector w1 = FloatVector.fromArray(SPECIES, store, s + LANES);
            int x = xo + q * dx;
            FloatVector b0 = FloatVector.broadcast(SPECIES, xa[x + 0]);
            a00 = FAST_FMA ? w0.fma(b0, a00) : w0.mul(b0).add(a00);
            a10 = FAST_FMA ? w1.fma(b0, a10) : w1.mul(b0).add(a10);
            FloatVector b1 = FloatVector.broadcast(SPECIES, xa[x + 1]);
            a01 = FAST_FMA ? w0.fma(b1, a01) : w0.mul(b1).add(a01);
            a11 = FAST_FMA ? w1.fma(b1, a11) : w1.mul(b1).add(a11);
            FloatVector b2 = FloatVector.broadcast(SPECIES, xa[x + 2]);
            a02 = FAST_FMA ? w0.fma(b2, a02) : w0.mul(b2).add(a02);
            a12 = FAST_FMA ? w1.fma(b2, a12) : w1.mul(b2).add(a12);
            FloatVector b3 = FloatVector.broadcast(SPECIES, xa[x + 3]);
            a03 = FAST_FMA ? w0.fma(b3, a03) : w0.mul(b3).add(a03);
            a13 = FAST_FMA ? w1.fma(b3, a13) : w1.mul(b3).add(a13);
            FloatVector b4 = FloatVector.broadcast(SPECIES, xa[x + 4]);
            a04 = FAST_FMA ? w0.fma(b4, a04) : w0.mul(b4).add(a04);
            a14 = FAST_FMA ? w1.fma(b4, a14) : w1.mul(b4).add(a14);
        }
        ((FloatVector) FLOAT_CLASS.cast(a00)).intoArray(gz, at + 0 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a10)).intoArray(gz, at + 0 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a01)).intoArray(gz, at + 1 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a11)).intoArray(gz, at + 1 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a02)).intoArray(gz, at + 2 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a12)).intoArray(gz, at + 2 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a03)).intoArray(gz, at + 3 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a13)).intoArray(gz, at + 3 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a04)).intoArray(gz, at + 4 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a14)).intoArray(gz, at + 4 * nPad + LANES);
    }

    /** 3 gradient columns from k: see {@link #gradTile4}. */
    private static void gradTile3(float[] store, int base, int points, float[] xa, int dx, int xo, float[] gz, int at, int nPad) {
        FloatVector a00 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad);
        FloatVector a10 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad + LANES);
        FloatVector a01 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad);
        FloatVector a11 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad + LANES);
        FloatVector a02 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad);
        FloatVector a12 = FloatVector.fromArray(SPECIES, gz, at + 2 * nPad + LANES);
        for (int q = 0; q < points; q++) {
            int s = base + 2 * q * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, store, s);
            FloatVector w1 = FloatVector.fromArray(SPECIES, store, s + LANES);
            int x = xo + q * dx;
            FloatVector b0 = FloatVector.broadcast(SPECIES, xa[x + 0]);
            a00 = FAST_FMA ? w0.fma(b0, a00) : w0.mul(b0).add(a00);
            a10 = FAST_FMA ? w1.fma(b0, a10) : w1.mul(b0).add(a10);
            FloatVector b1 = FloatVector.broadcast(SPECIES, xa[x + 1]);
            a01 = FAST_FMA ? w0.fma(b1, a01) : w0.mul(b1).add(a01);
            a11 = FAST_FMA ? w1.fma(b1, a11) : w1.mul(b1).add(a11);
            FloatVector b2 = FloatVector.broadcast(SPECIES, xa[x + 2]);
            a02 = FAST_FMA ? w0.fma(b2, a02) : w0.mul(b2).add(a02);
            a12 = FAST_FMA ? w1.fma(b2, a12) : w1.mul(b2).add(a12);
        }
        ((FloatVector) FLOAT_CLASS.cast(a00)).intoArray(gz, at + 0 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a10)).intoArray(gz, at + 0 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a01)).intoArray(gz, at + 1 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a11)).intoArray(gz, at + 1 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a02)).intoArray(gz, at + 2 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a12)).intoArray(gz, at + 2 * nPad + LANES);
    }

    /** 2 gradient columns from k: see {@link #gradTile4}. */
    private static void gradTile2(float[] store, int base, int points, float[] xa, int dx, int xo, float[] gz, int at, int nPad) {
        FloatVector a00 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad);
        FloatVector a10 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad + LANES);
        FloatVector a01 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad);
        FloatVector a11 = FloatVector.fromArray(SPECIES, gz, at + 1 * nPad + LANES);
        for (int q = 0; q < points; q++) {
            int s = base + 2 * q * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, store, s);
            FloatVector w1 = FloatVector.fromArray(SPECIES, store, s + LANES);
            int x = xo + q * dx;
            FloatVector b0 = FloatVector.broadcast(SPECIES, xa[x + 0]);
            a00 = FAST_FMA ? w0.fma(b0, a00) : w0.mul(b0).add(a00);
            a10 = FAST_FMA ? w1.fma(b0, a10) : w1.mul(b0).add(a10);
            FloatVector b1 = FloatVector.broadcast(SPECIES, xa[x + 1]);
            a01 = FAST_FMA ? w0.fma(b1, a01) : w0.mul(b1).add(a01);
            a11 = FAST_FMA ? w1.fma(b1, a11) : w1.mul(b1).add(a11);
        }
        ((FloatVector) FLOAT_CLASS.cast(a00)).intoArray(gz, at + 0 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a10)).intoArray(gz, at + 0 * nPad + LANES);
        ((FloatVector) FLOAT_CLASS.cast(a01)).intoArray(gz, at + 1 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a11)).intoArray(gz, at + 1 * nPad + LANES);
    }

    /** 1 gradient column from k: see {@link #gradTile4}. */
    private static void gradTile1(float[] store, int base, int points, float[] xa, int dx, int xo, float[] gz, int at, int nPad) {
        FloatVector a00 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad);
        FloatVector a10 = FloatVector.fromArray(SPECIES, gz, at + 0 * nPad + LANES);
        for (int q = 0; q < points; q++) {
            int s = base + 2 * q * LANES;
            FloatVector w0 = FloatVector.fromArray(SPECIES, store, s);
            FloatVector w1 = FloatVector.fromArray(SPECIES, store, s + LANES);
            int x = xo + q * dx;
            FloatVector b0 = FloatVector.broadcast(SPECIES, xa[x + 0]);
            a00 = FAST_FMA ? w0.fma(b0, a00) : w0.mul(b0).add(a00);
            a10 = FAST_FMA ? w1.fma(b0, a10) : w1.mul(b0).add(a10);
        }
        ((FloatVector) FLOAT_CLASS.cast(a00)).intoArray(gz, at + 0 * nPad);
        ((FloatVector) FLOAT_CLASS.cast(a10)).intoArray(gz, at + 0 * nPad + LANES);
    }

    /**
     * Turns the sums of {@link #backward} over [i0, i1) into forces, in place: with s0 = gc = sum r phi
     * and sx_k = gz_k = sum r g x_k (k = d: sum r g for affine units), F_c = s0/P; affine
     * F_a = c sx/P, F_b = c s1/P; gaussian F_z = alpha c (sx - z s0)/P.
     */
    static void finish(int unit, float alpha, float[] c, float[] z, int nPad, int i0, int i1, int zDim, float invP,
            float[] gc, float[] gz) {
        for (int k = 0; k < zDim; k++) {
            int at = k * nPad;
            if (unit == GAUSSIAN) {
                for (int i = i0; i < i1; i++) {
                    gz[at + i] = (gz[at + i] - z[at + i] * gc[i]) * (c[i] * invP * alpha);
                }
            } else {
                for (int i = i0; i < i1; i++) {
                    gz[at + i] = gz[at + i] * (c[i] * invP);
                }
            }
        }
        for (int i = i0; i < i1; i++) {
            gc[i] = gc[i] * invP;
        }
    }

    /**
     * theta += dt * alive * force over [i0, i1): padding particles (alive = 0) never move. Returns
     * whether every updated parameter is finite.
     */
    static boolean update(float dt, float[] alive, float[] c, float[] z, int nPad, int i0, int i1, int zDim,
            float[] forceC, float[] forceZ) {
        // check accumulates 0 * value: it stays 0 while every new value is finite, NaN otherwise.
        float check = 0f;
        for (int i = i0; i < i1; i++) {
            c[i] = fma(alive[i] * dt, forceC[i], c[i]);
            check += c[i] * 0f;
        }
        for (int j = 0; j < zDim; j++) {
            int at = j * nPad;
            for (int i = i0; i < i1; i++) {
                z[at + i] = fma(alive[i] * dt, forceZ[at + i], z[at + i]);
                check += z[at + i] * 0f;
            }
        }
        return check == 0f;
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
                    a0 = FAST_FMA ? w.fma(DoubleVector.fromArray(DOUBLES, xt, at), a0)
                            : w.mul(DoubleVector.fromArray(DOUBLES, xt, at)).add(a0);
                    a1 = FAST_FMA ? w.fma(DoubleVector.fromArray(DOUBLES, xt, at + l), a1)
                            : w.mul(DoubleVector.fromArray(DOUBLES, xt, at + l)).add(a1);
                    a2 = FAST_FMA ? w.fma(DoubleVector.fromArray(DOUBLES, xt, at + 2 * l), a2)
                            : w.mul(DoubleVector.fromArray(DOUBLES, xt, at + 2 * l)).add(a2);
                    a3 = FAST_FMA ? w.fma(DoubleVector.fromArray(DOUBLES, xt, at + 3 * l), a3)
                            : w.mul(DoubleVector.fromArray(DOUBLES, xt, at + 3 * l)).add(a3);
                }
                int at = q * stride + p0;
                s0 = FAST_FMA ? DoubleVector.fromArray(DOUBLES, xt, at).fma(a0, s0)
                        : DoubleVector.fromArray(DOUBLES, xt, at).mul(a0).add(s0);
                s1 = FAST_FMA ? DoubleVector.fromArray(DOUBLES, xt, at + l).fma(a1, s1)
                        : DoubleVector.fromArray(DOUBLES, xt, at + l).mul(a1).add(s1);
                s2 = FAST_FMA ? DoubleVector.fromArray(DOUBLES, xt, at + 2 * l).fma(a2, s2)
                        : DoubleVector.fromArray(DOUBLES, xt, at + 2 * l).mul(a2).add(s2);
                s3 = FAST_FMA ? DoubleVector.fromArray(DOUBLES, xt, at + 3 * l).fma(a3, s3)
                        : DoubleVector.fromArray(DOUBLES, xt, at + 3 * l).mul(a3).add(s3);
            }
            int at = p * stride + p0;
            f0 = FAST_FMA ? DoubleVector.fromArray(DOUBLES, xt, at).fma(s0, f0)
                    : DoubleVector.fromArray(DOUBLES, xt, at).mul(s0).add(f0);
            f1 = FAST_FMA ? DoubleVector.fromArray(DOUBLES, xt, at + l).fma(s1, f1)
                    : DoubleVector.fromArray(DOUBLES, xt, at + l).mul(s1).add(f1);
            f2 = FAST_FMA ? DoubleVector.fromArray(DOUBLES, xt, at + 2 * l).fma(s2, f2)
                    : DoubleVector.fromArray(DOUBLES, xt, at + 2 * l).mul(s2).add(f2);
            f3 = FAST_FMA ? DoubleVector.fromArray(DOUBLES, xt, at + 3 * l).fma(s3, f3)
                    : DoubleVector.fromArray(DOUBLES, xt, at + 3 * l).mul(s3).add(f3);
        }
        ((DoubleVector) DOUBLE_CLASS.cast(f0)).intoArray(y, p0);
        ((DoubleVector) DOUBLE_CLASS.cast(f1)).intoArray(y, p0 + l);
        ((DoubleVector) DOUBLE_CLASS.cast(f2)).intoArray(y, p0 + 2 * l);
        ((DoubleVector) DOUBLE_CLASS.cast(f3)).intoArray(y, p0 + 3 * l);
    }

    /**
     * The FMA peak loop: twelve independent FMA chains on registers, {@code iterations} times, so
     * nothing but the FMA ports limits it; the chains end in {@code out} (12 * LANES floats). The
     * chains start from broadcasts and end in stores, not in adds and a lane reduction: with those,
     * C2 delayed inlining Vector API calls here in 2 of 30 JVMs at 2 threads and left the loop's
     * vectors boxed, and bench printed a fraction of the peak above 400 %. On the 16-core device it
     * still boxed at 8 and 16 threads (a peak of 31-101 GFLOP/s) while the chains were the receivers
     * ({@code c = c.fma(m, a)}): see the class comment.
     */
    static void fmaChains(long iterations, float seed, float[] out) {
        FloatVector m = FloatVector.broadcast(SPECIES, 0.999999f);
        FloatVector a = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(SPECIES, seed + 0f);
        FloatVector c1 = FloatVector.broadcast(SPECIES, seed + 1f);
        FloatVector c2 = FloatVector.broadcast(SPECIES, seed + 2f);
        FloatVector c3 = FloatVector.broadcast(SPECIES, seed + 3f);
        FloatVector c4 = FloatVector.broadcast(SPECIES, seed + 4f);
        FloatVector c5 = FloatVector.broadcast(SPECIES, seed + 5f);
        FloatVector c6 = FloatVector.broadcast(SPECIES, seed + 6f);
        FloatVector c7 = FloatVector.broadcast(SPECIES, seed + 7f);
        FloatVector c8 = FloatVector.broadcast(SPECIES, seed + 8f);
        FloatVector c9 = FloatVector.broadcast(SPECIES, seed + 9f);
        FloatVector c10 = FloatVector.broadcast(SPECIES, seed + 10f);
        FloatVector c11 = FloatVector.broadcast(SPECIES, seed + 11f);
        for (long i = 0; i < iterations; i++) {
            c0 = m.fma(c0, a);
            c1 = m.fma(c1, a);
            c2 = m.fma(c2, a);
            c3 = m.fma(c3, a);
            c4 = m.fma(c4, a);
            c5 = m.fma(c5, a);
            c6 = m.fma(c6, a);
            c7 = m.fma(c7, a);
            c8 = m.fma(c8, a);
            c9 = m.fma(c9, a);
            c10 = m.fma(c10, a);
            c11 = m.fma(c11, a);
        }
        ((FloatVector) FLOAT_CLASS.cast(c0)).intoArray(out, 0);
        ((FloatVector) FLOAT_CLASS.cast(c1)).intoArray(out, LANES);
        ((FloatVector) FLOAT_CLASS.cast(c2)).intoArray(out, 2 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(c3)).intoArray(out, 3 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(c4)).intoArray(out, 4 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(c5)).intoArray(out, 5 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(c6)).intoArray(out, 6 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(c7)).intoArray(out, 7 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(c8)).intoArray(out, 8 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(c9)).intoArray(out, 9 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(c10)).intoArray(out, 10 * LANES);
        ((FloatVector) FLOAT_CLASS.cast(c11)).intoArray(out, 11 * LANES);
    }

    /** Floats {@link #fmaChains} writes: the twelve chains' ends. */
    static final int FMA_CHAIN_FLOATS = 12 * LANES;
    /** Flops of one iteration of {@link #fmaChains}: an FMA, 2 flops, per chain and lane. */
    static final int FMA_CHAIN_FLOPS = 2 * FMA_CHAIN_FLOATS;
}
