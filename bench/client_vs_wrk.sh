#!/usr/bin/env bash
# Client overhead: latbench vs wrk vs hey against the same server on loopback, one persistent
# connection, a small body, measured back to back. Prints each tool's p50 and the ratios.
#   bench/client_vs_wrk.sh [seconds]        (default 10 s per tool)
# Uses `latbench serve` with 0 ms inference and no JPEG decode, so the server costs what an HTTP
# echo costs. Installs wrk / hey from Debian when missing (root or sudo); skips a tool it cannot get.
# Numbers on a shared or busy machine are noisy: run it on a quiet one and say where you ran it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_PER_TOOL=${1:-10}
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

echo "tool      p50_us    req/s   (one connection, ${SECONDS_PER_TOOL}s, loopback)"
"$BIN" run --url "$url" --connection persistent --duration "${SECONDS_PER_TOOL}s" --image 32x32 \
  --out "$work/latbench" --json >"$work/latbench.json"
# wrk and hey send a body of the same size as latbench's 32x32 JPEG (the server does not decode).
read -r lb_p50 lb_rate < <(python3 - "$work/latbench.json" "$work/body.jpg" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
total = next(s for s in d["series"] if s["name"] == "total")
size = int(d["run"]["bytes"]["image_mean"])
open(sys.argv[2], "wb").write(b"\xff\xd8" + b"\x00" * (size - 4) + b"\xff\xd9")
print(total["percentiles"]["p50"] * 1000, d["run"]["rate"]["achieved_per_s"])
PY
)
printf "latbench %8.1f %8.0f\n" "$lb_p50" "$lb_rate"

wrk_p50=""
if command -v wrk >/dev/null; then
  cat >"$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/jpeg"
wrk.headers["X-Device-Id"] = "wrk-0"
local f = io.open("$work/body.jpg", "rb"); wrk.body = f:read("*a"); f:close()
LUA
  wrk -t1 -c1 -d"${SECONDS_PER_TOOL}s" --latency -s "$work/post.lua" "$url" >"$work/wrk.txt"
  read -r wrk_p50 wrk_rate < <(python3 - "$work/wrk.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"^\s+50%\s+([\d.]+)(us|ms|s)\s*$", t, re.M)
scale = {"us": 1, "ms": 1000, "s": 1e6}[m.group(2)]
rate = re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)
print(float(m.group(1)) * scale, rate)
PY
)
  printf "wrk      %8.1f %8.0f\n" "$wrk_p50" "$wrk_rate"
fi

hey_p50=""
if command -v hey >/dev/null; then
  hey -c 1 -z "${SECONDS_PER_TOOL}s" -m POST -T image/jpeg -H "X-Device-Id: hey-0" \
    -D "$work/body.jpg" "$url" >"$work/hey.txt"
  read -r hey_p50 hey_rate < <(python3 - "$work/hey.txt" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
m = re.search(r"50%+ in ([\d.]+) secs", t)
rate = re.search(r"Requests/sec:\s+([\d.]+)", t).group(1)
print(float(m.group(1)) * 1e6, rate)
PY
)
  printf "hey      %8.1f %8.0f\n" "$hey_p50" "$hey_rate"
fi

[ -n "$wrk_p50" ] && python3 -c "print(f'latbench/wrk p50 ratio: {$lb_p50/$wrk_p50:.2f} (target <= 1.2)')"
[ -n "$hey_p50" ] && python3 -c "print(f'latbench/hey p50 ratio: {$lb_p50/$hey_p50:.2f} (target < 1.0)')"
exit 0
