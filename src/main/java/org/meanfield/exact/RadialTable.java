package org.meanfield.exact;

import java.util.function.DoubleUnaryOperator;

/**
 * A smooth function of rho &gt;= 0 tabulated as piecewise polynomials, for the pair loop, where the
 * exact Bessel functions would cost microseconds a pair.
 *
 * <p><b>Cells.</b> The variable is x = rho + 1 &gt;= 1. Each binade [2^e, 2^{e+1}) of x, for e = 0 ..
 * {@code binades - 1}, is cut into 2^{@value #CELL_BITS} equal cells, so a cell's index is read off the
 * bits of x (exponent and the top {@value #CELL_BITS} mantissa bits) and the local variable
 * t in [-1, 1) is the remaining mantissa bits, exactly: no division and no search. Cells are 1/64
 * wide near rho = 0 and a fixed fraction 1/64 of rho far out, which is what the functions need: they
 * are analytic with their nearest singularities at distance at least pi/2 from the real axis (zeros
 * of I_nu on the imaginary axis), and of order ln rho for large rho. Beyond the table (rho &gt;= 2^binades
 * - 1, about 1.7e7 for 24 binades) x is clamped to the last cell; see {@link ExactGaussianSystem} for
 * why that never matters.
 *
 * <p><b>Polynomials.</b> On each cell the function is interpolated at the {@value #DEGREE}+1 Chebyshev
 * points of t and stored as monomial coefficients in t (Horner's rule costs {@value #DEGREE} FMAs).
 * The interpolation error of a degree-5 interpolant on a cell of relative half-width 1/128 is of
 * order 1e-15 of the function's scale; {@code RadialTableTest} measures it against the exact
 * function.
 *
 * <p>Coefficients are stored coefficient-major ({@code coefficients()[k * cells() + cell]}), so that
 * the vector kernels gather coefficient k of several cells with one index vector.
 */
final class RadialTable {
    /** log2 of the cells per binade of x = rho + 1. */
    static final int CELL_BITS = 6;
    /** Degree of the polynomial on each cell. */
    static final int DEGREE = 5;
    /** Binades of x covered by default: rho up to 2^24 - 1. */
    static final int DEFAULT_BINADES = 24;
    static final long MANTISSA = 0x000F_FFFF_FFFF_FFFFL;
    static final long ONE = 0x3FF0_0000_0000_0000L;
    static final long FIRST_CELL = 1023L << CELL_BITS;

    private final int cells;
    private final double xMax;
    private final double[] coefficients;

    /** Tabulates {@code f} over {@code binades} binades of x = rho + 1. */
    RadialTable(DoubleUnaryOperator f, int binades) {
        this.cells = binades << CELL_BITS;
        this.xMax = Math.nextDown(Math.scalb(1.0, binades));
        this.coefficients = new double[(DEGREE + 1) * cells];
        int points = DEGREE + 1;
        double[] nodes = new double[points];
        double[] values = new double[points];
        double[] chebyshev = new double[points];
        double[] monomial = new double[points];
        for (int j = 0; j < points; j++) {
            nodes[j] = Math.cos(Math.PI * (j + 0.5) / points);
        }
        for (int cell = 0; cell < cells; cell++) {
            int binade = cell >> CELL_BITS;
            int sub = cell & ((1 << CELL_BITS) - 1);
            double width = Math.scalb(1.0, binade - CELL_BITS);
            double low = Math.scalb(1.0, binade) + sub * width;
            for (int j = 0; j < points; j++) {
                double x = low + 0.5 * (nodes[j] + 1) * width;
                values[j] = f.applyAsDouble(x - 1);
            }
            // Chebyshev coefficients of the interpolant: c_m = (2/N) sum_j f_j T_m(t_j) (c_0 halved).
            for (int m = 0; m < points; m++) {
                double sum = 0;
                for (int j = 0; j < points; j++) {
                    sum += values[j] * Math.cos(Math.PI * m * (j + 0.5) / points);
                }
                chebyshev[m] = (m == 0 ? 1.0 : 2.0) * sum / points;
            }
            toMonomial(chebyshev, monomial);
            for (int k = 0; k <= DEGREE; k++) {
                coefficients[k * cells + cell] = monomial[k];
            }
        }
    }

    /** sum_m c_m T_m(t) as sum_k a_k t^k (T_{m+1} = 2t T_m - T_{m-1}). */
    private static void toMonomial(double[] chebyshev, double[] monomial) {
        int points = chebyshev.length;
        double[] previous = new double[points];
        double[] current = new double[points];
        double[] next = new double[points];
        java.util.Arrays.fill(monomial, 0);
        previous[0] = 1;
        current[1] = 1;
        for (int k = 0; k < points; k++) {
            monomial[k] += chebyshev[0] * previous[k] + (points > 1 ? chebyshev[1] * current[k] : 0);
        }
        for (int m = 2; m < points; m++) {
            for (int k = 0; k < points; k++) {
                next[k] = (k > 0 ? 2 * current[k - 1] : 0) - previous[k];
            }
            for (int k = 0; k < points; k++) {
                monomial[k] += chebyshev[m] * next[k];
            }
            double[] swap = previous;
            previous = current;
            current = next;
            next = swap;
        }
    }

    /** Number of cells. */
    int cells() {
        return cells;
    }

    /** The largest x = rho + 1 in the table; larger x are clamped to it. */
    double xMax() {
        return xMax;
    }

    /** Coefficient k of cell c at {@code [k * cells() + c]}. */
    double[] coefficients() {
        return coefficients;
    }

    /** The tabulated function at rho (scalar; the kernels inline the same steps with vectors). */
    double value(double rho) {
        double x = Math.min(rho + 1, xMax);
        long bits = Double.doubleToRawLongBits(x);
        int cell = (int) ((bits >>> (52 - CELL_BITS)) - FIRST_CELL);
        double t = 2 * Double.longBitsToDouble(((bits << CELL_BITS) & MANTISSA) | ONE) - 3;
        double p = coefficients[DEGREE * cells + cell];
        for (int k = DEGREE - 1; k >= 0; k--) {
            p = p * t + coefficients[k * cells + cell];
        }
        return p;
    }
}
