#!/usr/bin/env python3
"""The batch-size guideline table of ../README.md from this sweep's results.csv and run folders.

Usage: python3 table.py [FOLDER]   (default: this folder)
Per block (alpha) and n: P, the mean settled loss over C_f (tail_test_loss_over_cf: the last quarter of
the run's time) over the target realisations, n*l, and each realisation's drift: the change of the mean
test loss from the third to the last quarter of the run (0 %: it has stopped falling).
"""
import csv
import json
import os
import sys
from collections import defaultdict

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
rows = [r for r in csv.DictReader(open(os.path.join(folder, "results.csv"))) if r["status"] == "done"]
groups = defaultdict(list)
for row in rows:
    groups[(row["block"], int(row["n"]))].append(row)


def drift(run):
    metrics = list(csv.DictReader(open(os.path.join(folder, run, "metrics.csv"))))
    end = float(metrics[-1]["t"])
    third = [float(m["test_loss"]) for m in metrics if 0.5 * end <= float(m["t"]) < 0.75 * end]
    last = [float(m["test_loss"]) for m in metrics if float(m["t"]) >= 0.75 * end]
    return sum(last) / len(last) / (sum(third) / len(third)) - 1


print("| block | n | P | l/C_f (mean of realisations) | n l | drift per realisation |")
print("|---|---|---|---|---|---|")
for (block, n), runs in sorted(groups.items()):
    batch = json.load(open(os.path.join(folder, runs[0]["run"], "config.json")))["schedule"][0]["batch"]
    over_cf = sum(float(r["tail_test_loss_over_cf"]) for r in runs) / len(runs)
    n_l = n * sum(float(r["tail_test_loss"]) for r in runs) / len(runs)
    drifts = ", ".join(f"{drift(r['run']) * 100:+.0f} %" for r in runs)
    print(f"| {block} | {n} | {batch} | {over_cf:.3g} | {n_l:.3g} | {drifts} |")
