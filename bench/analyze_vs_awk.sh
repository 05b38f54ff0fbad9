#!/usr/bin/env bash
# latbench analyze against the tools users reach for instead, on the same generated logs:
#   mawk one-liner (streaming mean and SD), grep -F | awk | sort -n (median and p99), pandas.
# Reports MB/s, peak RSS (GNU time: the largest process of a pipeline) and ratios.
#   SIZE_MB=200 bench/analyze_vs_awk.sh            (default 1024 MB per format)
#   FORMATS="esp32 ultralytics" bench/analyze_vs_awk.sh
#   REPEAT=5 ...                                   (latbench rows: fastest of 5 runs, default 3)
# Needs a release build (./dev build release). Installs mawk and time with apt when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SIZE_MB=${SIZE_MB:-1024}
FORMATS=${FORMATS:-"esp32 uvicorn ultralytics nginx jsonl latbench"}
WORK=${WORK:-$(mktemp -d /tmp/latbench-bench.XXXXXX)}
LATBENCH=${LATBENCH:-build/release/latbench}
[ -x "$LATBENCH" ] || { echo "analyze_vs_awk: $LATBENCH missing: run ./dev build release" >&2; exit 2; }

need=()
command -v mawk >/dev/null || need+=(mawk)
[ -x /usr/bin/time ] || need+=(time)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi
have_pandas=0
python3 -c "import pandas" 2>/dev/null && have_pandas=1

# measure NAME FILE CMD...: runs CMD under GNU time (REPEAT times for latbench's rows, keeping the
# fastest: the machine is shared and loaded), prints one result row with the load average.
measure() {
  local name=$1 file=$2; shift 2
  local bytes; bytes=$(stat -c %s "$file")
  local runs=1; case $name in latbench*) runs=${REPEAT:-3} ;; esac
  local secs="" rss=""
  for _ in $(seq "$runs"); do
    local out; out=$( { /usr/bin/time -f "__TIME__ %e %M" "$@" > "$WORK/out.txt"; } 2>&1 | grep __TIME__ || true)
    local s r; s=$(echo "$out" | awk '{print $2}'); r=$(echo "$out" | awk '{print $3}')
    if [ -z "$secs" ] || awk -v a="$s" -v b="$secs" 'BEGIN { exit !(a < b) }'; then secs=$s; rss=$r; fi
  done
  local mbs; mbs=$(awk -v b="$bytes" -v s="$secs" 'BEGIN { printf "%.0f", (s > 0 ? b / 1048576 / s : 0) }')
  printf "%-12s %-38s %8s s %8s MB/s %8.1f MB RSS  load %s  %s\n" "$FMT" "$name" "$secs" "$mbs" \
    "$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$(cut -d' ' -f1 /proc/loadavg)" "$(head -c 70 "$WORK/out.txt" | tr '\n' ' ')"
  echo "$FMT|$name|$secs|$rss" >> "$WORK/results.txt"
}

# Per format: the grep key, the awk expression of the value on a matching line, and the pattern.
awk_value() {
  case $1 in
    esp32) echo '/Total Time/ { v = $(NF-1)' ;;
    ultralytics) echo '/^Speed: / { v = $4 + 0' ;;  # inference ms ("37.5ms" + 0)
    nginx) echo '/ rt=/ { v = substr($(NF-3), 4) * 1000' ;;
    jsonl) echo '/total_ms/ { split($0, a, "\"total_ms\":"); v = a[2] + 0' ;;
    latbench) echo '/total_ms/ { split($0, a, "\"total_ms\": "); v = a[2] + 0' ;;
  esac
}
grep_key() {
  case $1 in esp32) echo "Total Time" ;; ultralytics) echo "Speed: " ;; nginx) echo " rt=" ;; jsonl|latbench) echo "total_ms" ;; esac
}

: > "$WORK/results.txt"
echo "# $(date -u +%FT%TZ) $(nproc) cores, SIZE_MB=$SIZE_MB, load average $(cut -d' ' -f1-3 /proc/loadavg); latbench rows: fastest of REPEAT=${REPEAT:-3}; other builds on this machine make numbers noisy"
for FMT in $FORMATS; do
  file="$WORK/$FMT.log"
  [ -f "$file" ] || python3 bench/gen_log.py "$FMT" "$SIZE_MB" "$file"
  cat "$file" > /dev/null  # warm the page cache so every tool reads from memory
  measure "latbench analyze" "$file" "$LATBENCH" analyze "$file" --format "$FMT"
  measure "latbench analyze --streaming" "$file" "$LATBENCH" analyze "$file" --format "$FMT" --streaming
  # One core: analyze pinned to CPU 0, where it runs one thread (it counts the CPUs it may use).
  command -v taskset >/dev/null && measure "latbench analyze, 1 core (taskset)" "$file" taskset -c 0 "$LATBENCH" analyze "$file" --format "$FMT"
  measure "grep -F -c (scan limit)" "$file" grep -F -c "$(grep_key "$FMT" 2>/dev/null || echo INFO)" "$file"
  if [ "$FMT" = uvicorn ]; then
    # No timing in uvicorn lines: the question is counts by status.
    measure "mawk count by status" "$file" mawk -F'" ' '/^INFO: .* - "/ { split($2, a, " "); c[a[1]]++ } END { for (s in c) print s, c[s] }' "$file"
    if [ $have_pandas = 1 ]; then
      measure "pandas value_counts" "$file" python3 -c "import pandas as pd,sys; s=pd.read_csv(sys.argv[1],sep='\" ',header=None,engine='python',usecols=[1])[1].str.split(' ').str[0]; print(s.value_counts().to_dict())" "$file"
    fi
    continue
  fi
  value=$(awk_value "$FMT")
  measure "mawk mean+SD" "$file" mawk "$value; n++; s += v; ss += v*v } END { m = s/n; print n, m, sqrt((ss - n*m*m)/(n-1)) }" "$file"
  measure "grep+awk+sort -n median+p99" "$file" bash -c "grep -F '$(grep_key "$FMT")' '$file' | mawk '$value; print v }' | sort -n -S 50% | mawk '{ a[NR] = \$1 } END { print a[int((NR+1)/2)], a[int(NR*0.99)] }'"
  if [ $have_pandas = 1 ]; then
    measure "pandas on the grepped column" "$file" bash -c "grep -F '$(grep_key "$FMT")' '$file' | mawk '$value; print v }' | python3 -c 'import pandas as pd,sys; s=pd.read_csv(sys.stdin,header=None)[0]; print(s.mean(), s.std(), s.median(), s.quantile(0.99))'"
  fi
done

echo
echo "# ratios: seconds of each tool / seconds of latbench analyze (same format, same file)"
awk -F'|' '
  $2 == "latbench analyze" { base[$1] = $3 }
  { rows[NR] = $0 }
  END { for (i = 1; i <= NR; i++) { split(rows[i], f, "|"); if (f[2] != "latbench analyze" && base[f[1]] > 0)
          printf "%-12s %-34s %6.2fx\n", f[1], f[2], f[3] / base[f[1]] } }' "$WORK/results.txt"
echo "# logs kept in $WORK (delete when done)"
