#!/bin/bash
# End-to-end A/B of ChunkPool implementations with `meanfield bench` (which cannot switch pools):
# builds three copies of the engine jar from a commit, each with a different
# src/main/java/org/meanfield/engine/ChunkPool.java, in a scratch folder (the checkout is not touched):
#   agrona   - the commit's own ChunkPool (Agrona BackoffIdleStrategy waits)
#   old      - ChunkPool-old.java: the pool of f9546dd (spin 20000, then park) plus ComputeThreads registration
#   forkjoin - ChunkPool-forkjoin.java: helpers from a ForkJoinPool via execute() of re-executed ForkJoinTasks
# Usage: jmh/pool-ab/build-variants.sh [commit] [scratch]   (defaults: HEAD, /tmp/pool-e2e)
# Then: java --add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
#   --add-opens java.base/java.util.zip=ALL-UNNAMED -XX:+UseParallelGC -jar SCRATCH/meanfield-VARIANT.jar \
#   bench -d 10 -n 512 -P 64 --threads 2 --json       (n >= 512: at n = 256 there is one chunk, no pool)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"; repo="$(cd "$here/../.." && pwd)"
commit="${1:-HEAD}"; out="${2:-/tmp/pool-e2e}"
rm -rf "$out/src-tree" && mkdir -p "$out/src-tree"
git -C "$repo" archive "$commit" | tar -x -C "$out/src-tree"
F=src/main/java/org/meanfield/engine/ChunkPool.java
cp "$out/src-tree/$F" "$out/ChunkPool-agrona.java"
for v in agrona old forkjoin; do
  cp "$( [ $v = agrona ] && echo "$out/ChunkPool-agrona.java" || echo "$here/ChunkPool-$v.java")" "$out/src-tree/$F"
  (cd "$out/src-tree" && mvn -q -B package -DskipTests -Dbuild.dir="$out/build-$v")
  cp "$out/build-$v/meanfield-all.jar" "$out/meanfield-$v.jar"
  echo "built $out/meanfield-$v.jar"
done
