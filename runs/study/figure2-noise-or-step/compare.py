#!/usr/bin/env python3
"""Noise or step: which of the two the late-step pilot halved took the n = 64 loss down.

Usage: python3 compare.py   (from anywhere; reads this folder's finished runs, the pilot and the reference)
Per target realisation, the mean l/C_f over windows of quench time tau = 2500 from 1e4 to 3e4 of four runs
that are the same run bit for bit up to tau = 1e4:
  ref    dt = 0.005,  P = (n/5)^2    (../figure2 block sigmoid-d10-quench-dt0.005-long)
  pilot  dt = 0.0025, P = (n/5)^2    (../figure2-late-step-pilot): half the step, half the noise dt/P
  step   dt = 0.0025, P = (n/5)^2/2  (here): half the step, the noise of ref
  noise  dt = 0.005,  P = 2(n/5)^2   (here): the step of ref, the noise of pilot
and the share of the pilot's gain over ref that each variant gets at tau = 2.75-3e4,
g = (ref - variant) / (ref - pilot), as ../README.md's forecast defines it; with end-sharpness.csv (here),
each variant's dt * lambda_max at tau = 3e4.
"""
import csv
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
study = os.path.dirname(here)
sys.path.insert(0, os.path.join(study, "figure2"))
from quench import LATE_FIRST as FIRST, LATE_LAST as LAST, LATE_WINDOW as WINDOW, mean, quench_windows  # noqa: E402

N = 64
FOLDERS = {
    "ref": os.path.join(study, "figure2", "sigmoid-d10-quench-dt0.005-long"),
    "pilot": os.path.join(study, "figure2-late-step-pilot", "sigmoid-d10-late-dt0.0025"),
    "step": os.path.join(here, "sigmoid-d10-step-dt0.0025-half-batch"),
    "noise": os.path.join(here, "sigmoid-d10-noise-dt0.005-double-batch"),
}


def sharpness():
    """{(variant, run): dt * lambda_max} from end-sharpness.csv, if it was made."""
    path = os.path.join(here, "end-sharpness.csv")
    if not os.path.exists(path):
        return {}
    out = {}
    for row in csv.DictReader(open(path)):
        block, run = row["run"].split("/")
        variant = next(v for v, f in FOLDERS.items() if os.path.basename(f) == block)
        out[(variant, run)] = float(row["dt_lambda_max"])
    return out


def main():
    edge = sharpness()
    shares = {"step": [], "noise": []}
    for seed in (1, 2, 3):
        run = f"n{N}-target_seed{seed}"
        done = {v: os.path.join(f, run) for v, f in FOLDERS.items()
                if os.path.exists(os.path.join(f, run, "summary.json"))}
        if "step" not in done and "noise" not in done:
            continue
        w = {v: quench_windows(folder, FIRST, LAST, WINDOW) for v, folder in done.items()}
        print(f"{run}: mean l/C_f per window of tau")
        print("| tau window | " + " | ".join(w) + " |")
        print("|---" * (len(w) + 1) + "|")
        for start in sorted(w["ref"]):
            cells = [f"{w[v][start]:.4g}" if start in w[v] else "-" for v in w]
            print(f"| {start:g}-{start + WINDOW:g} | " + " | ".join(cells) + " |")
        end = LAST - WINDOW
        for v in w:
            low = min(w[v].items(), key=lambda kv: kv[1])
            mark = f"; dt*lambda_max {edge[(v, run)]:.2f}" if (v, run) in edge else ""
            print(f"  {v}: lowest window {low[1]:.4g} at {low[0]:g}{mark}")
        if {"ref", "pilot"} <= w.keys():
            gain = w["ref"][end] - w["pilot"][end]
            for v in ("step", "noise"):
                if v in w:
                    g = (w["ref"][end] - w[v][end]) / gain
                    shares[v].append(g)
                    print(f"  g_{v} = {g:.2f} (window {end:g}-{LAST:g}: {w[v][end]:.4g}, "
                          f"ref {w['ref'][end]:.4g}, pilot {w['pilot'][end]:.4g})")
        print()
    for v, g in shares.items():
        if g:
            print(f"mean g_{v} over {len(g)} realisations: {mean(g):.2f}")


if __name__ == "__main__":
    main()
