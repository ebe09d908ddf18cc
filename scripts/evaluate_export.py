#!/usr/bin/python3
"""Evaluate f and f_n again, in NumPy, from a `meanfield export` folder.

    /usr/bin/python3 scripts/evaluate_export.py runs/my-run/export
    /usr/bin/python3 scripts/evaluate_export.py runs/my-run/export --fresh --points 100000 --seed 7

Reads layout.json and the .npy files it lists, then

  - checks the arrays' shapes against layout.json, that T is symmetric and equals sym(a)/d, and
    that C_f computed from T matches the C_f in layout.json;
  - computes f (the 3-spin target, from T) and f_n (the network, from c and a, b or the centres)
    at the exported test points x_test.npy, or, without them (or with --fresh), at fresh points
    uniform on the sphere of radius sqrt(d);
  - prints the loss 1/2 mean (f - f_n)^2 with its Monte-Carlo standard error and, at the test
    points, the largest absolute differences from f_test.npy and fn_test.npy (what Java
    computed) and from the test loss Java reported.

Exits with status 1 if a check fails or a difference exceeds --tolerance (relative to the scale of
the values). Needs only NumPy; the formulas are those of layout.json and SCIENCE.md sections 1-2.
"""
import argparse
import json
import os
import sys

import numpy as np


def load(folder, name, layout):
    """The array in `name`, checked against the shape and dtype layout.json gives it."""
    entry = layout["files"][name]
    array = np.load(os.path.join(folder, name), allow_pickle=False)
    if array.dtype != np.dtype(entry["dtype"]) or list(array.shape) != entry["shape"]:
        raise SystemExit(f"{name}: dtype {array.dtype} shape {array.shape}, layout.json says "
                         f"{entry['dtype']} {tuple(entry['shape'])}")
    return array


def target(T, x):
    """f(x) = sum_{p,q,r} T[p,q,r] x_p x_q x_r for each row of x."""
    Tx = np.einsum("pqr,mr->mpq", T, x)
    return np.einsum("mpq,mp,mq->m", Tx, x, x)


def exact_cf(T):
    """C_f = 1/2 E f^2 on the sphere of radius sqrt(d): 1/2 d^3/(d(d+2)(d+4)) (6|T|^2 + 9|v|^2)."""
    d = T.shape[0]
    v = np.einsum("ppr->r", T)
    return 0.5 * d**3 / (d * (d + 2) * (d + 4)) * (6 * np.sum(T * T) + 9 * np.dot(v, v))


