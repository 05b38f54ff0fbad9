#!/usr/bin/env bash
# Throughput of `latbench serve` vs nginx vs FastAPI + uvicorn for the same workload, measured by
# wrk: keep-alive POSTs of one VGA JPEG to /api/devices/file/image, 16 connections, a small JSON
# answer. latbench runs with 0 ms inference and no JPEG decode (--decode none), so all three do the
# same work: read the body, answer. One I/O thread vs one nginx worker vs one uvicorn worker.
#   bench/server_vs_nginx.sh [SECONDS per run] [ROUNDS] [JPEG]   (default 5 s, 3 rounds, a
#                                                                 640x480 image we generate)
# The servers take turns within each round (latbench, nginx, uvicorn, latbench, ...) and the
# medians over the rounds are compared, so a burst of load from elsewhere hits each alike (a single
# pass gave 0.75 and 1.20 on the same machine minutes apart). The load average before and after is
# printed: numbers from a busy machine are noisy, say so.
# Installs wrk, nginx and python3-uvicorn/fastapi with apt if missing (this script only; never the
# tests); skips a peer it cannot get.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
DURATION=${1:-5}
ROUNDS=${2:-3}
JPEG=${3:-}
CONNS=16
LATBENCH=${LATBENCH:-build/release/latbench}
PY=/usr/bin/python3  # Debian's, where python3-uvicorn installs (a pyenv python3 may be first on PATH)

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
"$PY" -c 'import uvicorn, fastapi' 2>/dev/null || need+=(python3-uvicorn python3-fastapi)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "server_vs_nginx: installing ${need[*]}" >&2
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null 2>&1 ||
    echo "server_vs_nginx: could not install ${need[*]}; those columns will be missing" >&2
fi
command -v wrk >/dev/null || { echo "server_vs_nginx: needs wrk" >&2; exit 2; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$LATBENCH" ] || { echo "build latbench first: ./dev build release" >&2; exit 2; }

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "$JPEG" ]; then
  # A camera-like VGA frame; without ImageMagick, 40 KB of bytes (no server decodes here).
  JPEG=$tmp/vga.jpg
  if ! { command -v convert >/dev/null && convert -size 640x480 plasma:fractal -quality 85 "$JPEG" 2>/dev/null &&
         [ -s "$JPEG" ]; }; then
    head -c 40000 /dev/urandom > "$JPEG"
  fi
fi
cat > "$tmp/post.lua" <<LUA
wrk.method = "POST"
local f = io.open("$JPEG", "rb")
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "image/jpeg"
wrk.headers["X-Device-Id"] = "bench"
LUA

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

servers=()
declare -A ports
# --- latbench serve: one I/O thread, no model slots ---
ports[latbench]=$(free_port)
"$LATBENCH" serve --port "${ports[latbench]}" --threads 1 --workers 0 --decode none --infer 0ms \
  --post-cost 0ms --no-access-log > "$tmp/latbench.log" 2>&1 &
pids+=($!)
servers+=(latbench)
# --- nginx: one worker, accepts the same POST, answers the same kind of JSON ---
if [ -x "$NGINX" ]; then
  ports[nginx]=$(free_port)
  mkdir -p "$tmp/nginx/logs"
  user_line=""; [ "$(id -u)" -eq 0 ] && user_line="user root;"
  cat > "$tmp/nginx/nginx.conf" <<CONF
$user_line
worker_processes 1;
error_log $tmp/nginx/logs/error.log warn;
pid $tmp/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:${ports[nginx]};
    client_max_body_size 10m;
    client_body_buffer_size 1m;
    location = /api/devices/file/image {
      default_type application/json;
      return 200 '{"request_id":0,"status":"processed","commands":[]}';
    }
  }
}
CONF
  "$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -g 'daemon off;' &
  pids+=($!)
  servers+=(nginx)
fi
# --- FastAPI on uvicorn: one worker, the endpoint of bench/fastapi_upload.py ---
if "$PY" -c 'import uvicorn, fastapi' 2>/dev/null; then
  ports[uvicorn]=$(free_port)
  "$PY" -m uvicorn --app-dir bench fastapi_upload:app --host 127.0.0.1 --port "${ports[uvicorn]}" \
    --no-access-log --log-level warning > "$tmp/uvicorn.log" 2>&1 &
  pids+=($!)
  servers+=(uvicorn)
fi
for s in "${servers[@]}"; do
  wait_port "${ports[$s]}" || { echo "server_vs_nginx: $s did not start" >&2; cat "$tmp/$s.log" >&2 2>/dev/null; exit 2; }
done

# One wrk run against a server; appends "server req_per_s non_2xx" to the results.
run_wrk() {
  local out
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" -s "$tmp/post.lua" "http://127.0.0.1:${ports[$1]}/api/devices/file/image")
  local rps non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  echo "$1 ${rps:-0} ${non2xx:-0}" >> "$tmp/results"
}

: > "$tmp/results"
echo "body: $(stat -c %s "$JPEG") bytes, $CONNS connections, ${DURATION}s runs, $ROUNDS rounds, $(nproc) cores"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$ROUNDS"); do
  for s in "${servers[@]}"; do run_wrk "$s"; done
done
echo "load average after:  $(cut -d' ' -f1-3 /proc/loadavg)"

"$PY" - "$tmp/results" <<'PY'
import statistics, sys
runs, bad = {}, {}
for line in open(sys.argv[1]):
    name, rps, non2xx = line.split()
    runs.setdefault(name, []).append(float(rps))
    bad[name] = bad.get(name, 0) + int(non2xx)
print("\nserver     req/s (median)   per round")
for name, rs in runs.items():
    warn = f"   ({bad[name]} non-2xx answers!)" if bad[name] else ""
    print(f"{name:10} {statistics.median(rs):12.0f}   {' '.join(f'{r:.0f}' for r in rs)}{warn}")
lb = statistics.median(runs["latbench"])
for peer, goal in (("nginx", ">= 1.2"), ("uvicorn", ">= 10")):
    if peer in runs:
        print(f"ratio latbench/{peer}: {lb / statistics.median(runs[peer]):.2f} (goal {goal})")
PY
