#!/usr/bin/env bash
# usage: jmh/device-pack.sh BEFORE.jar AFTER.jar [OUT.tar.xz]
# Packs what jmh/device-bench.sh needs on the device (which has no JDK) into one file under the
# 64 MiB that a device call may carry beside the repository (about 32 MiB of tracked runs):
# a jlinked, stripped JDK (about 46 MiB, 19 MiB as xz) and the two builds as thin jars (their own
# classes, 0.5 MiB each) sharing one jar of the dependencies (8.6 MiB). On the device:
#   mkdir -p /tmp/p && tar xJf target/device/pack.tar.xz -C /tmp/p
#   bash jmh/device-bench.sh /tmp/p/jdk/bin/java /tmp/p/jars/before.jar /tmp/p/jars/after.jar $OUT/x.jsonl
# with carry ["target/device"].
set -euo pipefail
before=$(realpath "$1") after=$(realpath "$2") out=$(realpath -m "${3:-target/device/pack.tar.xz}")
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/pack/jars" "$tmp/deps"
(cd "$tmp/deps" && unzip -q "$after")
rm -rf "$tmp/deps/org/meanfield" "$tmp/deps/META-INF/MANIFEST.MF"
printf 'Manifest-Version: 1.0\nMulti-Release: true\n' > "$tmp/deps.mf"
jar --create --file "$tmp/pack/jars/deps.jar" --manifest "$tmp/deps.mf" -C "$tmp/deps" .
printf 'Manifest-Version: 1.0\nMain-Class: org.meanfield.cli.Main\nAdd-Opens: java.base/java.lang java.base/jdk.internal.misc java.base/java.util.zip\nMulti-Release: true\nClass-Path: deps.jar\n' > "$tmp/thin.mf"
for label in before after; do
  jar=$before
  [ "$label" = after ] && jar=$after
  mkdir -p "$tmp/$label"
  (cd "$tmp/$label" && unzip -q "$jar" 'org/meanfield/*')
  jar --create --file "$tmp/pack/jars/$label.jar" --manifest "$tmp/thin.mf" -C "$tmp/$label" .
done
jlink --add-modules java.base,jdk.incubator.vector,java.management,jdk.jfr,jdk.unsupported,java.logging,jdk.management \
  --strip-debug --no-header-files --no-man-pages --output "$tmp/pack/jdk" 2>/dev/null
strip --strip-unneeded "$tmp/pack/jdk/lib/server/libjvm.so"
mkdir -p "$(dirname "$out")"
tar cJf "$out" -C "$tmp/pack" .
ls -l "$out"
