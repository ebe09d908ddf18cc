#!/usr/bin/env bash
# usage: jmh/ab-bench.sh JAR_A JAR_B ROUNDS OUT [THREADS]
# A/B of two builds on this noisy VM: the jars alternate within each round (A then B), so a slow
# spell of the machine hits both; one JSON line per run into OUT (JDK 17), at the study's shapes.
a=$1; b=$2; rounds=$3; out=$4; threads=${5:-2}
flags="--add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/java.util.zip=ALL-UNNAMED -XX:+UseParallelGC"
for round in $(seq "$rounds"); do
 for shape in "relu 16384 1024" "sigmoid 16384 1024" "sigmoid 512 102" "sigmoid 1024 41943"; do set -- $shape
  for jar in "$a" "$b"; do
   line=$(java $flags -jar "$jar" bench --unit $1 -d 25 -n $2 -P $3 --threads "$threads" --warmup 2 --seconds 3 --json 2>/dev/null)
   echo "{\"jar\":\"$(basename "$jar")\",\"round\":$round,\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\",\"bench\":$line}" >> "$out"
  done
 done
done
