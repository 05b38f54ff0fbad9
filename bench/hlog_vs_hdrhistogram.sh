#!/usr/bin/env bash
# latbench's HdrHistogram interval logs checked by an implementation we did not write: Debian's
# libhdrhistogram-java (HdrHistogram 2.1.11, Gil Tene's reference library).
#   1. A loopback run with --export-hlog: HistogramLogProcessor (Java) reads the .hlog and agrees
#      with the run's samples and summary on count and percentiles within 3 significant digits
#      (bench/hlog/check_hlog.py says exactly what is compared).
#   2. The same .hlog read by Java's HistogramLogReader and added with Histogram.add prints the
#      same count/min/mean/stddev/max/percentiles as `latbench hlog show` (diffed line for line).
#   3. Two runs at once (two shards), their logs merged by `latbench hlog merge`: the same numbers as
#      Java adding both files, and HistogramLogProcessor reads the merged file (count = the sum).
#   4. A log written by Java's HistogramLogWriter (bench/hlog/HlogFixture.java over
#      tests/fixtures/hlog/values.txt): `latbench hlog show` prints what the Java library printed.
#   bench/hlog_vs_hdrhistogram.sh [DURATION_S]      (default 10 s per run)
#   bench/hlog_vs_hdrhistogram.sh --fixture         rewrite tests/fixtures/hlog/java_{written.hlog,numbers.txt}
# Installs libhdrhistogram-java and a JDK with apt if missing (this script only; never the tests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LATBENCH=${LATBENCH:-build/release/latbench}
PY=/usr/bin/python3
JAR=/usr/share/java/hdrhistogram.jar

need=()
[ -f "$JAR" ] || need+=(libhdrhistogram-java)
command -v javac >/dev/null || need+=(default-jdk-headless)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

tmp=$(mktemp -d)
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
javac -d "$tmp" -cp "$JAR" bench/hlog/HlogFixture.java bench/hlog/ReadOurs.java
java_cp="$JAR:$tmp"

if [ "${1:-}" = "--fixture" ]; then
  $PY tests/fixtures/hlog/make_values.py > tests/fixtures/hlog/values.txt
  java -cp "$java_cp" HlogFixture tests/fixtures/hlog/values.txt tests/fixtures/hlog/java_written.hlog \
    > tests/fixtures/hlog/java_numbers.txt
  echo "wrote tests/fixtures/hlog/{values.txt,java_written.hlog,java_numbers.txt}"
  exit 0
fi
DURATION=${1:-10}
[ -x "$LATBENCH" ] || { echo "build latbench first: ./dev build release" >&2; exit 2; }
fail=0

echo "== 1. latbench run --export-hlog, read by HistogramLogProcessor (loopback, ${DURATION}s)"
"$LATBENCH" run --devices 8 --rate 25/s --duration "${DURATION}s" --requests 0 --infer 'lognormal(20ms,8ms)' --workers 8 \
  --out "$tmp/run" --export-hlog "$tmp/run.hlog" > "$tmp/run.txt"
java -cp "$java_cp" org.HdrHistogram.HistogramLogProcessor -i "$tmp/run.hlog" -o "$tmp/processor" \
  -outputValueUnitRatio 1000 -csv
$PY bench/hlog/check_hlog.py "$tmp/run" "$tmp/processor" || fail=1

echo "== 2. the same .hlog: Java's HistogramLogReader + Histogram.add vs latbench hlog show"
"$LATBENCH" hlog show "$tmp/run.hlog" | sed -n 2,3p > "$tmp/ours.txt"
java -cp "$java_cp" ReadOurs "$tmp/run.hlog" > "$tmp/java.txt"
if diff "$tmp/java.txt" "$tmp/ours.txt"; then echo "ok    identical:"; sed 's/^/        /' "$tmp/ours.txt"; else fail=1; fi

echo "== 3. two shards at once, merged by latbench hlog merge"
half=$((DURATION / 2 > 0 ? DURATION / 2 : 1))
for i in 0 1; do
  "$LATBENCH" run --devices 4 --rate 25/s --duration "${half}s" --requests 0 --infer 'lognormal(20ms,8ms)' --workers 8 \
    --out "$tmp/shard$i" --export-hlog "$tmp/shard$i.hlog" > "$tmp/shard$i.txt" &
done
wait
"$LATBENCH" hlog merge "$tmp/shard0.hlog" "$tmp/shard1.hlog" --out "$tmp/merged.hlog" > "$tmp/merge.txt"
sed -n 1p "$tmp/merge.txt"; grep '^error bound' "$tmp/merge.txt"
sed -n 2,3p "$tmp/merge.txt" > "$tmp/ours_merged.txt"
java -cp "$java_cp" ReadOurs "$tmp/shard0.hlog" "$tmp/shard1.hlog" > "$tmp/java_merged.txt"
if diff "$tmp/java_merged.txt" "$tmp/ours_merged.txt"; then echo "ok    merged = Java's sum of both files:"; sed 's/^/        /' "$tmp/ours_merged.txt"; else fail=1; fi
java -cp "$java_cp" org.HdrHistogram.HistogramLogProcessor -i "$tmp/merged.hlog" -o "$tmp/merged_processor" \
  -outputValueUnitRatio 1000 -csv
shard_counts=$($PY -c "import json,sys; print(sum(next(s['count'] for s in json.load(open(f))['series'] if s['name']=='total') for f in sys.argv[1:]))" \
  "$tmp/shard0/summary.json" "$tmp/shard1/summary.json")
processor_count=$(tail -1 "$tmp/merged_processor" | cut -d, -f6)
if [ "$shard_counts" = "$processor_count" ]; then
  echo "ok    HistogramLogProcessor on the merged log: Total_Count $processor_count = the shards' summaries"
else
  echo "FAIL  HistogramLogProcessor on the merged log: Total_Count $processor_count, shards' summaries $shard_counts"; fail=1
fi

echo "== 4. a log written by Java's HistogramLogWriter, read by latbench hlog show"
java -cp "$java_cp" HlogFixture tests/fixtures/hlog/values.txt "$tmp/java_written.hlog" > "$tmp/java_numbers.txt"
"$LATBENCH" hlog show "$tmp/java_written.hlog" | sed -n 2,3p > "$tmp/ours_of_java.txt"
java -cp "$java_cp" ReadOurs "$tmp/java_written.hlog" > "$tmp/java_of_java.txt"
if diff "$tmp/java_of_java.txt" "$tmp/ours_of_java.txt"; then echo "ok    identical:"; sed 's/^/        /' "$tmp/ours_of_java.txt"; else fail=1; fi
if cmp -s "$tmp/java_written.hlog" tests/fixtures/hlog/java_written.hlog; then
  echo "ok    Java wrote the committed fixture byte for byte (tests/fixtures/hlog/java_written.hlog)"
else
  echo "note  Java's log differs from the committed fixture (another zlib?); the unit tests use the committed one"
fi

[ $fail -eq 0 ] && echo "PASS: HdrHistogram's Java library agrees with latbench's .hlog" || echo "FAILED"
exit $fail
