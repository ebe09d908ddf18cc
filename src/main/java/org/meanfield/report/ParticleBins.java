package org.meanfield.report;

import java.util.ArrayList;
import java.util.List;

import org.meanfield.model.Particles;

/**
 * A histogram of one per-particle quantity at the end of a run.
 *
 * @param quantity what is binned, for the axis ("c_i", "|a_i|", ...)
 * @param edges bin edges, one more than counts
 * @param counts particles per bin
 */
record ParticleBins(String quantity, double[] edges, long[] counts) {
    /** Bins per histogram: enough to see the shape of a few thousand particles, few enough for 64. */
    static final int BINS = 40;

    /**
     * The histograms a report shows: c_i, |a_i| and b_i for affine units (z = (a, b)), c_i and
     * |z_i| (the distance of the centre from the origin) for gaussian units.
     */
    static List<ParticleBins> of(Particles particles, String unit, int d) {
        int n = particles.n();
        double[] z = particles.z();
        List<ParticleBins> bins = new ArrayList<>();
        bins.add(of("c_i", particles.c()));
        boolean affine = !"gaussian".equals(unit);
        int normDims = affine ? particles.zDim() - 1 : particles.zDim();
        double[] norm = new double[n];
        for (int j = 0; j < normDims; j++) {
            for (int i = 0; i < n; i++) {
                norm[i] += z[j * n + i] * z[j * n + i];
            }
        }
        for (int i = 0; i < n; i++) {
            norm[i] = Math.sqrt(norm[i]);
        }
        bins.add(of(affine ? "|a_i|" : "|z_i|", norm));
        if (affine) {
            double[] b = new double[n];
            System.arraycopy(z, (particles.zDim() - 1) * n, b, 0, n);
            bins.add(of("b_i", b));
        }
        return bins;
    }

    /** {@link #BINS} equal bins over [min, max] of the finite values. */
    static ParticleBins of(String quantity, double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > max) {
            min = 0;
            max = 1;
        }
        if (min == max) {
            // All equal (c_i = 0 before training): one visible bar around the value.
            double pad = Math.max(Math.abs(min) * 1e-3, 1e-12);
            min -= pad;
            max += pad;
        }
        double[] edges = new double[BINS + 1];
        for (int k = 0; k <= BINS; k++) {
            edges[k] = min + (max - min) * k / BINS;
        }
        long[] counts = new long[BINS];
        for (double v : values) {
            if (Double.isFinite(v)) {
                int k = (int) ((v - min) / (max - min) * BINS);
                counts[Math.min(Math.max(k, 0), BINS - 1)]++;
            }
        }
        return new ParticleBins(quantity, edges, counts);
    }
}
