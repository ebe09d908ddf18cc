#!/usr/bin/env python3
"""The late step's pilot against the dt = 0.005 quench it branches from, window by window of quench time.

Usage: python3 compare.py   (from anywhere; reads this folder's finished runs and their references)
Each finished run here (quench at dt = 0.005 to quench time tau = 1e4, then dt = 0.0025) is set beside the
same n and target realisation quenched at dt = 0.005 throughout: ../figure2-sharpening's track where there is
one (it goes past tau = 3e4), else ../figure2's block sigmoid-d10-quench-dt0.005-long. Both are the same run
bit for bit up to tau = 1e4. Per run: the mean l/C_f over windows of tau = 2500 from 1e4 to 3e4, the lowest
window of each, and the forecast's checks (i) and (ii) of ../README.md.
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
study = os.path.dirname(here)
sys.path.insert(0, os.path.join(study, "figure2"))
from quench import LATE_FIRST as FIRST, LATE_LAST as LAST, LATE_WINDOW as WINDOW, quench_windows  # noqa: E402


def reference(run):
    track = os.path.join(study, "figure2-sharpening", run, "run")
    if os.path.isdir(track):
        return track
    return os.path.join(study, "figure2", "sigmoid-d10-quench-dt0.005-long", run)


def windows(folder, last):
    """{window start tau: mean l/C_f} over (start, start + WINDOW], from tau = 1e4 up to `last`."""
    return quench_windows(folder, FIRST, last, WINDOW)


def main():
    for block in sorted(os.listdir(here)):
        for run in sorted(os.listdir(os.path.join(here, block)) if os.path.isdir(os.path.join(here, block)) else []):
            folder = os.path.join(here, block, run)
            if not os.path.exists(os.path.join(folder, "summary.json")):
                continue
            ref = reference(run)
            late, base = windows(folder, LAST), windows(ref, float("inf"))
            print(f"{block}/{run} against {os.path.relpath(ref, study)}")
            print("| tau window | dt = 0.0025 | dt = 0.005 |")
            print("|---|---|---|")
            for start in sorted(base):
                mark = f"{late[start]:.4g}" if start in late else "-"
                print(f"| {start:g}-{start + WINDOW:g} | {mark} | {base[start]:.4g} |")
            low_late = min(late.items(), key=lambda w: w[1])
            low_base = min(base.items(), key=lambda w: w[1])
            end = LAST - WINDOW
            print(f"lowest window: {low_late[1]:.4g} at {low_late[0]:g} against {low_base[1]:.4g} at {low_base[0]:g}: "
                  f"(i) {'holds' if low_late[1] < low_base[1] else 'fails'}; window {end:g}-{LAST:g}: "
                  f"{late[end]:.4g} against {base[end]:.4g}: (ii) {'holds' if late[end] < base[end] else 'fails'}")
            print()


if __name__ == "__main__":
    main()
