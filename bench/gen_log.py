#!/usr/bin/env python3
"""Writes a large log of one built-in format for bench/analyze_vs_awk.sh.

usage: gen_log.py FORMAT SIZE_MB OUT     (FORMAT: esp32 | uvicorn | ultralytics | nginx | jsonl | latbench)

A 16 MB block of random but realistic records is generated once and repeated to reach the size:
fast to write, and every parser still sees every byte.
"""
import random, sys


def esp32(rng, i, t):
    s, r, c = rng.randint(1, 3), int(rng.lognormvariate(7.2, 0.2)), rng.randint(90, 120)
    def p(x):
        t[0] += 3
        sec, ms = divmod(t[0], 1000)
        return "%02d:%02d:%02d.%03d > %s\n" % ((sec // 3600) % 24, (sec // 60) % 60, sec % 60, ms, x)
    return "".join([p("[HTTP] Raw Commands: NONE"), p("---- Network Message Timings ----"),
                    p("Payload Created At: %d ms" % (311561 + i * 1700)),
                    p("Network Send Time After Payload Creation: %d ms" % s),
                    p("Network Receive Time - After Send: %d ms" % r),
                    p("Command End Time - After Receive: %d ms" % c),
                    p("Total Time from Payload Creation to Command End: %d ms" % (s + r + c)),
                    p("Free Heap: %d bytes" % (185312 - rng.randint(0, 100)))])


def uvicorn(rng, i, t):
    if rng.random() < 0.1:
        return 'INFO:     127.0.0.1:%d - "GET /livereload HTTP/1.1" 404 Not Found\n' % rng.randint(40000, 60000)
    status = "200 OK" if rng.random() < 0.98 else "500 Internal Server Error"
    return 'INFO:     192.168.1.%d:%d - "POST /upload HTTP/1.1" %s\n' % (rng.randint(2, 250), rng.randint(40000, 60000), status)


def ultralytics(rng, i, t):
    pre, inf, post = rng.uniform(0.8, 2.5), rng.lognormvariate(3.6, 0.15), rng.uniform(0.3, 0.9)
    return ("\n0: 480x640 %d persons, %.1fms\nSpeed: %.1fms preprocess, %.1fms inference, %.1fms postprocess per image "
            "at shape (1, 3, 480, 640)\n" % (rng.randint(0, 4), inf, pre, inf, post))


def nginx(rng, i, t):
    rt = rng.lognormvariate(0.3, 0.2)
    return ('192.168.1.%d - - [22/Nov/2026:07:10:%02d +0000] "POST /upload HTTP/1.1" 200 52 "-" "ESP32HTTPClient" '
            'rt=%.3f uct="0.000" uht="%.3f" urt="%.3f"\n' % (rng.randint(2, 250), i % 60, rt, rt - 0.012, rt - 0.011))


def jsonl(rng, i, t):
    total = rng.lognormvariate(3.7, 0.2)
    return '{"request_id":"r-%d","total_ms":%.3f,"server_ms":%.3f,"status":200}\n' % (i, total, total - 0.8)


def latbench(rng, i, t):
    # A line of latbench run's samples.jsonl (keep-alive, Server-Timing stages), as the driver writes it.
    t[0] += 100
    total = rng.lognormvariate(3.7, 0.2)
    infer = total - 3.4
    return ('{"seq": %d, "device": 0, "conn": "reused", "warmup": false, "intended_start_ms": %.1f, '
            '"start_ms": %.3f, "connect_ms": 0.0, "upload_ms": 0.3, "ttfb_ms": %.3f, "total_ms": %.3f, '
            '"bytes_up": 41234, "bytes_down": 52, "status": 200, "error": null, "server": {"recv": 0.1, '
            '"queue": 0.0, "decode": 2.1, "infer": %.3f, "post": 0.2, "total": %.3f}, "network_overhead_ms": 0.8, '
            '"latency_from_intended_ms": %.3f}\n') % (i, t[0], t[0] + 0.1, total - 0.1, total, infer, infer + 2.4,
                                                     total + 0.1)


def main():
    fmt, size_mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    make = {"esp32": esp32, "uvicorn": uvicorn, "ultralytics": ultralytics, "nginx": nginx, "jsonl": jsonl,
            "latbench": latbench}[fmt]
    rng, parts, size, i, t = random.Random(1), [], 0, 0, [0]
    block_size = min(16 << 20, int(size_mb * (1 << 20)))
    while size < block_size:
        s = make(rng, i, t)
        parts.append(s)
        size += len(s)
        i += 1
    block = "".join(parts).encode()
    target = int(size_mb * (1 << 20))
    with open(out, "wb") as f:
        written = 0
        while written < target:
            f.write(block)
            written += len(block)


main()
