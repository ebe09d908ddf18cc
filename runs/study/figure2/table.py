#!/usr/bin/env python3
"""The Figure 2-3 tables of ../README.md from a sweep folder's results.csv and run folders.

Usage: python3 table.py [FOLDER]   (default: this folder)
Per block and n, over the target realisations that completed: the mean loss over C_f at the end of the
P = n/5 phase (mean of its last quarter), after the study's 2e5 quench steps and after 1e6 (the last
quarter of those; where the quench is longer) and at the end of the quench (its last quarter), n*l at
the end, and the quench's drift per realisation at those marks and at its end: the mean test loss over the last W steps against the W
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


# Quench lengths at which the tables also read the loss and the drift: the study's 2e5 steps, and 1e6,
# the first length run at d = 10 (whose quench was then extended to 2e6).
MARKS = (200000, 1000000)


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


def at_mark(split, starts, mark, measure):
    """measure(quench rows up to the mark, its start) per realisation, or None where the quench is shorter."""
    return [measure(upto(s[1], t0, mark), t0) if int(s[1][-1]["step"]) - t0 >= mark else None
            for s, t0 in zip(split, starts)]


def joined(values, form):
    return ", ".join(form(v) for v in values) if values and None not in values else "-"


def label(steps):
    return f"{steps / 10 ** (len(str(steps)) - 1):g}e{len(str(steps)) - 1}"


marks = " | ".join(f"l/C_f after {label(m)} quench steps" for m in MARKS)
drifts = " | ".join(f"drift at {label(m)} steps" for m in MARKS)
print(f"| block | n | runs | l/C_f end of P = n/5 | {marks} | l/C_f end of quench | n l end | {drifts} | drift at the end |")
print("|---|---|---|---|" + "---|" * len(MARKS) + "---|---|" + "---|" * len(MARKS) + "---|")
for (block, n), runs in sorted(groups.items()):
    split = [phases(r["run"]) for r in runs]
    split = [s for s in split if 1 in s]
    starts = [int(s[0][-1]["step"]) for s in split]
    before = mean([tail_over_cf(s[0]) for s in split])
    losses = []
    for mark in MARKS:
        values = at_mark(split, starts, mark, lambda rows, t0: tail_over_cf(rows))
        losses.append(f"{mean(values):.3g}" if None not in values else "-")
    after = mean([tail_over_cf(s[1]) for s in split])
    n_l = n * mean([float(r["tail_test_loss"]) for r in runs])
    mark_drifts = [joined(at_mark(split, starts, mark, drift), str) for mark in MARKS]
    late = ", ".join(drift(s[1], t0) for s, t0 in zip(split, starts))
    print(f"| {block} | {n} | {len(runs)} | {before:.3g} | {' | '.join(losses)} | {after:.3g} | {n_l:.4g} | "
          f"{' | '.join(mark_drifts)} | {late} |")
