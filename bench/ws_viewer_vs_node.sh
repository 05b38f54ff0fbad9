#!/usr/bin/env bash
# Viewer throughput: the frames/s ONE viewer session receives from a zero-work pusher (Node's `ws`
# server, bench/ws/zero_pusher.js: binary frames with the 16-byte '!IdI' header, pushed as fast as
# the socket drains), latbench `run --direction down` (which decodes each header and writes a
# sample line per frame) against Node's `ws` client (bench/ws/viewer_client.js, which reads each
# header). Target: latbench >= 1x the Node viewer.
#   bench/ws_viewer_vs_node.sh [seconds per run] [rounds] [payload bytes]   (default 5 s, 3 rounds, 2000 B)
# The viewers take turns within each round; medians over the rounds are compared; the load average
# before and after is printed (a busy 2-core machine makes the numbers noisy: say so).
# Installs Node's `ws` from npm into build/bench-node (bench/ws/package.json) when missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_PER_RUN=${1:-5}
ROUNDS=${2:-3}
BYTES=${3:-2000}
BIN=${LATBENCH:-build/release/latbench}
[ -x "$BIN" ] || { echo "ws_viewer_vs_node: build first (./dev build release)" >&2; exit 2; }
. bench/ws/node_env.sh
bench_node_env ws_viewer_vs_node

work=$(mktemp -d)
pusher_pid=""
cleanup() { [ -n "$pusher_pid" ] && kill "$pusher_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
node bench/ws/zero_pusher.js "$BYTES" >"$work/port" &
pusher_pid=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
url="ws://127.0.0.1:$(head -1 "$work/port")/push"

run_latbench() {
  local out="$work/lb-$RANDOM"
  "$BIN" run --url "$url" --direction down --frame-header '!IdI:frame_id,timestamp,length' \
    --duration "${SECONDS_PER_RUN}s" --out "$out" --json >"$out.json"
  /usr/bin/python3 - "$out.json" >>"$work/results" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))["run"]["viewer"]
print("latbench", v["fps"], v["missing"])
PY
}

run_node() {
  node bench/ws/viewer_client.js "$url" "$SECONDS_PER_RUN" >"$work/node.json"
  /usr/bin/python3 - "$work/node.json" >>"$work/results" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
print("node-ws", d["frames_per_s"], d["missing"])
PY
}

: >"$work/results"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)   ($(nproc) cores, ${SECONDS_PER_RUN}s runs, $ROUNDS rounds, ${BYTES}-byte frames)"
for _ in $(seq "$ROUNDS"); do
  run_latbench
  run_node
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

/usr/bin/python3 - "$work/results" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    client, rate, missing = line.split()
    runs.setdefault(client, []).append((float(rate), int(missing)))
print("\nclient     frames/s received by one viewer (median; per round)   ids missing (per round)")
for client in ("latbench", "node-ws"):
    rates = [r[0] for r in runs[client]]
    print(f"{client:<9}  {statistics.median(rates):>10.0f}  ({' '.join(f'{r:.0f}' for r in rates)})"
          f"   ({' '.join(str(r[1]) for r in runs[client])})")
ratio = statistics.median(r[0] for r in runs["latbench"]) / statistics.median(r[0] for r in runs["node-ws"])
print(f"\none viewer frames/s: latbench / node-ws = {ratio:.2f}x (target >= 1x)")
PY
