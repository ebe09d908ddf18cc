#!/usr/bin/env bash
# usage: jmh/guard-child-ab.sh BEFORE.jar AFTER.jar COUNT [FIGURE]
# The throughput guard's child for one figure (default sigmoid.fraction: d = 25, n = 512, P = 128, one
# thread, fastest step over the same-process FMA peak) in COUNT fresh JVMs per jar, the jars
# alternating, each with HotSpot's compile log. Prints per JVM the figure and the size of the last
# C2 compile of VectorKernels.dotTileWide: about 3-5 KB when its vectors stay in registers, 44 KB when
# C2 compiled its stores as virtual calls on boxed vectors (the guard's failure at 0.08).
set -euo pipefail
before=$1 after=$2 count=$3 figure=${4:-sigmoid.fraction}
flags=(--add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED
  --add-opens java.base/java.util.zip=ALL-UNNAMED -XX:+UseParallelGC)
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for i in $(seq 1 "$count"); do
  for label in before after; do
    jar=$before
    [ "$label" = after ] && jar=$after
    value=$(java "${flags[@]}" -XX:+UnlockDiagnosticVMOptions -XX:+LogCompilation -XX:LogFile="$tmp/log.xml" \
      -cp "$jar" org.meanfield.run.BenchmarkGuard "$figure" 1 1.5 2>/dev/null | grep '^figure' | cut -d' ' -f3)
    size=$(grep -o "<nmethod [^>]*compiler='c2'[^>]*dotTileWide[^>]*>" "$tmp/log.xml" | grep -v osr \
      | grep -o " size='[0-9]*'" | tail -1 | grep -o '[0-9]*' || true)
    echo "$label jvm $i: $figure $value, dotTileWide C2 code ${size:-?} bytes, load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
