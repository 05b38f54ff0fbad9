#!/usr/bin/env bash
# Throughput of `latbench serve` vs nginx for the same workload, measured by wrk in one run:
# keep-alive POSTs of one VGA JPEG to /api/devices/file/image, 16 connections, a small JSON answer.
# latbench runs with 0 ms inference and no JPEG decode (--decode none), so both servers do the
# same work: read the body, answer. One I/O thread vs one nginx worker.
#   bench/server_vs_nginx.sh [JPEG] [DURATION_S]   (JPEG default: a 640x480 image we generate)
# Installs wrk and nginx with apt if missing (this script only; never the tests).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JPEG=${1:-}
DURATION=${2:-10}
CONNS=16
LATBENCH=${LATBENCH:-build/release/latbench}

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$LATBENCH" ] || { echo "build latbench first: ./dev build release" >&2; exit 2; }

tmp=$(mktemp -d)
cleanup() {
  [ -n "${lb_pid:-}" ] && kill "$lb_pid" 2>/dev/null || true
  [ -n "${ng_pid:-}" ] && kill "$ng_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "$JPEG" ]; then
  # A camera-like VGA frame; without ImageMagick, 40 KB of bytes (neither server decodes here).
  JPEG=$tmp/vga.jpg
  if command -v convert >/dev/null; then
    convert -size 640x480 plasma:fractal -quality 85 "$JPEG"
  else
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

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- latbench serve ---
lb_port=$(free_port)
"$LATBENCH" serve --port "$lb_port" --threads 1 --workers 0 --decode none --infer 0ms \
  --post-cost 0ms --no-access-log > "$tmp/latbench.log" &
lb_pid=$!
# --- nginx: one worker, accepts the same POST, answers the same kind of JSON ---
ng_port=$(free_port)
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
    listen 127.0.0.1:$ng_port;
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
ng_pid=$!
sleep 1

run_wrk() {  # name port
  local out
  out=$(wrk -t1 -c"$CONNS" -d"${DURATION}s" -s "$tmp/post.lua" "http://127.0.0.1:$2/api/devices/file/image")
  local rps non2xx
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
  echo "$1: ${rps} req/s${non2xx:+ ($non2xx non-2xx answers!)}" >&2
  echo "$rps"
}
echo "body: $(stat -c %s "$JPEG") bytes, $CONNS connections, ${DURATION}s each, load: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
lb_rps=$(run_wrk "latbench serve" "$lb_port")
ng_rps=$(run_wrk "nginx         " "$ng_port")
awk -v a="$lb_rps" -v b="$ng_rps" 'BEGIN { printf "ratio latbench/nginx: %.2f\n", a / b }'
