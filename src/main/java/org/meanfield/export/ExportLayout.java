package org.meanfield.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.meanfield.config.RunConfig;
import org.meanfield.model.UnitKind;

/**
 * The content of {@code layout.json}: what each file holds, and the formulas that turn the arrays
 * back into f and f_n, in words and as NumPy expressions over the arrays' names. Field names are
 * snake case like config.json.
 */
final class ExportLayout {
    /** Bumped when a file or field changes meaning. */
    static final int VERSION = 1;

    private ExportLayout() {
    }

    /** The layout of an export of {@code state} made of {@code arrays}; {@code test} is null without test points. */
    static Map<String, Object> of(RunState state, double cf, List<ExportArray> arrays, TestValues test) {
        RunConfig config = state.config();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", "meanfield export");
        out.put("version", VERSION);
        out.put("run", state.folder().toAbsolutePath().normalize().toString());
        out.put("unit", config.unit().label());
        out.put("d", config.d());
        out.put("n", config.n());
        if (config.unit() == UnitKind.GAUSSIAN) {
            out.put("alpha", config.alpha());
        }
        out.put("step", state.checkpoint().step());
        out.put("t", state.checkpoint().t());
        out.put("run_steps", config.steps());
        out.put("complete", state.complete());
        out.put("state", state.describe());
        out.put("engine", state.checkpoint().run().engine());
        out.put("particle_precision", "vector".equals(state.checkpoint().run().engine())
                ? "float32 values (the vector engine's), widened exactly to float64" : "float64");
        out.put("C_f", cf);
        if (test != null) {
            out.put("test_loss", test.loss());
            out.put("test_size", test.points().count());
        }
        out.put("domain", "x uniform on the sphere of radius sqrt(d) in R^d; x is a row of shape (d,)");
        out.put("network", network(config));
        out.put("target", ordered(
                "formula", "f(x) = sum_{p,q,r} T[p,q,r] x_p x_q x_r = (1/d) sum_{p,q,r} a[p,q,r] x_p x_q x_r",
                "C_f", "C_f = 1/2 E f^2 = 1/2 d^3/(d(d+2)(d+4)) (6 |T|^2 + 9 |v|^2), v_r = sum_p T[p,p,r] (exact)",
                "numpy", "f = np.einsum('pqr,mp,mq,mr->m', T, x, x, x)  # T = np.load('target_T.npy')"));
        out.put("loss", "1/2 mean over points of (f(x) - f_n(x))^2");
        Map<String, Object> files = new LinkedHashMap<>();
        for (ExportArray array : arrays) {
            files.put(array.file(), ordered("dtype", NpyHeader.DESCR, "order", "C", "shape", array.shape(),
                    "contents", array.contents()));
        }
        files.put(Exporter.LAYOUT, ordered("contents", "this description"));
        out.put("files", files);
        out.put("config", config.table().toJson(config));
        return out;
    }

    /** f_n and the unit phi, with alpha where the unit has one. */
    private static Map<String, Object> network(RunConfig config) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("formula", "f_n(x) = (1/n) sum_i c[i] phi(x; z_i)");
        switch (config.unit()) {
            case RELU -> {
                out.put("phi", "phi(x; z_i) = max(0, a[i] . x + b[i]), z_i = (a[i], b[i])");
                out.put("numpy", "fn = (c * np.maximum(0.0, x @ a.T + b)).mean(axis=1)");
            }
            case SIGMOID -> {
                out.put("phi", "phi(x; z_i) = 1 / (1 + exp(-(a[i] . x + b[i]))), z_i = (a[i], b[i])");
                out.put("numpy", "fn = (c / (1.0 + np.exp(-(x @ a.T + b)))).mean(axis=1)");
            }
            case GAUSSIAN -> {
                out.put("phi", "phi(x; z_i) = exp(-alpha/2 |x - centres[i]|^2), z_i = centres[i], alpha = "
                        + config.alpha());
                out.put("numpy", "fn = (c * np.exp(-0.5 * alpha * ((x[:, None, :] - centres[None, :, :])**2)"
                        + ".sum(axis=2))).mean(axis=1)");
            }
            default -> throw new IllegalStateException("unknown unit " + config.unit());
        }
        return out;
    }

    /** A map of the key-value pairs {@code keysAndValues}, in that order (JSON objects keep it). */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int k = 0; k < keysAndValues.length; k += 2) {
            out.put((String) keysAndValues[k], keysAndValues[k + 1]);
        }
        return out;
    }
}
