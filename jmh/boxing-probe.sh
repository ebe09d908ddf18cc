#!/usr/bin/env bash
# boxing-probe.sh JAR UNIT N P COUNT: COUNT fresh JVMs of `bench` (d = 25, one thread), each with
# HotSpot's compile log; prints per JVM the bytes allocated per warm step and the delayed Vector
# API inlines in the engine's C2 compiles (jmh/late_inlines.py). Boxing depends on compile order,
# so it shows in some JVMs only: run several.
set -euo pipefail
jar=$1 unit=$2 n=$3 p=$4 count=$5
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for i in $(seq 1 "$count"); do
  java --add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
    --add-opens java.base/java.util.zip=ALL-UNNAMED -XX:+UseParallelGC \
    -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile="$tmp/log.xml" \
    -jar "$jar" bench --unit "$unit" -d 25 -n "$n" -P "$p" --threads 1 --warmup 4 --seconds 3 --json \
    2>/dev/null >"$tmp/bench.json"
  alloc=$(grep -o '"alloc_bytes_per_step":[^,]*' "$tmp/bench.json" | cut -d: -f2)
  step=$(grep -o '"step_ms_mean":[^,]*' "$tmp/bench.json" | cut -d: -f2)
  late=$(python3 "$here/late_inlines.py" "$tmp/log.xml" | tr '\n' ';')
  echo "$unit n=$n P=$p jvm $i: $alloc bytes/step, $step ms/step, late inlines: [${late}]"
done
