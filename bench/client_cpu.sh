#!/usr/bin/env bash
# Client CPU per request: `perf stat -e task-clock` of whole `latbench run` processes (start-up and
# summary included, amortised over N requests) and the driver thread's own getrusage (the summary's
# run.cpu), divided by the requests. CPU time, unlike req/s, barely moves when other work loads
# the machine, so two builds can be compared on a busy one; the load average is still printed.
#   bench/client_cpu.sh [N] [CONNS] [ROUNDS] [BIN ...]   (default 100000 requests, 64 keep-alive
#                                                          connections, 3 rounds, build/release)
# Several binaries take turns within each round (A, B, A, B, ...); medians per binary at the end.
# The target is one `latbench serve` (0 ms inference, no decode, no access log), a 32x32 JPEG body.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-100000}
CONNS=${2:-64}
ROUNDS=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
BINS=("$@")
[ ${#BINS[@]} -gt 0 ] || BINS=(build/release/latbench)
SERVER=${LATBENCH_SERVER:-${BINS[0]}}
for b in "${BINS[@]}" "$SERVER"; do [ -x "$b" ] || { echo "client_cpu: $b is not built" >&2; exit 2; }; done
command -v perf >/dev/null || { echo "client_cpu: needs perf (Debian: linux-perf)" >&2; exit 2; }

work=$(mktemp -d)
server_pid=""
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$SERVER" serve --port "$port" --infer 0ms --decode none --post-cost 0ms --no-access-log >"$work/serve.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.1
done
url="http://127.0.0.1:$port/api/devices/file/image"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)   ($(nproc) cores, $N requests, $CONNS connections, $ROUNDS rounds)"
: >"$work/results"
for round in $(seq "$ROUNDS"); do
  for i in "${!BINS[@]}"; do
    perf stat -x, -e task-clock -o "$work/stat" "${BINS[$i]}" run --url "$url" --connection persistent \
      --devices "$CONNS" -n "$N" --image 32x32 --out "$work/run" --json >"$work/run.json"
    python3 - "$work/run.json" "$work/stat" "$N" "$i" "$(cut -d' ' -f1 /proc/loadavg)" >>"$work/results" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
task_ms = next(float(l.split(",")[0]) for l in open(sys.argv[2]) if "task-clock" in l)
n, cpu = int(sys.argv[3]), d["run"]["cpu"]
print(sys.argv[4], task_ms * 1000 / n, 1e6 * (cpu["user_s"] + cpu["system_s"]) / n, 1e6 * cpu["user_s"] / n,
      d["run"]["rate"]["achieved_per_s"], sys.argv[5])
PY
    rm -rf "$work/run"
  done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$work/results" "${BINS[@]}" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    i, task, driver, user, rate, load = line.split()
    runs.setdefault(int(i), []).append((float(task), float(driver), float(user), float(rate), float(load)))
print("\nbinary                                  process us/req (per round)        driver us/req  user   req/s")
for i, rs in sorted(runs.items()):
    med = [statistics.median(r[k] for r in rs) for k in range(4)]
    rounds = " ".join(f"{r[0]:.1f}" for r in rs)
    print(f"{sys.argv[2 + i]:38} {med[0]:6.1f} ({rounds:26}) {med[1]:8.1f} {med[2]:8.1f} {med[3]:7.0f}")
if len(runs) > 1:
    base = statistics.median(r[0] for r in runs[0])
    for i in sorted(runs)[1:]:
        print(f"{sys.argv[2 + i]} / {sys.argv[2]}: {statistics.median(r[0] for r in runs[i]) / base:.2f}")
PY
