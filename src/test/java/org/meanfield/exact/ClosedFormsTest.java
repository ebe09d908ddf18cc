package org.meanfield.exact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Rng;
import org.meanfield.model.Sphere;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The closed forms F, K and their gradients ({@link GaussianClosedForms}) against a Monte-Carlo
 * quadrature on the sphere (model.Sphere.sample; 5 standard errors) and against central finite
 * differences of themselves, including settings where e^{-alpha/2 |z|^2} and M(w) alone would
 * overflow or underflow a double.
 */
class ClosedFormsTest {
    private static final int SAMPLES = 200_000;

    /** Mean and standard error of a stream of samples. */
    private static final class Mean {
        double sum;
        double sumSquares;
        int count;

        void add(double x) {
            sum += x;
            sumSquares += x * x;
            count++;
        }

        double mean() {
            return sum / count;
        }

        double error() {
            double m = mean();
            return Math.sqrt(Math.max(0, sumSquares / count - m * m) / (count - 1));
        }
    }

    @ParameterizedTest(name = "d = {0}, alpha = {1}, |z|/R = {2}")
    @CsvSource({"3, 0.5, 0.9", "5, 0.4, 1.0", "8, 0.25, 0.7", "10, 0.1, 1.2"})
    void monteCarloOnTheSphere(int d, double alpha, double radiusFraction) {
        ThreeSpinTarget target = new ThreeSpinTarget(d, 100 + d);
        GaussianClosedForms forms = new GaussianClosedForms(target, alpha);
        GaussianUnit unit = new GaussianUnit(alpha);
        Rng rng = new Rng(7 + d);
        double[] z1 = direction(rng, d, radiusFraction * Math.sqrt(d));
        double[] z2 = direction(rng, d, 0.8 * Math.sqrt(d));
        double c1 = 0.7;
        double c2 = -1.3;

        Mean pair = new Mean();
        Mean pairDc = new Mean();
        Mean oneBody = new Mean();
        Mean[] pairDz = means(d);
        Mean[] oneBodyDz = means(d);
        double[] x = new double[d];
        for (int m = 0; m < SAMPLES; m++) {
            Sphere.sample(rng, d, x, 0);
            double phi1 = unit.phi(x, 0, z1, d);
            double phi2 = unit.phi(x, 0, z2, d);
            double f = target.evaluate(x, 0);
            pair.add(c1 * c2 * phi1 * phi2);
            pairDc.add(c2 * phi1 * phi2);
            oneBody.add(c1 * f * phi1);
            for (int k = 0; k < d; k++) {
                double g = alpha * (x[k] - z1[k]) * phi1;
                pairDz[k].add(c1 * c2 * g * phi2);
                oneBodyDz[k].add(c1 * f * g);
            }
        }
        double[] gradK = new double[d];
        double[] gradF = new double[d];
        double dKdc = forms.pairGradient(z1, c2, z2, gradK);
        double dFdc = forms.oneBodyGradient(z1, gradF);
        within("K", forms.pair(c1, z1, c2, z2), pair);
        within("dK/dc", dKdc, pairDc);
        within("F", forms.oneBody(c1, z1), oneBody);
        // dF/dc = E[f phi]: the same samples divided by c1
        assertEquals(forms.oneBody(c1, z1) / c1, dFdc, 1e-14 * Math.abs(dFdc));
        for (int k = 0; k < d; k++) {
            within("dK/dz" + k, c1 * gradK[k], pairDz[k]);
            within("dF/dz" + k, c1 * gradF[k], oneBodyDz[k]);
        }
    }