def network(layout, arrays, x, block_elements=1 << 22):
    """f_n(x) = (1/n) sum_i c_i phi(x; z_i), a block of points at a time to bound memory."""
    unit = layout["unit"]
    c = arrays["c"]
    n, d = c.shape[0], x.shape[1]
    block = max(1, block_elements // (n * d))
    out = np.empty(x.shape[0])
    for start in range(0, x.shape[0], block):
        xb = x[start:start + block]
        if unit == "relu":
            phi = np.maximum(0.0, xb @ arrays["a"].T + arrays["b"])
        elif unit == "sigmoid":
            phi = 1.0 / (1.0 + np.exp(-(xb @ arrays["a"].T + arrays["b"])))
        elif unit == "gaussian":
            diff = xb[:, None, :] - arrays["centres"][None, :, :]
            phi = np.exp(-0.5 * layout["alpha"] * np.sum(diff * diff, axis=2))
        else:
            raise SystemExit(f"unknown unit {unit!r} in layout.json")
        out[start:start + block] = (phi * c).mean(axis=1)
    return out


def sphere(rng, m, d):
    """m points uniform on the sphere of radius sqrt(d): sqrt(d) g/|g|, g ~ N(0, I)."""
    g = rng.standard_normal((m, d))
    return np.sqrt(d) * g / np.linalg.norm(g, axis=1, keepdims=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", help="an export folder (the one holding layout.json)")
    parser.add_argument("--fresh", action="store_true",
                        help="use fresh points even when the export holds test points")
    parser.add_argument("--points", type=int, default=4096,
                        help="number of fresh points (default 4096)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the fresh points (default 0)")
    parser.add_argument("--tolerance", type=float, default=1e-9,
                        help="largest accepted difference from Java, relative to max |value| (default 1e-9)")
    args = parser.parse_args()

    with open(os.path.join(args.folder, "layout.json"), encoding="utf-8") as f:
        layout = json.load(f)
    if layout.get("format") != "meanfield export" or layout.get("version") != 1:
        raise SystemExit(f"{args.folder}: not a meanfield export of version 1")
    d, n = layout["d"], layout["n"]
    names = ["c"] + (["centres"] if layout["unit"] == "gaussian" else ["a", "b"])
    arrays = {name: load(args.folder, name + ".npy", layout) for name in names}
    T = load(args.folder, "target_T.npy", layout)
    a = load(args.folder, "target_a.npy", layout)
    failed = []

    print(f"{layout['unit']} units, d = {d}, n = {n}, step {layout['step']}, t = {layout['t']:g} "
          f"({'complete run' if layout['complete'] else 'stopped run'}), {layout['engine']} engine")
    # a[p,q,r] + a[p,r,q] + a[q,p,r] + a[q,r,p] + a[r,p,q] + a[r,q,p], in the order Java adds them.
    sym = sum(np.transpose(a, perm) for perm in
              [(0, 1, 2), (0, 2, 1), (1, 0, 2), (2, 0, 1), (1, 2, 0), (2, 1, 0)]) / (6.0 * d)
    sym_err = np.max(np.abs(T - sym))
    cf = exact_cf(T)
    cf_err = abs(cf - layout["C_f"]) / layout["C_f"]
    print(f"target: max |T - sym(a)/d| = {sym_err:.3g}, C_f = {cf:.12g} "
          f"(layout.json {layout['C_f']:.12g}, relative difference {cf_err:.3g})")
    if sym_err > 1e-15 * np.max(np.abs(T)) * 8 or cf_err > 1e-12:
        failed.append("target coefficients")

    at_test_points = "x_test.npy" in layout["files"] and not args.fresh
    if at_test_points:
        x = load(args.folder, "x_test.npy", layout)
        radius_err = np.max(np.abs(np.linalg.norm(x, axis=1) - np.sqrt(d)))
        source = f"the {x.shape[0]} exported test points (max ||x| - sqrt(d)| = {radius_err:.3g})"
    else:
        x = sphere(np.random.default_rng(args.seed), args.points, d)
        source = f"{args.points} fresh points on the sphere of radius sqrt(d) (seed {args.seed})"
    f = target(T, x)
    fn = network(layout, arrays, x)
    half_squares = 0.5 * (f - fn) ** 2
    loss = np.mean(half_squares)
    se = np.std(half_squares, ddof=1) / np.sqrt(len(half_squares)) if len(half_squares) > 1 else 0.0
    print(f"on {source}:")
    print(f"  loss 1/2 mean (f - f_n)^2 = {loss:.12g} +- {se:.2g}  (loss/C_f = {loss / cf:.6g})")

    if at_test_points:
        f_java = load(args.folder, "f_test.npy", layout)
        fn_java = load(args.folder, "fn_test.npy", layout)
        for label, ours, java in [("f", f, f_java), ("f_n", fn, fn_java)]:
            diff = np.max(np.abs(ours - java))
            scale = max(np.max(np.abs(java)), np.finfo(float).tiny)
            print(f"  max |{label} - {label} from Java| = {diff:.3g}  (max |{label}| = {scale:.4g}, "
                  f"relative {diff / scale:.3g})")
            if not diff <= args.tolerance * scale:
                failed.append(label)
        java_loss = layout["test_loss"]
        print(f"  Java's test loss {java_loss:.12g}, relative difference {abs(loss - java_loss) / java_loss:.3g}")
        if not abs(loss - java_loss) <= args.tolerance * java_loss:
            failed.append("test loss")

    if failed:
        print("FAILED: " + ", ".join(failed), file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
