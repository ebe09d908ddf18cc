#!/usr/bin/env python3
"""The Figure 1 tables of ../README.md from a sweep folder's results.csv and run folders.

Usage: python3 table.py [FOLDER]   (default: this folder; FOLDER/published-length works too)
Per n: the mean settled loss over C_f (tail_test_loss_over_cf, the mean over the last quarter of
each run's time), n*l and n^2*l (l the mean tail_test_loss), and each realisation's drift: the change
of the mean test loss from the third to the last quarter of its run (0 %: it has stopped falling).
"""
import csv
import os
import sys
from collections import defaultdict

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(folder, "results.csv"))))
root = os.path.dirname(os.path.abspath(os.path.join(folder, "results.csv")))
by_n = defaultdict(list)
for row in rows:
    by_n[int(row["n"])].append(row)


def drift(run_folder, end):
    """The drift of the run's test loss over [0, end] (a run since extended keeps its earlier rows)."""
    metrics = [m for m in csv.DictReader(open(run_folder + "/metrics.csv")) if float(m["t"]) <= end + 1e-9]
    t = [float(m["t"]) for m in metrics]
    loss = [float(m["test_loss"]) for m in metrics]
    third = [l for tt, l in zip(t, loss) if 0.5 * end <= tt < 0.75 * end]
    last = [l for tt, l in zip(t, loss) if tt >= 0.75 * end]
    return sum(last) / len(last) / (sum(third) / len(third)) - 1


print("| n | runs | t | l/C_f (mean of realisations) | n l | n^2 l | drift per realisation | wall s |")
print("|---|---|---|---|---|---|---|---|")
for n in sorted(by_n):
    runs = by_n[n]
    rel = [float(r["tail_test_loss_over_cf"]) for r in runs]
    loss = sum(float(r["tail_test_loss"]) for r in runs) / len(runs)
    # A copy of results.csv (published-length/) lies one folder below the runs.
    base = root if os.path.isdir(os.path.join(root, runs[0]["run"])) else os.path.dirname(root)
    run_folders = [os.path.join(base, r["run"]) for r in runs]
    drifts = ", ".join("%+.0f %%" % (100 * drift(f, float(runs[0]["t"]))) for f in run_folders if os.path.exists(f + "/metrics.csv"))
    print("| %d | %d | %g | %.3g | %.3g | %.3g | %s | %.0f |" % (n, len(runs), float(runs[0]["t"]), sum(rel) / len(rel),
          n * loss, n * n * loss, drifts, sum(float(r["wall_s"]) for r in runs)))
