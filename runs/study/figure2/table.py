#!/usr/bin/env python3
"""The Figure 2-3 tables of ../README.md from a sweep folder's results.csv and run folders.

Usage: python3 table.py [FOLDER]   (default: this folder)
Per block and n, over the target realisations that completed: the mean loss over C_f at the end of the
P = n/5 phase (mean of its last quarter), after the study's 2e5 quench steps (the last quarter of
those) and at the end of the quench (its last quarter), n*l at the end, and the quench's drift per
realisation after 2e5 steps and at its end: the mean test loss over the last W steps against the W
before them, W = 1e5 (the study's check that the last 1e5 steps show no downward drift) or a
quarter of the quench if that is shorter (5e4 for a quench of 2e5 steps, so that the drop at the
quench's start stays out), with the difference's standard error from the rows' own scatter in
brackets (rows 5000 steps apart are correlated, so it is a lower bound).
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


PUBLISHED = 200000  # the study's quench length, in steps


def tail_over_cf(rows_of_phase):
    rows_of_phase = rows_of_phase[len(rows_of_phase) * 3 // 4:]
    return mean([float(m["test_loss_over_cf"]) for m in rows_of_phase])


def upto(quench, start, length):
    """The quench's rows within its first `length` steps."""
    return [m for m in quench if int(m["step"]) <= start + length]


def drift(quench, start):
    end = int(quench[-1]["step"])
    window = min(100000, (end - start) // 4)
    last = [float(m["test_loss"]) for m in quench if int(m["step"]) > end - window]
    before = [float(m["test_loss"]) for m in quench if end - 2 * window < int(m["step"]) <= end - window]
    if len(last) < 2 or len(before) < 2:
        return "n/a"
    change = mean(last) / mean(before) - 1
    se = math.hypot(sem(last), sem(before)) / mean(before)
    return f"{change * 100:+.1f} % ({se * 100:.1f})"


print("| block | n | runs | l/C_f end of P = n/5 | l/C_f after 2e5 quench steps | l/C_f end of quench | n l end "
      "| drift at 2e5 steps | drift at the end |")
print("|---|---|---|---|---|---|---|---|---|")
for (block, n), runs in sorted(groups.items()):
    split = [phases(r["run"]) for r in runs]
    split = [s for s in split if 1 in s]
    starts = [int(s[0][-1]["step"]) for s in split]
    before = mean([tail_over_cf(s[0]) for s in split])
    published = mean([tail_over_cf(upto(s[1], t0, PUBLISHED)) for s, t0 in zip(split, starts)])
    after = mean([tail_over_cf(s[1]) for s in split])
    n_l = n * mean([float(r["tail_test_loss"]) for r in runs])
    early = ", ".join(drift(upto(s[1], t0, PUBLISHED), t0) for s, t0 in zip(split, starts))
    late = ", ".join(drift(s[1], t0) for s, t0 in zip(split, starts))
    print(f"| {block} | {n} | {len(runs)} | {before:.3g} | {published:.3g} | {after:.3g} | {n_l:.3g} | {early} | {late} |")
