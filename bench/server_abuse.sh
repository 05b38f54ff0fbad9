#!/usr/bin/env bash
# Abuse figures of `latbench serve` on 127.0.0.1 (issue 13): 1,000 and 1,024 silent connections
# then a real upload (at --max-connections 1024), slowloris (100 connections, time to 408), a JSON
# body nested 10^6 deep, a bogus-SOF frame then good ones, garbage bodies, 200 clients leaving
# mid-body; RSS at the start, with the silent connections, at the end, and its peak.
#   bench/server_abuse.sh [HEADER_TIMEOUT]   (default 10s, the server's default)
# The tests assert these loosely (tests/unit/server_hardening_test.cpp); this prints them exactly.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
HEADER_TIMEOUT=${1:-10s}
LATBENCH=${LATBENCH:-build/release/latbench}
PYTHON=${PYTHON:-/usr/bin/python3}
[ -x "$LATBENCH" ] || { echo "build latbench first: ./dev build release" >&2; exit 2; }
ulimit -n 4096 2>/dev/null || { echo "needs 4,096 file descriptors (ulimit -n)" >&2; exit 2; }

tmp=$(mktemp -d)
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# A 640x480 camera-like frame from libjpeg-turbo (a build dependency already).
cat > "$tmp/mkjpeg.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <turbojpeg.h>
int main(void) {
  int w = 640, h = 480;
  unsigned char *rgb = malloc((size_t)w * h * 3), *out = NULL;
  unsigned long size = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      unsigned char *p = rgb + ((size_t)y * w + x) * 3;
      p[0] = (unsigned char)(x * 255 / w); p[1] = (unsigned char)(y * 255 / h); p[2] = (unsigned char)((x ^ y) & 0xFF);
    }
  tjhandle t = tjInitCompress();
  if (tjCompress2(t, rgb, w, 0, h, TJPF_RGB, &out, &size, TJSAMP_420, 85, 0) != 0) return 1;
  fwrite(out, 1, size, stdout);
  return 0;
}
C
cc -O1 -o "$tmp/mkjpeg" "$tmp/mkjpeg.c" -lturbojpeg
"$tmp/mkjpeg" > "$tmp/vga.jpg"

"$LATBENCH" serve --port 0 --no-access-log --max-connections 1024 --max-body 4MiB \
  --header-timeout "$HEADER_TIMEOUT" > "$tmp/serve.out" &
pid=$!
for _ in $(seq 100); do grep -q "CTRL+C" "$tmp/serve.out" && break; sleep 0.1; done
port=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.out" | head -1 | cut -d: -f3)
[ -n "$port" ] || { cat "$tmp/serve.out" >&2; exit 2; }
echo "latbench serve pid $pid port $port, header timeout $HEADER_TIMEOUT, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
header_s=$("$PYTHON" -c "import sys; t=sys.argv[1]; print(float(t[:-2])/1000 if t.endswith('ms') else float(t.rstrip('s')))" "$HEADER_TIMEOUT")
status=0
"$PYTHON" bench/server_abuse.py "$pid" "$port" "$tmp/vga.jpg" "$header_s" || status=$?
kill -TERM "$pid"
wait "$pid" && echo "serve exited 0 on SIGTERM" || { echo "serve exited $?"; status=1; }
pid=""
exit $status
