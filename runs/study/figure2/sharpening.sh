#!/usr/bin/env bash
# Tracks a run's sharpness while its quench goes on: copies the finished run RUN into OUT/run (RUN itself is
# not touched), lengthens the copy's last phase EVERY steps at a time up to step TO, and after each piece
# exports its checkpoint (to a temporary folder) and appends sharpness.py's row (lambda_max against 2/dt)
# to OUT/sharpness.csv.
# The copy's metrics.csv has every row of the loss in between. Stopped, it resumes from OUT's last row.
#   usage: runs/study/figure2/sharpening.sh RUN OUT TO EVERY [POINTS]   (POINTS: sharpness.py --points)
set -euo pipefail
[ $# -ge 4 ] || { echo "usage: $0 RUN OUT TO EVERY [POINTS]" >&2; exit 2; }
run=$1 out=$2 to=$3 every=$4 points=${5:-40000}
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
meanfield="$here/../../../meanfield"
mkdir -p "$out"
if [ ! -d "$out/run" ]; then
  [ -f "$run/summary.json" ] || { echo "$0: $run has not finished (no summary.json)" >&2; exit 1; }
  cp -r "$run" "$out/run"
fi
measure() {  # appends the copy's current sharpness row
  export=$(mktemp -d)
  "$meanfield" export -o "$export" "$out/run" > /dev/null
  row=$(python3 "$here/sharpness.py" --points "$points" "$export" | tail -1)
  rm -rf "$export"
  echo "${row#*,}" | tee -a "$out/sharpness.csv"
}
[ -f "$out/sharpness.csv" ] || echo "step,t,dt,loss_over_cf,lambda_max,dt_lambda_max" > "$out/sharpness.csv"
step=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['steps'])" "$out/run/config.json")
# the copy as it starts, or as a stop between a piece and its row left it
[ "$(tail -1 "$out/sharpness.csv" | cut -d, -f1)" = "$step" ] || measure
while [ "$step" -lt "$to" ]; do
  step=$((step + every < to ? step + every : to))
  "$meanfield" train --resume "$out/run" --steps "$step" --threads 1 -q > /dev/null
  measure
done
