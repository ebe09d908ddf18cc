"""The measures ../README.md reads off a quench, defined once for the scripts that print them.

tail_mean and drift work on plain lists and on numpy arrays: table.py applies them to metrics rows,
settling.py also to fitted curves. quench_windows reads a run folder, for the pilots' compare.py.
"""
import csv
import os

DRIFT_WINDOW_STEPS = 100000  # the study's check: the last 1e5 steps show no downward drift
# The late-quench pilots branch at quench time 1e4 and compare windows of 2500 up to 3e4.
LATE_FIRST, LATE_LAST, LATE_WINDOW = 10000.0, 30000.0, 2500.0


def mean(values):
    return sum(values) / len(values)


def tail_mean(values):
    """The settled value: the mean over the last quarter (of a phase, or of a quench up to a mark)."""
    return mean(values[len(values) * 3 // 4:])


def drift_window(quench_steps):
    """W in steps: 1e5, or a quarter of a shorter quench, so that the drop at its start stays out."""
    return min(DRIFT_WINDOW_STEPS, quench_steps // 4)


def drift_windows(xs, values, end, window):
    """The values over (end - window, end] and over the window before it; xs ascending, in the window's unit."""
    last = [v for x, v in zip(xs, values) if end - window < x <= end]
    before = [v for x, v in zip(xs, values) if end - 2 * window < x <= end - window]
    return last, before


def drift(last, before):
    """The drift as a fraction: the last window's mean against the one before."""
    return mean(last) / mean(before) - 1


def quench_windows(folder, first, last, width):
    """{window start: mean l/C_f over (start, start + width]} of the run in `folder`, in quench time tau
    (mean-field time since the end of phase 0, P = n/5), for windows from tau = `first` up to `last`."""
    rows = list(csv.DictReader(open(os.path.join(folder, "metrics.csv"))))
    quench_start = float([r for r in rows if r["phase"] == "0"][-1]["t"])
    taus = [(float(r["t"]) - quench_start, float(r["test_loss_over_cf"])) for r in rows if r["phase"] != "0"]
    out = {}
    start = first
    while start + width <= last + 1e-9:
        values = [v for tau, v in taus if start < tau <= start + width + 1e-9]
        if not values:
            break
        out[start] = mean(values)
        start += width
    return out
