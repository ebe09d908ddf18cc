package org.meanfield.jmh;

import java.util.Arrays;
import java.util.Locale;

import org.meanfield.flow.FlowSystem;
import org.meanfield.flow.KernelFlowSystem;
import org.meanfield.flow.ReferenceKernelFlowSystem;
import org.meanfield.model.GaussianUnit;
import org.meanfield.model.Particles;
import org.meanfield.model.Rng;
import org.meanfield.model.ThreeSpinTarget;

/**
 * The dt pilot of the kernel flow (not a JMH benchmark; a plain main): at d = 5, alpha = 1, n = 256,
 * centres uniform on the sphere and c_i = 0, runs the noise-free flow at several dt for a fixed number
 * of steps and reports, per target seed, how many steps raised the energy E = E_H - ||f||_H^2 / 2, the
 * first such step, E at mean-field time t = 5 and at the end, and the largest |c_i| at the end. With
 * {@code timing [n]} (n = 256 by default): the wall time per warm step of the fast system on 1 and 2 threads (median of 5 runs
 * of 2000 steps after 3000 warm-up steps) and of the reference on 1 thread.
 *
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar org.meanfield.jmh.FlowPilot [steps] [dt ...]
 *   java --add-modules jdk.incubator.vector -cp jmh/target/benchmarks.jar org.meanfield.jmh.FlowPilot timing [n]
 * </pre>
 */
public final class FlowPilot {
    private FlowPilot() {
    }

    public static void main(String[] args) {
        int d = 5;
        int n = 256;
        GaussianUnit unit = new GaussianUnit(5.0 / d);
        if (args.length > 0 && args[0].equals("timing")) {
            timing(unit, d, args.length > 1 ? Integer.parseInt(args[1]) : n);
            return;
        }
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        double[] dts = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToDouble(Double::parseDouble).toArray()
                : new double[] {1e-3, 3e-3, 1e-2, 2e-2, 5e-2, 1e-1, 2e-1, 5e-1};
        System.out.println("# kernel flow dt pilot: d = " + d + ", n = " + n + ", alpha = " + unit.alpha() + ", c_i = 0, "
                + steps + " steps, no noise; E = E_H - ||f||_H^2/2");
        System.out.println("seed,dt,steps,rises,first_rise_step,first_rise_t,largest_rise,E_at_t5,E_end,max_abs_c");
        for (long seed = 1; seed <= 3; seed++) {
            ThreeSpinTarget target = new ThreeSpinTarget(d, seed);
            Particles start = Particles.initialise(unit, n, d, 0.0, new Rng(1000 + seed));
            for (double dt : dts) {
                try (KernelFlowSystem flow = new KernelFlowSystem(target, unit, d, start, 1)) {
                    double previous = flow.step(dt);
                    int rises = 0;
                    int firstRise = -1;
                    double largest = 0;
                    double atT5 = Double.NaN;
                    int stepsToT5 = (int) Math.round(5 / dt);
                    for (int s = 1; s <= steps; s++) {
                        // the energy after s steps (the last one is not taken)
                        double energy = s < steps ? flow.step(dt) : flow.energy();
                        if (!(energy <= previous)) {
                            rises++;
                            if (firstRise < 0) {
                                firstRise = s;
                            }
                            largest = Math.max(largest, energy - previous);
                        }
                        if (s == stepsToT5) {
                            atT5 = energy;
                        }
                        previous = energy;
                    }
                    Particles end = new Particles(n, d);
                    flow.read(end);
                    double maxC = 0;
                    for (double ci : end.c()) {
                        maxC = Math.max(maxC, Math.abs(ci));
                    }
                    System.out.println(String.format(Locale.ROOT, "%d,%g,%d,%d,%d,%.4g,%.3g,%.8g,%.8g,%.4g", seed, dt, steps, rises,
                            firstRise, firstRise < 0 ? Double.NaN : firstRise * dt, largest, atT5, previous, maxC));
                }
            }
        }
    }

    /** Wall time per warm step at n, d: the fast system on 1 and 2 threads, the reference on 1. */
    private static void timing(GaussianUnit unit, int d, int n) {
        ThreeSpinTarget target = new ThreeSpinTarget(d, 1);
        Particles start = Particles.initialise(unit, n, d, 1.0, new Rng(7));
        System.out.println("# wall time per step, n = " + n + ", d = " + d + " (median of 5 x 2000 steps after 3000 warm-up steps)");
        for (int threads = 1; threads <= 2; threads++) {
            try (FlowSystem flow = new KernelFlowSystem(target, unit, d, start, threads)) {
                System.out.println(String.format(Locale.ROOT, "flow-vector threads = %d: %.2f us/step", threads, perStep(flow, 3000, 2000)));
            }
        }
        try (FlowSystem flow = new ReferenceKernelFlowSystem(target, unit, d, start, 1)) {
            System.out.println(String.format(Locale.ROOT, "flow-reference threads = 1: %.2f us/step", perStep(flow, 300, 200)));
        }
    }

    private static double perStep(FlowSystem flow, int warm, int count) {
        for (int s = 0; s < warm; s++) {
            flow.step(1e-3);
        }
        double[] times = new double[5];
        for (int r = 0; r < times.length; r++) {
            long t0 = System.nanoTime();
            for (int s = 0; s < count; s++) {
                flow.step(1e-3);
            }
            times[r] = (System.nanoTime() - t0) / 1e3 / count;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }
}
