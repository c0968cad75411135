#!/bin/bash
# Usage: benchmarks/node-validate/compare.sh PEER_DIR [N=10000] [ROUNDS=3]
# Run from the project root after `mvn -B -ntp -q package -DskipTests` (cli and benchmarks jars).
# PEER_DIR: a copy of ../shared/backstage-peer with `npm ci` done.
# Writes N one-entity files to /tmp/entity-files-N, then times, alternating, ROUNDS times each:
#   greenroom validate (default threads, and --threads 1) and the peer's node validate.mjs on the
#   same files (end to end, process start included); then both validators in process (warm).
# Each timing prints wall seconds, CPU seconds (user+sys) and peak RSS.
set -euo pipefail
PEER=${1:?usage: compare.sh PEER_DIR [N] [ROUNDS]}
N=${2:-10000}
ROUNDS=${3:-3}
DIR=/tmp/entity-files-$N
JAR=cli/target/greenroom.jar
BENCH=benchmarks/target/benchmarks.jar
rm -rf "$DIR"
java -cp "$BENCH" dev.greenroom.benchmarks.validate.EntityFiles "$N" "$DIR"
find "$DIR" -name '*.yaml' | sort > "$DIR.list"
t() { /usr/bin/time -f "$1: %e s wall, %U+%S s cpu, %M KB" "${@:2}" > /dev/null 2> "$DIR.err" || true; tail -1 "$DIR.err"; }
echo "cpus: $(nproc), java: $(java -version 2>&1 | head -1), node: $(node --version)"
for i in $(seq "$ROUNDS"); do
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  t "greenroom validate (default threads)" java -jar "$JAR" validate --format json "$DIR"
  t "greenroom validate --threads 1" java -jar "$JAR" validate --threads 1 --format json "$DIR"
  t "greenroom validate, C1 only + serial GC" env JDK_JAVA_OPTIONS="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC" java -jar "$JAR" validate --format json "$DIR"
  t "node validate.mjs (Backstage)" node "$PEER/validate.mjs" $(cat "$DIR.list")
done
echo "in process, Java, 1 thread:"
java -cp "$BENCH" dev.greenroom.benchmarks.validate.ValidateFilesBenchmark "$DIR" 5 1 | tail -1
echo "in process, Java, $(nproc) threads:"
java -cp "$BENCH" dev.greenroom.benchmarks.validate.ValidateFilesBenchmark "$DIR" 5 "$(nproc)" | tail -1
echo "in process, Node (Backstage's validators):"
node benchmarks/node-validate/validate-files.mjs "$PEER" "$DIR" 5 | tail -1
