package org.meanfield.export;

import java.util.ArrayList;
import java.util.List;

import org.meanfield.model.Particles;
import org.meanfield.model.Points;
import org.meanfield.model.ThreeSpinTarget;
import org.meanfield.model.UnitKind;

/**
 * The arrays of an export, in NumPy's row-major layout: one row per particle or point. The particles
 * keep z dimension-major ({@code z[j*n + i]}); the arrays read it transposed, without a copy.
 */
final class ExportArrays {
    static final String C = "c.npy";
    static final String A = "a.npy";
    static final String B = "b.npy";
    static final String CENTRES = "centres.npy";
    static final String TARGET_T = "target_T.npy";
    static final String TARGET_A = "target_a.npy";
    static final String X_TEST = "x_test.npy";
    static final String F_TEST = "f_test.npy";
    static final String FN_TEST = "fn_test.npy";

    private ExportArrays() {
    }

    /** c (n,), and a (n, d) with b (n,) for affine units, or the centres (n, d) for gaussian ones. */
    static List<ExportArray> particles(UnitKind unit, int d, Particles particles) {
        int n = particles.n();
        double[] c = particles.c();
        double[] z = particles.z();
        // Row i, column k of an (n, d) array is z[k*n + i].
        NpyWriter.Values rows = index -> z[(int) (index % d) * n + (int) (index / d)];
        List<ExportArray> out = new ArrayList<>();
        out.add(new ExportArray(C, new long[] {n}, index -> c[(int) index], "output weights c_i"));
        if (unit == UnitKind.GAUSSIAN) {
            out.add(new ExportArray(CENTRES, new long[] {n, d}, rows, "row i: the centre z_i of unit i"));
        } else {
            out.add(new ExportArray(A, new long[] {n, d}, rows, "row i: the input weights a_i of unit i"));
            out.add(new ExportArray(B, new long[] {n}, index -> z[d * n + (int) index], "the biases b_i"));
        }
        return out;
    }

    /** The symmetric tensor T = sym(a)/d that f evaluates, and the raw coefficients a it comes from. */
    static List<ExportArray> target(ThreeSpinTarget target) {
        int d = target.d();
        double[] symmetric = new double[d * d * d];
        double[] raw = new double[d * d * d];
        for (int p = 0; p < d; p++) {
            for (int q = 0; q < d; q++) {
                for (int r = 0; r < d; r++) {
                    symmetric[(p * d + q) * d + r] = target.symmetric(p, q, r);
                    raw[(p * d + q) * d + r] = target.raw(p, q, r);
                }
            }
        }
        long[] cube = {d, d, d};
        return List.of(
                new ExportArray(TARGET_T, cube, index -> symmetric[(int) index],
                        "T[p,q,r] = sym(a)[p,q,r] / d, symmetric in p, q, r: f(x) = sum T[p,q,r] x_p x_q x_r"),
                new ExportArray(TARGET_A, cube, index -> raw[(int) index],
                        "the raw coefficients a[p,q,r] ~ N(0,1) drawn from the target seed: f(x) = (1/d) sum a[p,q,r] "
                                + "x_p x_q x_r"));
    }

    /** The test points (M, d), f at them (M,) and f_n at them (M,). */
    static List<ExportArray> testPoints(TestValues test) {
        Points points = test.points();
        double[] x = points.coords();
        double[] f = points.target();
        double[] fn = test.prediction();
        long m = points.count();
        return List.of(
                new ExportArray(X_TEST, new long[] {m, points.d()}, index -> x[(int) index],
                        "row p: test point x_p, the run's held-out test set, on the sphere of radius sqrt(d)"),
                new ExportArray(F_TEST, new long[] {m}, index -> f[(int) index],
                        "f(x_p), the target at each test point (double precision, ThreeSpinTarget)"),
                new ExportArray(FN_TEST, new long[] {m}, index -> fn[(int) index],
                        "f_n(x_p), the network at each test point from these particles (double precision, "
                                + "the scalar reference engine)"));
    }
}