    @ParameterizedTest(name = "d = {0}, alpha = {1}, |z|/R = {2}")
    @CsvSource({"3, 0.5, 0.9", "10, 0.1, 1.2", "25, 1.0, 1.0", "64, 2.0, 2.0", "64, 0.015625, 0.3", "40, 2.0, 0.05"})
    void gradientsAreFiniteDifferences(int d, double alpha, double radiusFraction) {
        ThreeSpinTarget target = new ThreeSpinTarget(d, 200 + d);
        GaussianClosedForms forms = new GaussianClosedForms(target, alpha);
        Rng rng = new Rng(11 + d);
        double[] z1 = direction(rng, d, radiusFraction * Math.sqrt(d));
        // z2 near z1: the pair interacts strongly even where alpha d is large
        double[] z2 = direction(rng, d, radiusFraction * Math.sqrt(d));
        for (int k = 0; k < d; k++) {
            z2[k] = 0.8 * z1[k] + 0.2 * z2[k];
        }
        double c1 = 1.1;
        double c2 = 0.6;
        double[] gradK = new double[d];
        double[] gradF = new double[d];
        forms.pairGradient(z1, c2, z2, gradK);
        forms.oneBodyGradient(z1, gradF);
        double k0 = forms.pair(c1, z1, c2, z2);
        double f0 = forms.oneBody(c1, z1);
        assertTrue(Double.isFinite(k0) && Double.isFinite(f0), "K = " + k0 + ", F = " + f0);
        assertTrue(k0 > 0, "K = " + k0);
        double h = 1e-5 / Math.max(1, alpha * Math.sqrt(d));
        double scaleK = 0;
        double scaleF = 0;
        for (int k = 0; k < d; k++) {
            scaleK = Math.max(scaleK, Math.abs(c1 * gradK[k]));
            scaleF = Math.max(scaleF, Math.abs(c1 * gradF[k]));
        }
        for (int k = 0; k < d; k++) {
            double saved = z1[k];
            z1[k] = saved + h;
            double kPlus = forms.pair(c1, z1, c2, z2);
            double fPlus = forms.oneBody(c1, z1);
            z1[k] = saved - h;
            double kMinus = forms.pair(c1, z1, c2, z2);
            double fMinus = forms.oneBody(c1, z1);
            z1[k] = saved;
            assertEquals((kPlus - kMinus) / (2 * h), c1 * gradK[k], 1e-6 * scaleK + 1e-300, "dK/dz" + k);
            assertEquals((fPlus - fMinus) / (2 * h), c1 * gradF[k], 1e-6 * scaleF + 1e-300, "dF/dz" + k);
        }
    }

    /**
     * d = 3: the sphere is two-dimensional, so E_nu is a smooth double integral that a product rule
     * (Gauss-Legendre in cos(theta), trapezoid in phi) computes to about 1e-13: a deterministic check
     * of F, K and their gradients far tighter than Monte Carlo.
     */
    @ParameterizedTest(name = "alpha = {0}, |z|/R = {1}")
    @CsvSource({"0.5, 0.9", "1.5, 1.1", "0.2, 0.3"})
    void quadratureOnTheTwoSphere(double alpha, double radiusFraction) {
        int d = 3;
        double radius = Math.sqrt(d);
        ThreeSpinTarget target = new ThreeSpinTarget(d, 77);
        GaussianClosedForms forms = new GaussianClosedForms(target, alpha);
        GaussianUnit unit = new GaussianUnit(alpha);
        Rng rng = new Rng(5);
        double[] z1 = direction(rng, d, radiusFraction * radius);
        double[] z2 = direction(rng, d, 0.7 * radius);
        int nodes = 96;
        int azimuths = 192;
        double[] cosTheta = new double[nodes];
        double[] weight = new double[nodes];
        gaussLegendre(cosTheta, weight);
        double pair = 0;
        double oneBody = 0;
        double[] pairDz = new double[d];
        double[] oneBodyDz = new double[d];
        double[] x = new double[d];
        for (int a = 0; a < nodes; a++) {
            double sinTheta = Math.sqrt(1 - cosTheta[a] * cosTheta[a]);
            for (int b = 0; b < azimuths; b++) {
                double phi = 2 * Math.PI * b / azimuths;
                x[0] = radius * sinTheta * Math.cos(phi);
                x[1] = radius * sinTheta * Math.sin(phi);
                x[2] = radius * cosTheta[a];
                // uniform measure: (1/4pi) d(cos theta) d(phi)
                double w = weight[a] / (2.0 * azimuths);
                double phi1 = unit.phi(x, 0, z1, d);
                double phi2 = unit.phi(x, 0, z2, d);
                double f = target.evaluate(x, 0);
                pair += w * phi1 * phi2;
                oneBody += w * f * phi1;
                for (int k = 0; k < d; k++) {
                    pairDz[k] += w * alpha * (x[k] - z1[k]) * phi1 * phi2;
                    oneBodyDz[k] += w * alpha * (x[k] - z1[k]) * phi1 * f;
                }
            }
        }
        double[] gradK = new double[d];
        double[] gradF = new double[d];
        assertEquals(pair, forms.pairGradient(z1, 1, z2, gradK), 1e-12 * Math.abs(pair));
        assertEquals(oneBody, forms.oneBodyGradient(z1, gradF), 1e-12 * Math.abs(oneBody) + 1e-15);
        for (int k = 0; k < d; k++) {
            assertEquals(pairDz[k], gradK[k], 1e-12 * Math.abs(pair) * alpha * radius, "dK/dz" + k);
            assertEquals(oneBodyDz[k], gradF[k], 1e-12 * (Math.abs(oneBody) + 1e-3) * alpha * radius, "dF/dz" + k);
        }
    }

