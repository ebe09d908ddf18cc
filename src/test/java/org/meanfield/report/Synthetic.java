package org.meanfield.report;

import java.util.Random;

/** Synthetic scaling data: loss = A n^slope exp(noise), the same seeds at every n. */
final class Synthetic {
    /** How the log-loss scatter of a run is drawn. */
    enum Noise {
        /** N(0, sigma^2) at every n. */
        NORMAL,
        /** N(0, sigma_n^2), sigma_n = 2 sigma (n / n_0)^(-0.3): larger spread at small n. */
        SHRINKING,
        /** sigma times a t(4) variate over sqrt(2) (same variance, heavier tails). */
        HEAVY,
        /** N(0, sigma^2), a seed's runs correlated across n (AR(1) in log n, rho = 0.7 a doubling). */
        CORRELATED
    }

    final double[] n;
    final long[] seed;
    final double[] loss;

    /** {@code seeds} runs at each of n = n0, 2 n0, ..., 2^(values - 1) n0. */
    Synthetic(double slope, double prefactor, int values, int seeds, double n0, double sigma, Noise noise,
            Random random) {
        n = new double[values * seeds];
        seed = new long[n.length];
        loss = new double[n.length];
        double[] state = new double[seeds];
        for (int i = 0; i < seeds; i++) {
            state[i] = random.nextGaussian();
        }
        for (int j = 0; j < values; j++) {
            double nj = n0 * Math.pow(2, j);
            for (int i = 0; i < seeds; i++) {
                double e = switch (noise) {
                    case NORMAL -> sigma * random.nextGaussian();
                    case SHRINKING -> 2 * sigma * Math.pow(nj / n0, -0.3) * random.nextGaussian();
                    case HEAVY -> sigma * student4(random) / Math.sqrt(2);
                    case CORRELATED -> sigma
                            * (state[i] = 0.7 * state[i] + Math.sqrt(1 - 0.49) * random.nextGaussian());
                };
                int k = j * seeds + i;
                n[k] = nj;
                seed[k] = i + 1;
                loss[k] = prefactor * Math.pow(nj, slope) * Math.exp(e);
            }
        }
    }

    private static double student4(Random random) {
        double chi2 = 0;
        for (int i = 0; i < 4; i++) {
            double g = random.nextGaussian();
            chi2 += g * g;
        }
        return random.nextGaussian() / Math.sqrt(chi2 / 4);
    }
}
