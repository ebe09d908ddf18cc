# 0ac4e67 + 2026-11-28-emr-avx512-2core-jdk17-hintless-spin.patch built into target/ (then reverted); sweeps' training JVMs paused (SIGSTOP) for the run.
#!/usr/bin/env bash
# A/B of ChunkPool idle strategies: PAUSE spin (default) vs hintless spin, same jar, alternating.
out=$1; rounds=${2:-3}
flags="--add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/java.util.zip=ALL-UNNAMED -XX:+UseParallelGC"
kids=$(pgrep -f "org.meanfield.cli.Main train" | tr '\n' ' ')
kill -STOP $kids
for round in $(seq $rounds); do
 for shape in "sigmoid 10 512 10485" "relu 25 16384 1024" "sigmoid 25 1024 1024"; do set -- $shape
  for v in pause nopause; do
   o=""; [ $v = nopause ] && o="-Dmf.nopause=true"
   line=$(java $o $flags -jar /work/main/target/meanfield-all.jar bench --unit $1 -d $2 -n $3 -P $4 --threads 2 --warmup 8 --seconds 4 --json 2>/dev/null)
   echo "{\"variant\":\"$v\",\"round\":$round,\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\",\"bench\":$line}" >> $out
  done
 done
done
kill -CONT $kids