    /** Gauss-Legendre nodes and weights on [-1, 1] (Newton on P_n from Chebyshev guesses). */
    private static void gaussLegendre(double[] nodes, double[] weights) {
        int n = nodes.length;
        for (int i = 0; i < n; i++) {
            double t = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++) {
                double p0 = 1;
                double p1 = t;
                for (int k = 2; k <= n; k++) {
                    double p2 = ((2 * k - 1) * t * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                derivative = n * (t * p1 - p0) / (t * t - 1);
                double step = p1 / derivative;
                t -= step;
                if (Math.abs(step) < 1e-16) {
                    break;
                }
            }
            nodes[i] = t;
            weights[i] = 2 / ((1 - t * t) * derivative * derivative);
        }
    }

    /** Where nothing overflows, the log-space K equals the plain product of its factors. */
    @ParameterizedTest(name = "d = {0}, alpha = {1}")
    @CsvSource({"4, 0.3", "10, 0.5", "25, 0.04"})
    void logSpaceAgreesWithPlainProduct(int d, double alpha) {
        GaussianClosedForms forms = new GaussianClosedForms(new ThreeSpinTarget(d, 1), alpha);
        SphereMoments moments = new SphereMoments(d);
        Rng rng = new Rng(d);
        double[] z1 = direction(rng, d, Math.sqrt(d));
        double[] z2 = direction(rng, d, 0.5 * Math.sqrt(d));
        double n1 = 0;
        double n2 = 0;
        double uu = 0;
        for (int k = 0; k < d; k++) {
            n1 += z1[k] * z1[k];
            n2 += z2[k] * z2[k];
            double u = alpha * (z1[k] + z2[k]);
            uu += u * u;
        }
        double plain = Math.exp(-0.5 * alpha * (2 * d + n1 + n2)) * moments.h(0, Math.sqrt(uu));
        assertEquals(plain, forms.pair(1, z1, 1, z2), 1e-13 * plain);
    }

    private static Mean[] means(int d) {
        Mean[] means = new Mean[d];
        for (int k = 0; k < d; k++) {
            means[k] = new Mean();
        }
        return means;
    }

    private static void within(String what, double exact, Mean estimate) {
        double difference = Math.abs(exact - estimate.mean());
        String line = String.format(Locale.ROOT, "%s: exact %.6g, Monte Carlo %.6g +- %.2g (%.2f SE)", what, exact,
                estimate.mean(), estimate.error(), difference / estimate.error());
        assertTrue(difference <= 5 * estimate.error(), line);
    }

    /** A point at distance {@code norm} from the origin in a random direction. */
    static double[] direction(Rng rng, int d, double norm) {
        double[] z = new double[d];
        Sphere.sample(rng, d, z, 0);
        for (int k = 0; k < d; k++) {
            z[k] *= norm / Math.sqrt(d);
        }
        return z;
    }
}
