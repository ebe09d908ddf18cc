#!/usr/bin/env python3
"""The loss's bursts against the sharpness, piece by piece, for folders written by sharpening.sh.

Usage: python3 edge.py OUT...
For each piece of OUT/sharpness.csv (the steps since the row before): lambda_max and dt * lambda_max at its
end, and the burst ratio, the largest test loss of the piece's metrics rows over the median of the BEFORE
rows preceding that row (20 rows: 10^5 steps at the d = 10 runs' 5000 steps a row). Then the three checks of
the forecast in ../README.md: (a) once lambda_max is within 3 % of 2/dt, no later piece above 1.03 * 2/dt;
(b) no ratio above 1.4 while lambda_max < 0.95 * 2/dt; (c) once lambda_max >= 0.975 * 2/dt, a ratio of at
least 2 within 10^6 steps.
"""
import csv
import os
import statistics
import sys

BEFORE = 20


def ratios(metrics):
    """(step, test loss over the median of the BEFORE rows before it), for the rows with BEFORE before them."""
    steps = [int(r["step"]) for r in metrics]
    losses = [float(r["test_loss"]) for r in metrics]
    return [(steps[i], losses[i] / statistics.median(losses[i - BEFORE:i])) for i in range(BEFORE, len(losses))]


def pieces(out):
    rows = list(csv.DictReader(open(os.path.join(out, "sharpness.csv"))))
    burst = ratios(list(csv.DictReader(open(os.path.join(out, "run", "metrics.csv")))))
    for before, row in zip(rows, rows[1:]):
        inside = [r for s, r in burst if int(before["step"]) < s <= int(row["step"])]
        yield (int(row["step"]), float(row["t"]), float(row["dt"]), float(row["lambda_max"]),
               float(row["dt_lambda_max"]), max(inside))


def verdicts(table):
    edge = 2 / table[0][2]
    near = [i for i, p in enumerate(table) if p[3] >= 0.97 * edge]
    a = "untested" if not near else ("holds" if all(p[3] <= 1.03 * edge for p in table[near[0]:])
                                      else "fails")
    b = "holds" if all(p[5] <= 1.4 for p in table if p[3] < 0.95 * edge) else "fails"
    over = [p for p in table if p[3] >= 0.975 * edge]
    if not over:
        c = "untested"
    else:
        window = [p for p in table if over[0][0] <= p[0] <= over[0][0] + 1000000]
        c = ("holds" if any(p[5] >= 2 for p in window)
             else "untested" if window[-1][0] < over[0][0] + 1000000 else "fails")
    return a, b, c


for out in sys.argv[1:]:
    table = list(pieces(out))
    print(f"{out}: 2/dt = {2 / table[0][2]:g}")
    print("| step | t | lambda_max | dt lambda_max | burst ratio |")
    print("|---|---|---|---|---|")
    for step, t, dt, top, dt_top, ratio in table:
        print(f"| {step} | {t:g} | {top:g} | {dt_top:.3f} | {ratio:.2f} |")
    print("forecast (a) %s, (b) %s, (c) %s" % verdicts(table))
    print()
