# 0ac4e67 + 2026-11-28-emr-avx512-2core-jdk17-hintless-spin.patch, built to hack.jar; sweeps' training JVMs paused (SIGSTOP) for the run.
#!/usr/bin/env bash
# A/B at the d = 10 quench shape only: PAUSE spin (default) vs hintless spin, one jar
# (0ac4e67 + hintless-spin.patch, switched by -Dmf.nopause), order alternating by round, sweeps paused.
out=$1; rounds=${2:-4}
flags="--add-modules jdk.incubator.vector --add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/java.util.zip=ALL-UNNAMED -XX:+UseParallelGC"
kids=$(pgrep -f "org.meanfield.cli.Main train" | tr '\n' ' ')
kill -STOP $kids
for round in $(seq $rounds); do
  order="pause nopause"; [ $((round % 2)) = 0 ] && order="nopause pause"
  for v in $order; do
   o=""; [ $v = nopause ] && o="-Dmf.nopause=true"
   line=$(java $o $flags -jar /work/ab/hack.jar bench --unit sigmoid -d 10 -n 512 -P 10485 --threads 2 --warmup 15 --seconds 6 --json 2>/dev/null)
   echo "{\"variant\":\"$v\",\"round\":$round,\"load\":\"$(cut -d' ' -f1 /proc/loadavg)\",\"bench\":$line}" >> $out
  done
done
kill -CONT $kids
