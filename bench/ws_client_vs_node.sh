#!/usr/bin/env bash
# WebSocket client overhead: latbench vs Node's `ws` client against the same zero-work echo
# (Node's `ws` server) on loopback, binary frames of a small JPEG, closed loop per session.
#   1. one session: each client's per-frame RTT p50 (target: latbench <= 1.2x the Node client)
#   2. 64 sessions: each client's answered frames/s (target: latbench >= the Node client)
#   bench/ws_client_vs_node.sh [seconds per run] [rounds]      (default 5 s, 3 rounds)
# The clients take turns within each round and the medians over the rounds are compared; the
# load average before and after is printed (numbers from a busy machine are noisy: say so).
# Installs Node's `ws` from npm into build/bench-node (bench/ws/package.json) when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_PER_RUN=${1:-5}
ROUNDS=${2:-3}
BIN=${LATBENCH:-build/release/latbench}
[ -x "$BIN" ] || { echo "ws_client_vs_node: build first (./dev build release)" >&2; exit 2; }
. bench/ws/node_env.sh
bench_node_env ws_client_vs_node

work=$(mktemp -d)
echo_pid=""
cleanup() { [ -n "$echo_pid" ] && kill "$echo_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
node bench/ws/echo_server.js >"$work/port" &
echo_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
url="ws://127.0.0.1:$(head -1 "$work/port")/frames"

# Appends "client sessions p50_us frames_per_s" to results.
run_latbench() {
  local sessions=$1 out="$work/lb-$1-$RANDOM"
  "$BIN" run --url "$url" --devices "$sessions" --duration "${SECONDS_PER_RUN}s" --image 32x32 \
    --out "$out" --json >"$out.json"
  /usr/bin/python3 - "$out.json" "$sessions" "$work/jpeg_bytes" >>"$work/results" <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))["run"]["frames"]
open(sys.argv[3], "w").write(str(round(f["bytes"]["jpeg_mean"])))
print("latbench", sys.argv[2], f["rtt_ms"]["p50"] * 1000, f["answered_fps"])
PY
}

run_node() {
  local sessions=$1 bytes
  bytes=$(cat "$work/jpeg_bytes")  # the size of latbench's 32x32 JPEG: the same frames
  node bench/ws/peer_client.js "$url" "$sessions" "$SECONDS_PER_RUN" "$bytes" >"$work/node.json"
  /usr/bin/python3 - "$work/node.json" "$sessions" >>"$work/results" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("node-ws", sys.argv[2], d["p50_us"], d["frames_per_s"])
PY
}

: >"$work/results"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)   ($(nproc) cores, ${SECONDS_PER_RUN}s runs, $ROUNDS rounds)"
for _ in $(seq "$ROUNDS"); do
  run_latbench 1
  run_node 1
  run_latbench 64
  run_node 64
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$work/results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    client, sessions, p50, rate = line.split()
    runs.setdefault((client, int(sessions)), []).append((float(p50), float(rate)))
med = lambda key, i: statistics.median(r[i] for r in runs[key])
print("\nsessions  client     RTT p50 us (median; per round)             frames/s (median)")
for key in sorted(runs, key=lambda k: (k[1], k[0])):
    per_round = " ".join(f"{r[0]:.1f}" for r in runs[key])
    print(f"{key[1]:>8}  {key[0]:<9}  {med(key, 0):>9.1f}  ({per_round})  {med(key, 1):>12.0f}")
one = med(("latbench", 1), 0) / med(("node-ws", 1), 0)
many = med(("latbench", 64), 1) / med(("node-ws", 64), 1)
print(f"\n1 session RTT p50: latbench / node-ws = {one:.2f}x (target <= 1.2x)")
print(f"64 sessions frames/s: latbench / node-ws = {many:.2f}x (target >= 1x)")
PY
