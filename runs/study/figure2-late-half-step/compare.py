#!/usr/bin/env python3
"""The late quench at half step and half batch against the quench at dt = 0.005, and the forecast's checks.

Usage: python3 compare.py   (from anywhere; reads this folder's finished runs and ../figure2's)
Per n and target realisation, the mean l/C_f over quench time tau = 2.75-3e4 of
  ref   dt = 0.005 from tau = 1e4 on, P = (n/5)^2     (../figure2 block sigmoid-d10-quench-dt0.005-long)
  half  dt = 0.0025 from tau = 1e4 on, P = (n/5)^2/2  (here)
(the same run bit for bit up to tau = 1e4), the gain (ref - half)/ref, and the paired local exponents
log2(l(2n)/l(n)) of each; with end-sharpness.csv (here), dt * lambda_max at tau = 3e4. Then the check that
the branched n = 64 runs equal ../figure2-noise-or-step's 'step' runs, run from step 0, in every row.
"""
import csv
import math
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
study = os.path.dirname(here)
sys.path.insert(0, os.path.join(study, "figure2"))
from quench import LATE_FIRST, LATE_LAST, LATE_WINDOW, mean, quench_windows  # noqa: E402

NS = (32, 64, 128, 256)
SEEDS = (1, 2, 3)
REF = os.path.join(study, "figure2", "sigmoid-d10-quench-dt0.005-long")
HALF = os.path.join(here, "sigmoid-d10-late-half-step")
FROM_START = os.path.join(study, "figure2-noise-or-step", "sigmoid-d10-step-dt0.0025-half-batch")
END = LATE_LAST - LATE_WINDOW  # the window tau = 2.75-3e4


def end_window(folder):
    """The mean l/C_f over tau = 2.75-3e4 of a finished run, or None."""
    if not os.path.exists(os.path.join(folder, "summary.json")):
        return None
    return quench_windows(folder, LATE_FIRST, LATE_LAST, LATE_WINDOW).get(END)


def sharpness():
    """{run: dt * lambda_max} from end-sharpness.csv, if it was made."""
    path = os.path.join(here, "end-sharpness.csv")
    if not os.path.exists(path):
        return {}
    return {row["run"].split("/")[-1]: float(row["dt_lambda_max"]) for row in csv.DictReader(open(path))}


def rows_without_wall_time(folder):
    with open(os.path.join(folder, "metrics.csv")) as f:
        table = list(csv.reader(f))
    wall = table[0].index("wall_s")
    return [row[:wall] + row[wall + 1:] for row in table]


def main():
    edge = sharpness()
    loss = {}
    print("| n | realisation | ref (dt = 0.005) | half (dt = 0.0025, P/2) | gain | dt*lambda_max (half) |")
    print("|---|---|---|---|---|---|")
    for n in NS:
        for seed in SEEDS:
            run = f"n{n}-target_seed{seed}"
            ref, half = end_window(os.path.join(REF, run)), end_window(os.path.join(HALF, run))
            if half is None:
                continue
            loss[("ref", n, seed)], loss[("half", n, seed)] = ref, half
            mark = f"{edge[run]:.2f}" if run in edge else "-"
            print(f"| {n} | {seed} | {ref:.4g} | {half:.4g} | {100 * (ref - half) / ref:.1f} % | {mark} |")
    print()
    for n in NS:
        gains = [(loss[("ref", n, s)] - loss[("half", n, s)]) / loss[("ref", n, s)]
                 for s in SEEDS if ("half", n, s) in loss]
        if gains:
            print(f"n = {n}: mean gain {100 * mean(gains):.1f} % over {len(gains)} realisations")
    for small, large in zip(NS, NS[1:]):
        for variant in ("ref", "half"):
            paired = [math.log2(loss[(variant, large, s)] / loss[(variant, small, s)])
                      for s in SEEDS if (variant, small, s) in loss and (variant, large, s) in loss
                      and ("half", small, s) in loss and ("half", large, s) in loss]
            if paired:
                cells = ", ".join(f"{e:.2f}" for e in paired)
                print(f"local exponent {small} -> {large}, {variant}: {cells} (mean {mean(paired):.2f})")
    print()
    for seed in SEEDS:
        run = f"n64-target_seed{seed}"
        branched, whole = os.path.join(HALF, run), os.path.join(FROM_START, run)
        if os.path.exists(os.path.join(branched, "summary.json")) and os.path.exists(os.path.join(whole, "summary.json")):
            a, b = rows_without_wall_time(branched), rows_without_wall_time(whole)
            same = sum(x == y for x, y in zip(a, b))
            print(f"{run}: branched at tau = 1e4 against run from step 0: {same} of {len(b)} rows equal"
                  + ("" if len(a) == len(b) else f" (the branch has {len(a)} rows)"))


if __name__ == "__main__":
    main()
