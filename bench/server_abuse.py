#!/usr/bin/env python3
"""The abuse figures of `latbench serve` (issue 13), measured from outside on 127.0.0.1.

Run by bench/server_abuse.sh, which starts the server and passes its pid, port and a good JPEG.
Prints one line per figure ("name: value") and exits 1 when a probe got a wrong answer.
Standard library only; every loop is bounded.
"""
import json
import socket
import statistics
import sys
import time
import urllib.request

PID, PORT, JPEG_PATH, HEADER_TIMEOUT_S = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], float(sys.argv[4])
JPEG = open(JPEG_PATH, "rb").read()
failures = []


def rss_kib(field="VmRSS"):
    """The server's resident set (or its peak, VmHWM) in KiB; -1 once it is gone."""
    try:
        with open(f"/proc/{PID}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def connect():
    s = socket.create_connection(("127.0.0.1", PORT), timeout=30)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def request(method, path, body=b"", headers=None, timeout=30):
    """One request on a new connection: (status, body bytes, seconds)."""
    t0 = time.monotonic()
    req = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=body if method == "POST" else None,
                                 method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read(), time.monotonic() - t0
    except urllib.error.HTTPError as e:
        return e.code, e.read(), time.monotonic() - t0
    except OSError as e:
        return 0, str(e).encode(), time.monotonic() - t0


def read_until_close(s, deadline_s):
    """(bytes received, True when the server closed) within deadline_s."""
    s.settimeout(deadline_s)
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return out, True
            out += chunk
    except ConnectionResetError:
        return out, True
    except socket.timeout:
        return out, False


def stats():
    """/stats as a dict; {} when the server does not answer (refused, or gone)."""
    status, body, _ = request("GET", "/stats")
    return json.loads(body) if status == 200 else {}


def report(name, value):
    print(f"{name}: {value}", flush=True)


def expect(name, got, wanted):
    if got != wanted:
        failures.append(f"{name}: got {got}, wanted {wanted}")


def upload(body, timeout=30):
    return request("POST", "/api/devices/file/image", body, {"Content-Type": "image/jpeg"}, timeout)


report("rss_start_kib", rss_kib())

# Silent connections filling every slot, then a real upload.
for n in (1000, 1024):
    silent = []
    for _ in range(n):
        silent.append((connect(), time.monotonic()))
    time.sleep(1.0)  # accepted by now; polling /stats here would itself evict one when full
    rss = rss_kib()
    status, _, seconds = upload(JPEG)
    after = stats()
    report(f"silent_{n}_open_after_upload", f"{after.get('connections_open', 'no answer')} (evicted so far {after.get('connections_evicted', 'n/a')})")
    report(f"silent_{n}_rss_kib", rss)
    report(f"silent_{n}_then_upload", f"{status} in {seconds * 1000:.1f} ms")
    expect(f"silent_{n}_then_upload", status, 200)
    lifetimes = []  # connect -> closed by the server (header_timeout after accept)
    for s, connected in silent:
        left = max(0.1, connected + HEADER_TIMEOUT_S + 5 - time.monotonic())
        data, closed = read_until_close(s, left)
        if closed and not data:
            lifetimes.append(time.monotonic() - connected)
        s.close()
    lifetimes.sort()
    report(f"silent_{n}_closed_by_server", f"{len(lifetimes)}/{n}, after {lifetimes[0]:.2f}..{lifetimes[-1]:.2f} s"
           if lifetimes else f"0/{n}")
    expect(f"silent_{n}_closed_by_server", len(lifetimes), n)

# Slowloris: 100 connections trickling a header one byte every 200 ms.
loris = [connect() for _ in range(100)]
header = b"POST /api/devices/file/image HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 1000
start = time.monotonic()
times_to_408 = {}
cut = set()  # closed before we saw its 408
for i in range(int((HEADER_TIMEOUT_S + 5) / 0.2)):
    for k, s in enumerate(loris):
        if k in times_to_408 or k in cut:
            continue
        try:
            s.send(header[i:i + 1])
            s.settimeout(0.0005)
            got = s.recv(4096)
            if got.startswith(b"HTTP/1.1 408"):
                times_to_408[k] = time.monotonic() - start
        except (BlockingIOError, socket.timeout):
            pass
        except OSError:
            cut.add(k)
    if len(times_to_408) + len(cut) == len(loris):
        break
    time.sleep(0.2)
for s in loris:
    s.close()
t = sorted(times_to_408.values())
report("slowloris_408", f"{len(t)}/100 got 408 ({len(cut)} cut without one); time to 408 min {t[0]:.2f} s, median {statistics.median(t):.2f} s, max {t[-1]:.2f} s"
       if t else "0/100 got 408")
expect("slowloris_408_count", len(t), 100)

# The poisoned decoder: a bogus SOF length, then good frames.
sof = JPEG.find(b"\xff\xc0")
bad = JPEG[:sof + 2] + b"\x00\x01" + JPEG[sof + 4:]
status, body, _ = upload(bad)
report("bogus_sof", f"{status}: {body.decode()[:80]}")
expect("bogus_sof", status, 422)
goods = [upload(JPEG)[0] for _ in range(10)]
report("good_after_bogus_sof", f"{goods.count(200)}/10 answered 200")
expect("good_after_bogus_sof", goods.count(200), 10)

# Garbage taken for an image.
for name, body in (("ffd8ffe0", b"\xff\xd8\xff\xe0"), ("half_jpeg", JPEG[:len(JPEG) // 2])):
    status, text, _ = upload(body)
    report(f"garbage_{name}", f"{status}: {text.decode()[:80]}")
    expect(f"garbage_{name}", status, 422)

# Clients that leave mid-body: 200 of them, each 1,000 of 100,000 promised bytes.
for _ in range(200):
    s = connect()
    s.sendall(b"POST /api/devices/file/image HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + b"x" * 1000)
    s.close()
t0 = time.monotonic()
for _ in range(500):
    if stats().get("connections_open", 0) <= 1:  # the /stats request itself
        break
    time.sleep(0.01)
report("mid_body_200_gone_after_ms", f"{(time.monotonic() - t0) * 1000:.0f}")
status, _, _ = upload(JPEG)
expect("upload_after_mid_body", status, 200)

# Deep JSON last: 10^6 levels to the commands endpoint (before the fix this killed the server).
status, body, seconds = request("POST", "/api/devices/cam-1/commands", b"[" * 1000000 + b"]" * 1000000)
report("deep_json_1e6", f"{status} in {seconds * 1000:.1f} ms: {body.decode()[:80]}")
expect("deep_json_1e6", status, 400)

s = stats()
report("stats", json.dumps({k: s.get(k, "n/a") for k in ("connections_accepted", "connections_evicted", "connections_rejected",
                                              "undecodable", "processed", "requests_by_status")}))
report("rss_end_kib", rss_kib())
report("rss_peak_kib", rss_kib("VmHWM"))
if failures:
    print("FAILED: " + "; ".join(failures))
    sys.exit(1)
