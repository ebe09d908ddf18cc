#!/usr/bin/env python3
"""The Figure 2-3 tables of ../README.md from a sweep folder's results.csv and run folders.

Usage: python3 table.py [FOLDER]   (default: this folder)
Per block and n, over the target realisations that completed: the mean loss over C_f at the end of the
P = n/5 phase (mean of its last quarter), at quench times 2000 (the study's 2e5 quench steps at
dt = 0.01), 5000, 10^4 and 2x10^4 (the last quarter of the quench up to then; where the quench is that long) and at
the end of the quench (its last quarter), n*l at the end, and the quench's drift per realisation at
those marks and at its end: the mean test loss over the last W steps against the W before them,
W = 1e5 (the study's check that the last 1e5 steps show no downward drift) or a quarter of the quench
if that is shorter (5e4 for a quench of 2e5 steps, so that the drop at the quench's start stays out),
with the difference's standard error from the rows' own scatter in brackets (rows 5000 steps apart are
correlated, so it is a lower bound). The last column gives the end's drift as the mean over the
realisations with the standard error of that mean from their spread, which needs no assumption about
the rows' correlation. A second table gives the exponent of the mean loss against n at each mark: the
least-squares slope of log l against log n over the block's n, and the local slopes between
successive n.
"""
import csv
import math
import os
import sys
from collections import defaultdict

from quench import drift, drift_window, drift_windows, mean, tail_mean

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
rows = [r for r in csv.DictReader(open(os.path.join(folder, "results.csv"))) if r["status"] == "done"]
groups = defaultdict(list)
for row in rows:
    groups[(row["block"], int(row["n"]))].append(row)


def sem(values):
    m = mean(values)
    return math.sqrt(sum((v - m) ** 2 for v in values) / (len(values) - 1) / len(values)) if len(values) > 1 else math.nan


def phases(run):
    metrics = list(csv.DictReader(open(os.path.join(folder, run, "metrics.csv"))))
    split = defaultdict(list)
    for m in metrics[1:]:
        split[int(m["phase"])].append(m)
    return split


# Quench times (mean-field time t since the quench began) at which the tables also read the loss and
# the drift: 2000, the study's 2e5 quench steps at dt = 0.01, 5000 and 10^4, the d = 10 quench's length
# (1e6 steps at dt = 0.01, 2e6 at dt = 0.005), so that blocks of different dt compare at equal time and
# the exponents show whether they move while the losses still fall; 2x10^4, halfway along the extended
# quench of sigmoid-d10-quench-dt0.005-long (3x10^4), where settling.py's forecast is also checked.
MARKS = (2000.0, 5000.0, 10000.0, 20000.0)


def tail_over_cf(rows_of_phase):
    return tail_mean([float(m["test_loss_over_cf"]) for m in rows_of_phase])


def upto(quench, start, length):
    """The quench's rows within its first `length` of time; start = (step, t) where it began."""
    return [m for m in quench if float(m["t"]) <= start[1] + length + 1e-9]


def change(quench, start):
    """The end's drift as a fraction and its standard error from the rows' scatter, or None if too short."""
    end = int(quench[-1]["step"])
    last, before = drift_windows([int(m["step"]) for m in quench], [float(m["test_loss"]) for m in quench], end,
                                 drift_window(end - start[0]))
    if len(last) < 2 or len(before) < 2:
        return None
    return drift(last, before), math.hypot(sem(last), sem(before)) / mean(before)


def percent(se):
    """A standard error in percent: one decimal, or two where it is under 0.1 %."""
    return f"{se * 100:.1f}" if se >= 0.001 else f"{se * 100:.2f}"


def drift_text(quench, start):
    measured = change(quench, start)
    return "n/a" if measured is None else f"{measured[0] * 100:+.1f} % ({percent(measured[1])})"


def at_mark(split, starts, mark, measure):
    """measure(quench rows up to the mark, its start) per realisation, or None where the quench is shorter."""
    return [measure(upto(s[1], t0, mark), t0) if float(s[1][-1]["t"]) - t0[1] >= mark - 1e-9 else None
            for s, t0 in zip(split, starts)]


def joined(values, form):
    return ", ".join(form(v) for v in values) if values and None not in values else "-"


def slope(xs, ys):
    mx, my = mean(xs), mean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


marks = " | ".join(f"l/C_f at quench t = {m:g}" for m in MARKS)
drifts = " | ".join(f"drift at t = {m:g}" for m in MARKS)
print(f"| block | n | runs | l/C_f end of P = n/5 | {marks} | l/C_f end of quench | n l end | {drifts} | drift at the end | its mean (SE) |")
print("|---|---|---|---|" + "---|" * len(MARKS) + "---|---|" + "---|" * len(MARKS) + "---|---|")
curves = defaultdict(dict)  # (block, quench time or "end") -> {n: mean l/C_f}
for (block, n), runs in sorted(groups.items(), key=lambda g: (g[0][0], g[0][1])):
    split = [phases(r["run"]) for r in runs]
    split = [s for s in split if 1 in s]
    starts = [(int(s[0][-1]["step"]), float(s[0][-1]["t"])) for s in split]
    before = mean([tail_over_cf(s[0]) for s in split])
    losses = []
    for mark in MARKS:
        values = at_mark(split, starts, mark, lambda rows, t0: tail_over_cf(rows))
        losses.append(f"{mean(values):.3g}" if None not in values else "-")
        if None not in values:
            curves[(block, mark)][n] = mean(values)
    after = mean([tail_over_cf(s[1]) for s in split])
    curves[(block, "end")][n] = after
    n_l = n * mean([float(r["tail_test_loss"]) for r in runs])
    mark_drifts = [joined(at_mark(split, starts, mark, drift_text), str) for mark in MARKS]
    late = ", ".join(drift_text(s[1], t0) for s, t0 in zip(split, starts))
    ends = [c[0] for c in (change(s[1], t0) for s, t0 in zip(split, starts)) if c is not None]
    spread = f"{mean(ends) * 100:+.1f} % ({percent(sem(ends))})" if len(ends) > 1 else "-"
    print(f"| {block} | {n} | {len(runs)} | {before:.3g} | {' | '.join(losses)} | {after:.3g} | {n_l:.4g} | "
          f"{' | '.join(mark_drifts)} | {late} | {spread} |")

print()
print("| block | quench time | n | exponent of l | local exponents |")
print("|---|---|---|---|---|")
for (block, mark), curve in sorted(curves.items(), key=lambda c: (c[0][0], math.inf if c[0][1] == "end" else c[0][1])):
    ns = sorted(curve)
    if len(ns) < 2:
        continue
    logs = [(math.log(n), math.log(curve[n])) for n in ns]
    local = ", ".join(f"{slope(*zip(*pair)):.2f}" for pair in zip(logs, logs[1:]))
    when = "end" if mark == "end" else f"{mark:g}"
    print(f"| {block} | {when} | {ns[0]}-{ns[-1]} | {slope(*zip(*logs)):.2f} | {local} |")
