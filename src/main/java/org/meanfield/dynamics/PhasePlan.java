package org.meanfield.dynamics;

/**
 * The phases of a run as the time stepping sees them: where each ends, its dt and its noise
 * amplitude sqrt(2 dt T). The last phase runs on to whatever step is asked (a run may be extended).
 * Finding the phase of a step costs a comparison or two: it remembers the last one.
 */
public final class PhasePlan {
    private final long[] ends;
    private final double[] dt;
    private final double[] noiseStd;
    private int current;

    /**
     * Phases ending before steps {@code ends} (the last entry is ignored: the last phase never ends),
     * with steps {@code dt} and temperatures {@code temperature}.
     */
    public PhasePlan(long[] ends, double[] dt, double[] temperature) {
        if (ends.length < 1 || dt.length != ends.length || temperature.length != ends.length) {
            throw new IllegalArgumentException("need one end, dt and temperature per phase, at least one phase");
        }
        this.ends = ends.clone();
        this.dt = dt.clone();
        this.noiseStd = new double[ends.length];
        for (int k = 0; k < ends.length; k++) {
            noiseStd[k] = Math.sqrt(2 * dt[k] * temperature[k]);
        }
    }

    /** One phase: step dt at temperature {@code temperature} throughout. */
    public static PhasePlan single(double dt, double temperature) {
        return new PhasePlan(new long[] {Long.MAX_VALUE}, new double[] {dt}, new double[] {temperature});
    }

    /** The phase that performs step {@code step}. */
    public int phase(long step) {
        while (current > 0 && step < ends[current - 1]) {
            current--;
        }
        while (current < ends.length - 1 && step >= ends[current]) {
            current++;
        }
        return current;
    }

    /** Phases in the plan. */
    public int count() {
        return ends.length;
    }

    public double dt(int phase) {
        return dt[phase];
    }

    /** sqrt(2 dt T) of the phase: 0 when it has no noise. */
    public double noiseStd(int phase) {
        return noiseStd[phase];
    }
}
