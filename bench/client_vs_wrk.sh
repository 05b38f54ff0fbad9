#!/usr/bin/env bash
# Client overhead: latbench vs wrk vs hey against the same server on loopback, a small body.
#   1. one persistent connection: each tool's p50 latency (target: latbench <= 1.2x wrk, < hey)
#   2. 64 persistent connections: each tool's req/s (target: latbench >= 0.8x wrk), latbench and
#      wrk each on one thread and on two (latbench --threads 2 beside wrk -t2: the scaling figure)
#   bench/client_vs_wrk.sh [seconds per run] [rounds]      (default 5 s, 3 rounds)
# The tools take turns within each round (latbench, wrk, hey, latbench, ...) and the medians over
# the rounds are compared, so a burst of load from elsewhere hits every tool alike. The load
# average before and after is printed: numbers from a busy machine are noisy, say so.
# Uses `latbench serve` (one I/O thread) with 0 ms inference and no JPEG decode, so the server
# costs what an HTTP echo costs. Installs wrk / hey from Debian when missing (root or sudo);
# skips a tool it cannot get.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_PER_RUN=${1:-5}
ROUNDS=${2:-3}
BIN=${LATBENCH:-build/release/latbench}
[ -x "$BIN" ] || { echo "client_vs_wrk: build first (./dev build release)" >&2; exit 2; }

install_missing() {
  local missing=()
  for tool in wrk hey; do command -v "$tool" >/dev/null || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "client_vs_wrk: installing ${missing[*]}" >&2
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 ||
    echo "client_vs_wrk: could not install ${missing[*]}; those columns will be missing" >&2
}
install_missing

work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$BIN" serve --port "$port" --infer 0ms --decode none --post-cost 0ms --no-access-log >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
url="http://127.0.0.1:$port/api/devices/file/image"

# One run of a tool with `conns` connections; appends "tool conns p50_us req_per_s" to results.
run_latbench() {
  local conns=$1 threads=$2
  local out="$work/lb-$conns-$RANDOM"
  "$BIN" run --url "$url" --connection persistent --devices "$conns" --duration "${SECONDS_PER_RUN}s" \
    --threads "$threads" --image 32x32 --out "$out" --json >"$out.json"
  python3 - "$out.json" "$work/body.jpg" "$conns" "latbench-t$threads" >>"$work/results" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1]))
total = next(s for s in d["series"] if s["name"] == "total")
# wrk and hey send a body of the size of latbench's 32x32 JPEG (the server does not decode).
if not os.path.exists(sys.argv[2]):
    size = int(d["run"]["bytes"]["image_mean"])
    open(sys.argv[2], "wb").write(b"\xff\xd8" + b"\x00" * (size - 4) + b"\xff\xd9")
print(sys.argv[4], sys.argv[3], total["percentiles"]["p50"] * 1000, d["run"]["rate"]["achieved_per_s"])
PY
}

run_wrk() {
  local conns=$1 threads=$2
  cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/jpeg"
wrk.headers["X-Device-Id"] = "wrk-0"
local f = io.open("$work/body.jpg", "rb"); wrk.body = f:read("*a"); f:close()
LUA
  wrk -t"$threads" -c"$conns" -d"${SECONDS_PER_RUN}s" --latency -s "$work/post.lua" "$url" >"$work/wrk.txt"
  python3 - "$work/wrk.txt" "wrk-t$threads" "$conns" >>"$work/results" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", t, re.M)
scale = {"us": 1, "ms": 1000, "s": 1e6}[m.group(2)]
rate = re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)
print(sys.argv[2], sys.argv[3], float(m.group(1)) * scale, rate)
PY
}

run_hey() {
  local conns=$1
  hey -c "$conns" -z "${SECONDS_PER_RUN}s" -m POST -T image/jpeg -H "X-Device-Id: hey-0" \
    -D "$work/body.jpg" "$url" >"$work/hey.txt"
  python3 - "$work/hey.txt" "$conns" >>"$work/results" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"50%+ in ([\d.]+) secs", t)
rate = re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)
print("hey", sys.argv[2], float(m.group(1)) * 1e6, rate)
PY
}

have() { command -v "$1" >/dev/null; }
: >"$work/results"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)   ($(nproc) cores, ${SECONDS_PER_RUN}s runs, $ROUNDS rounds)"
for round in $(seq "$ROUNDS"); do
  run_latbench 1 1
  have wrk && run_wrk 1 1
  have hey && run_hey 1
  run_latbench 64 1
  have wrk && run_wrk 64 1
  run_latbench 64 2
  have wrk && run_wrk 64 2
  have hey && run_hey 64
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work/results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    tool, conns, p50, rate = line.split()
    runs.setdefault((tool, int(conns)), []).append((float(p50), float(rate)))
def med(key, i):
    return statistics.median(r[i] for r in runs[key]) if key in runs else None
print("\nconns  tool        p50_us (median, per round)          req/s (median)")
for (tool, conns) in sorted(runs, key=lambda k: (k[1], k[0])):
    rs = runs[(tool, conns)]
    rounds = " ".join(f"{p:.0f}" for p, _ in rs)
    print(f"{conns:5}  {tool:10} {med((tool, conns), 0):8.1f}  ({rounds:24}) {med((tool, conns), 1):10.0f}")
lb1, wrk1, hey1 = med(("latbench-t1", 1), 0), med(("wrk-t1", 1), 0), med(("hey", 1), 0)
if wrk1: print(f"\none connection, latbench/wrk p50: {lb1 / wrk1:.2f} (target <= 1.2)")
if hey1: print(f"one connection, latbench/hey p50: {lb1 / hey1:.2f} (target < 1.0)")
for t in ("t1", "t2"):
    lb, w = med(("latbench-" + t, 64), 1), med(("wrk-" + t, 64), 1)
    if lb and w: print(f"64 connections, latbench-{t}/wrk-{t} req/s: {lb / w:.2f} (target >= 0.8)")
lb_t1, lb_t2 = med(("latbench-t1", 64), 1), med(("latbench-t2", 64), 1)
if lb_t1 and lb_t2: print(f"64 connections, latbench --threads 2 / --threads 1 req/s: {lb_t2 / lb_t1:.2f}")
PY
exit 0
