#!/usr/bin/env bash
# usage: jmh/device-bench.sh JAVA BEFORE.jar AFTER.jar [OUT.jsonl]
#
# Before/after throughput of the engine at the study's shapes, for a quiet many-core machine (the
# 16-core device; ../shared/ENGINEERING.md: carry a jlinked runtime and give its bin/java as JAVA).
# Prints one JSON line per run (and appends it to OUT when given):
#   {"label":"before|after","jar":..,"cpus":"0,1","load":..,"bench":{bench --json}}
# - relu, sigmoid, gaussian at (d = 25) n = 16384, P = 1024; n = 512, P = 102; n = 1024, P = 41943,
#   2 threads pinned to CPUs 0,1 (as on the 2-core dev machine);
# - relu at n = 16384, P = 1024 on 1, 2, 4, 8 and 16 threads, pinned to CPUs 0..T-1;
# - relu at n = 4096, P = 1024 on one thread, --kernel vector and --kernel scalar.
# Before and after alternate run by run, so drift hits both alike. 32 runs of about 6 s
# (--warmup 1.5 --seconds 2.5, the FMA peak, JVM start): about 3.5 minutes.
set -euo pipefail
if [ $# -lt 3 ]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
java=$1; before=$2; after=$3; out=${4:-/dev/null}
for f in "$java" "$before" "$after"; do
  [ -e "$f" ] || { echo "device-bench: no such file: $f" >&2; exit 2; }
done
flags=(--add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED
  --add-opens java.base/java.util.zip=ALL-UNNAMED -XX:+UseParallelGC)
times=(--warmup 1.5 --seconds 2.5)
cores=$(nproc)

# one CPUS ARGS...: both jars, one line each
one() {
  local cpus=$1; shift
  for label in before after; do
    local jar=$before
    [ "$label" = after ] && jar=$after
    local line
    line=$(taskset -c "$cpus" "$java" "${flags[@]}" -jar "$jar" bench "$@" "${times[@]}" --json 2>/dev/null) \
      || line='{"error":"bench failed"}'
    printf '{"label":"%s","jar":"%s","cpus":"%s","load":"%s","bench":%s}\n' "$label" "$jar" "$cpus" \
      "$(cut -d' ' -f1-3 /proc/loadavg)" "$line" | tee -a "$out"
  done
}

for shape in "16384 1024" "512 102" "1024 41943"; do
  set -- $shape
  for unit in relu sigmoid gaussian; do
    one 0,1 --unit "$unit" -d 25 -n "$1" -P "$2" --threads 2
  done
done
for threads in 1 2 4 8 16; do
  if [ "$threads" -gt "$cores" ]; then
    echo "device-bench: $threads threads skipped, this machine has $cores CPUs" >&2
    continue
  fi
  one "0-$((threads - 1))" --unit relu -d 25 -n 16384 -P 1024 --threads "$threads"
done
for kernel in vector scalar; do
  one 0 --unit relu -d 25 -n 4096 -P 1024 --threads 1 --kernel "$kernel"
done
