#!/usr/bin/env python3
"""Where the d = 10 quench is heading: each n's mean loss in the quench fitted as l_inf + A exp(-tau/T).

Usage: python3 settling.py [FOLDER] [BLOCK]   (default: this folder, block sigmoid-d10-quench-dt0.005)
Needs numpy and scipy.

For each n of BLOCK, over the target realisations that completed (results.csv), the mean of test_loss_over_cf
across realisations along the quench (tau: mean-field time since the quench began) is fitted by least squares
on FIT_START <= tau <= FIT_END, for two FIT_STARTs to show how much the fit depends on where it starts. FIT_END
is 10^4, the quench of sigmoid-d10-quench-dt0.005, so a block that runs the same quench further is fitted on
the same stretch and its later rows test the fit. At each mark the script gives the fit's prediction and,
where the runs reach the mark, the measurement, both as ../README.md defines them (quench.py, shared with
table.py): the mean over the last quarter of the quench up to the mark, and the drift, the mean over the last
W = 1e5 steps against the W before (here of the realisations' mean curve). Last, the exponent of l_inf against
n, overall and local.
"""
import csv
import json
import math
import os
import sys
from collections import defaultdict

import numpy as np
from scipy.optimize import curve_fit

from quench import drift, drift_window, drift_windows, tail_mean

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
block = sys.argv[2] if len(sys.argv) > 2 else "sigmoid-d10-quench-dt0.005"
FIT_STARTS = (2000.0, 4000.0)
FIT_END = 10000.0
MARKS = (10000.0, 20000.0, 30000.0, 40000.0)

runs = defaultdict(list)
for row in csv.DictReader(open(os.path.join(folder, "results.csv"))):
    if row["status"] == "done" and row["block"] == block:
        runs[int(row["n"])].append(row["run"])


def quench(run):
    """The quench's (tau, l/C_f) rows and its dt."""
    rows = list(csv.DictReader(open(os.path.join(folder, run, "metrics.csv"))))
    start = float([r for r in rows if r["phase"] == "0"][-1]["t"])
    rows = [r for r in rows if r["phase"] == "1"]
    dt = json.load(open(os.path.join(folder, run, "config.json")))["schedule"][1]["dt"]
    return np.array([float(r["t"]) - start for r in rows]), np.array([float(r["test_loss_over_cf"]) for r in rows]), dt


def decay(tau, l_inf, a, time):
    return l_inf + a * np.exp(-tau / time)


def at(tau, values, mark, window):
    """l/C_f over the last quarter up to the mark (its drift): the measures of table.py."""
    upto = tau <= mark + 1e-6
    return f"{tail_mean(values[upto]):.4g} ({drift(*drift_windows(tau, values, mark, window)) * 100:+.2f} %)"


def measured(tau, values, mark, window):
    return "-" if tau[-1] < mark - 1e-6 else at(tau, values, mark, window)


def predicted(params, mark, window):
    grid = np.linspace(0, mark, 2001)
    return at(grid, decay(grid, *params), mark, window)


print(f"block {block}: fit l_inf + A exp(-tau/T) on the realisations' mean quench, FIT_START <= tau <= {FIT_END:g};"
      " each mark: l/C_f over the last quarter (drift over the last 1e5 steps)")
header = " | ".join(f"tau = {m:g} predicted | measured" for m in MARKS)
print(f"| n | runs | fit from | l_inf | T | rms/l | {header} |")
print("|---|---|---|---|---|---|" + "---|---|" * len(MARKS))
limits = defaultdict(dict)
for n in sorted(runs):
    curves = [quench(run) for run in runs[n]]
    length = min(len(c[0]) for c in curves)
    tau = curves[0][0][:length]
    values = np.mean([c[1][:length] for c in curves], axis=0)
    dt = curves[0][2]
    window = drift_window(round(FIT_END / dt)) * dt  # W = 1e5 steps in quench time: every mark is longer than 4 W
    for start in FIT_STARTS:
        fitted = (tau >= start) & (tau <= FIT_END + 1e-6)
        guess = (values[fitted][-1] * 0.7, values[fitted][0] - values[fitted][-1] * 0.7, 5000.0)
        params, cov = curve_fit(decay, tau[fitted], values[fitted], p0=guess, maxfev=20000)
        errors = np.sqrt(np.diag(cov))
        rms = math.sqrt(np.mean((values[fitted] - decay(tau[fitted], *params)) ** 2)) / values[fitted][-1]
        limits[start][n] = params[0]
        marks = " | ".join(f"{predicted(params, m, window)} | {measured(tau, values, m, window)}" for m in MARKS)
        print(f"| {n} | {len(curves)} | {start:g} | {params[0]:.4g} ({errors[0]:.1g}) | {params[2]:.0f} ({errors[2]:.0f}) "
              f"| {rms:.3f} | {marks} |")

print()
for start, curve in limits.items():
    ns = sorted(curve)
    if len(ns) < 2 or min(curve.values()) <= 0:
        continue
    logs = np.log(ns), np.log([curve[n] for n in ns])
    local = ", ".join(f"{s:.2f}" for s in np.diff(logs[1]) / np.diff(logs[0]))
    print(f"fit from {start:g}: exponent of l_inf over n = {ns[0]}-{ns[-1]}: {np.polyfit(*logs, 1)[0]:.2f}; local {local}")
