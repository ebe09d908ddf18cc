package org.meanfield.model;

/**
 * A batch of P input points, point-major ({@code coords[p*d + k]}), with the target's value at each
 * point. A float copy of the coordinates feeds the float32 engine; it is refreshed by
 * {@link #syncFloats()} after the coordinates change.
 */
public final class Points {
    private final int count;
    private final int d;
    private final double[] coords;
    private final float[] coordsFloat;
    private final double[] target;

    /** An all-zero batch of {@code count} points in dimension {@code d}. */
    public Points(int count, int d) {
        if (count < 1 || d < 1) {
            throw new IllegalArgumentException("need count >= 1 and d >= 1, got " + count + ", " + d);
        }
        this.count = count;
        this.d = d;
        this.coords = new double[Math.multiplyExact(count, d)];
        this.coordsFloat = new float[coords.length];
        this.target = new double[count];
    }

    public int count() {
        return count;
    }

    public int d() {
        return d;
    }

    /** Coordinates, point-major: {@code coords()[p*d + k]} is x_p[k]. */
    public double[] coords() {
        return coords;
    }

    /** The float32 copy of {@link #coords()}. */
    public float[] coordsFloat() {
        return coordsFloat;
    }

    /** f(x_p) for every point, filled by {@link ThreeSpinTarget#evaluate(Points)}. */
    public double[] target() {
        return target;
    }

    /** Copies the double coordinates into the float copy. */
    public void syncFloats() {
        for (int i = 0; i < coords.length; i++) {
            coordsFloat[i] = (float) coords[i];
        }
    }
}
