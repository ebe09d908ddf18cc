package org.meanfield.report;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.meanfield.folder.MetricsTable;
import org.meanfield.folder.TailLoss;

/**
 * Test loss against mean-field time for one n: the geometric mean over that n's seeds (the mean
 * of log-losses, the quantity the slope fits average), at the evaluations every seed has.
 *
 * @param n number of particles
 * @param seeds runs averaged
 * @param t mean-field times
 * @param loss geometric-mean test loss at each time
 */
record Curve(int n, int seeds, double[] t, double[] loss) {

    /** The geometric mean of {@code runs} (metrics of runs with the same n and dt) at their common steps. */
    static Curve geometricMean(int n, List<MetricsTable> runs) {
        Map<Long, double[]> byStep = new TreeMap<>();
        for (MetricsTable m : runs) {
            for (int r = 0; r < m.rows(); r++) {
                double[] acc = byStep.computeIfAbsent(m.step()[r], k -> new double[3]);
                double loss = m.testLoss()[r];
                // acc: t, sum of log-loss, count of usable values
                acc[0] = m.t()[r];
                if (loss > 0 && Double.isFinite(loss)) {
                    acc[1] += Math.log(loss);
                    acc[2]++;
                }
            }
        }
        double[] t = new double[byStep.size()];
        double[] loss = new double[byStep.size()];
        int k = 0;
        for (double[] acc : byStep.values()) {
            if (acc[2] == runs.size()) {
                t[k] = acc[0];
                loss[k] = Math.exp(acc[1] / acc[2]);
                k++;
            }
        }
        return new Curve(n, runs.size(), Arrays.copyOf(t, k), Arrays.copyOf(loss, k));
    }

    /** The points with t > 0, which a logarithmic time axis can show. */
    Curve positiveTimes() {
        int from = 0;
        while (from < t.length && !(t[from] > 0)) {
            from++;
        }
        return new Curve(n, seeds, Arrays.copyOfRange(t, from, t.length), Arrays.copyOfRange(loss, from, t.length));
    }

    /** The curves with a point a log-log plot can show (a run stopped at step 0 has none). */
    static List<Curve> plottable(List<Curve> curves) {
        return curves.stream().filter(c -> c.positiveTimes().t().length > 0).toList();
    }

    /**
     * The points from {@code t0} on, each over the mean loss of the last quarter of that stretch of
     * time (TailLoss's window): a drift at the end shows as a slope away from 1.
     */
    Curve relativeToTail(double t0) {
        int from = 0;
        while (from < t.length && t[from] < t0) {
            from++;
        }
        double[] times = Arrays.copyOfRange(t, from, t.length);
        double[] relative = Arrays.copyOfRange(loss, from, t.length);
        if (times.length == 0) {
            return new Curve(n, seeds, times, relative);
        }
        double fromT = t0 + (1 - TailLoss.WINDOW) * (times[times.length - 1] - t0);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < times.length; i++) {
            if (times[i] >= fromT) {
                sum += relative[i];
                count++;
            }
        }
        for (int i = 0; i < relative.length; i++) {
            relative[i] /= sum / count;
        }
        return new Curve(n, seeds, times, relative);
    }

    /** n times the loss: the O(1/n) fluctuation scale. */
    Curve timesN() {
        double[] scaled = new double[loss.length];
        for (int i = 0; i < loss.length; i++) {
            scaled[i] = n * loss[i];
        }
        return new Curve(n, seeds, t, scaled);
    }
}
