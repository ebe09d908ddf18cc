#!/usr/bin/env python3
"""The sharpness of a sigmoid run's loss, lambda_max, the largest eigenvalue of the Hessian of n*l, against 2/dt.

Usage: python3 sharpness.py [--points M] [--seed S] [--check] EXPORT...
EXPORT: a folder written by `./meanfield export RUN` (its layout.json names the run, whose config.json gives dt).
Needs numpy and scipy.

The particles follow theta_i' = -n grad_i l (../../../shared/SCIENCE.md section 3), so a step dt of gradient
descent is stable along an eigendirection of H = Hessian of n*l only where dt * lambda < 2: lambda_max = 2/dt is
the edge of stability. With g_i(x) = grad of c_i phi(x; z_i) in theta_i = (c_i, a_i, b_i) and r = f - f_n,
    H_ij = (1/n) E[g_i g_j^T] - delta_ij E[r Hessian(c_i phi(x; z_i))],
E over the sphere replaced by M fresh points (seeded, so that successive checkpoints of one run are measured on
the same points). --check compares v^T H v with second differences of n*l on the same points along the top
eigenvector and a random direction. The largest eigenvalue of a sample's Hessian is biased up: on the d = 10
n = 128 and 256 quench checkpoints, M = 1e4 gave 1-5 % more than M = 4e4, hence the default of 4e4.
Prints per EXPORT: step, t, dt, l/C_f on the M points, lambda_max, dt * lambda_max.
"""
import argparse
import json
import os

import numpy as np
from scipy.sparse.linalg import eigsh


def load(folder):
    layout = json.load(open(os.path.join(folder, "layout.json")))
    if layout["unit"] != "sigmoid":
        raise SystemExit(f"sharpness.py: {folder} has {layout['unit']} units; only sigmoid units are covered")
    arrays = {name: np.load(os.path.join(folder, name + ".npy")) for name in ("c", "a", "b", "target_T")}
    schedule = json.load(open(os.path.join(layout["run"], "config.json")))["schedule"]
    dt = [phase for phase in schedule if phase["start_step"] <= layout["step"]][-1]["dt"]
    return layout, arrays, dt


def sphere(count, d, seed):
    x = np.random.default_rng(seed).standard_normal((count, d))
    return x * np.sqrt(d) / np.linalg.norm(x, axis=1, keepdims=True)


def loss(theta, x, f, n, d):
    """n * l on the points, theta = rows (c_i, a_i, b_i) flattened."""
    rows = theta.reshape(n, d + 2)
    fn = (rows[:, 0] / (1 + np.exp(-(x @ rows[:, 1:d + 1].T + rows[:, d + 1])))).mean(axis=1)
    return n * 0.5 * np.mean((f - fn) ** 2)


def hessian(arrays, x):
    c, a, b, t = arrays["c"], arrays["a"], arrays["b"], arrays["target_T"]
    n, d = a.shape
    m = len(x)
    f = np.einsum("pqr,xp,xq,xr->x", t, x, x, x)
    s = 1 / (1 + np.exp(-(x @ a.T + b)))
    r = f - (c * s).mean(axis=1)
    d1 = s * (1 - s)
    d2 = d1 * (1 - 2 * s)
    v = np.hstack([x, np.ones((m, 1))])  # u = a.x + b = (a, b).v
    g = np.concatenate([s[:, :, None], (c * d1)[:, :, None] * v[:, None, :]], axis=2).reshape(m, n * (d + 2))
    h = g.T @ g / (m * n)
    # -E[r Hessian(c phi)]: d2/dc dv = phi' v, d2/dv dv = c phi'' v v^T, d2/dc2 = 0
    cross = -(r[:, None] * d1).T @ v / m
    curve = -np.einsum("xi,xp,xq->ipq", r[:, None] * d2 * c, v, v) / m
    k = d + 2
    for i in range(n):
        o = i * k
        h[o, o + 1:o + k] += cross[i]
        h[o + 1:o + k, o] += cross[i]
        h[o + 1:o + k, o + 1:o + k] += curve[i]
    return h, f, 0.5 * np.mean(r ** 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("exports", nargs="+", metavar="EXPORT")
    parser.add_argument("--points", type=int, default=40000, help="M, the points that stand for the sphere")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="also check H against second differences of n*l")
    args = parser.parse_args()
    print("export,step,t,dt,loss_over_cf,lambda_max,dt_lambda_max")
    for folder in args.exports:
        layout, arrays, dt = load(folder)
        n, d = arrays["a"].shape
        x = sphere(args.points, d, args.seed)
        h, f, l = hessian(arrays, x)
        # Lanczos for the top eigenpair: a full eigendecomposition takes minutes at n = 512 (6144 parameters)
        values, vectors = eigsh(h, k=1, which="LA")
        top = values[0]
        print(f"{folder},{layout['step']},{layout['t']:g},{dt:g},{l / layout['C_f']:.5g},{top:.1f},{dt * top:.3f}",
              flush=True)
        if args.check:
            theta = np.concatenate([arrays["c"][:, None], arrays["a"], arrays["b"][:, None]], axis=1).ravel()
            for name, u in (("top", vectors[:, 0]), ("random", np.random.default_rng(1).standard_normal(theta.size))):
                u = u / np.linalg.norm(u)
                step = 1e-3
                second = (loss(theta + step * u, x, f, n, d) - 2 * loss(theta, x, f, n, d)
                          + loss(theta - step * u, x, f, n, d)) / step ** 2
                print(f"  check {name}: v'Hv {u @ h @ u:.6g}, second difference {second:.6g}")


if __name__ == "__main__":
    main()
