package org.meanfield.observe;

/**
 * Running count, sum and sum of squares of values, for their mean, standard deviation and the
 * standard error of the mean; reused by clearing, so a sum allocates nothing.
 */
public final class Moments {
    private int count;
    private double sum;
    private double sumSquares;

    public void clear() {
        count = 0;
        sum = 0;
        sumSquares = 0;
    }

    public void add(double v) {
        count++;
        sum += v;
        sumSquares += v * v;
    }

    /** Values added. */
    public int count() {
        return count;
    }

    public double mean() {
        return sum / count;
    }

    /** The unbiased sample variance; 0 for one value. */
    public double variance() {
        double mean = sum / count;
        return count > 1 ? Math.max(0, (sumSquares - count * mean * mean) / (count - 1)) : 0;
    }

    /** The sample standard deviation; 0 for one value. */
    public double standardDeviation() {
        return Math.sqrt(variance());
    }

    /** The standard error of the mean, sqrt(variance / count). */
    public double standardError() {
        return Math.sqrt(variance() / count);
    }
}
