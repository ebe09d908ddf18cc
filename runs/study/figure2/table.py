#!/usr/bin/env python3
"""The Figure 2-3 tables of ../README.md from a sweep folder's results.csv and run folders.

Usage: python3 table.py [FOLDER]   (default: this folder)
Per block and n, over the target realisations that completed: the mean loss over C_f at the end of the
P = n/5 phase (mean of its last quarter) and at the end of the quench (mean of its last quarter), n*l at
the end, and the quench's drift per realisation: the mean test loss over its last 5e4 steps against the
5e4 before them (the study's check that the last 1e5 steps show no downward drift), with the
difference's standard error from the rows' own scatter in brackets.
"""
import csv
import math
import os
import sys
from collections import defaultdict

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
rows = [r for r in csv.DictReader(open(os.path.join(folder, "results.csv"))) if r["status"] == "done"]
groups = defaultdict(list)
for row in rows:
    groups[(row["block"], int(row["n"]))].append(row)


def mean(values):
    return sum(values) / len(values)


def sem(values):
    m = mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1) / len(values)) if len(values) > 1 else math.nan


def phases(run):
    metrics = list(csv.DictReader(open(os.path.join(folder, run, "metrics.csv"))))
    split = defaultdict(list)
    for m in metrics[1:]:
        split[int(m["phase"])].append(m)
    return split


def tail_over_cf(rows_of_phase):
    rows_of_phase = rows_of_phase[len(rows_of_phase) * 3 // 4:]
    return mean([float(m["test_loss_over_cf"]) for m in rows_of_phase])


def drift(quench, window=50000):
    end = int(quench[-1]["step"])
    last = [float(m["test_loss"]) for m in quench if int(m["step"]) > end - window]
    before = [float(m["test_loss"]) for m in quench if end - 2 * window < int(m["step"]) <= end - window]
    if len(last) < 2 or len(before) < 2:
        return "n/a"
    change = mean(last) / mean(before) - 1
    se = math.hypot(sem(last), sem(before)) / mean(before)
    return f"{change * 100:+.1f} % ({se * 100:.1f})"


print("| block | n | runs | l/C_f end of P = n/5 | l/C_f end of quench | n l end | quench drift per realisation |")
print("|---|---|---|---|---|---|---|")
for (block, n), runs in sorted(groups.items()):
    split = [phases(r["run"]) for r in runs]
    before = mean([tail_over_cf(s[0]) for s in split])
    after = mean([tail_over_cf(s[1]) for s in split if 1 in s])
    n_l = n * mean([float(r["tail_test_loss"]) for r in runs])
    drifts = ", ".join(drift(s[1]) for s in split if 1 in s)
    print(f"| {block} | {n} | {len(runs)} | {before:.3g} | {after:.3g} | {n_l:.3g} | {drifts} |")
