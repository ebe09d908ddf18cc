#!/usr/bin/env bash
# usage: jmh/quiet-bench.sh JAR LABEL OUT  -- bench every unit at the three shapes, 2 threads, JDK 17 and 25
jar=$1; label=$2; out=$3
flags="--add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/java.util.zip=ALL-UNNAMED -XX:+UseParallelGC"
for jdk in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
 for shape in "16384 1024" "512 102" "1024 41943"; do set -- $shape
  for unit in relu sigmoid gaussian; do
   line=$($jdk/bin/java $flags -jar $jar bench --unit $unit -d 25 -n $1 -P $2 --threads 2 --warmup 2 --seconds 4 --json 2>/dev/null)
   echo "{\"label\":\"$label\",\"jdk\":\"$(basename $jdk)\",\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\",\"bench\":$line}" >> $out
  done
 done
done
