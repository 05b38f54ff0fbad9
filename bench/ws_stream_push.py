#!/usr/bin/python3
"""The reference server's push rate to many viewers: `latbench serve`'s /ws/stream against a
Python `websockets` push server built as the users' optimized one (seed 001: an asyncio.Queue of
50 per viewer, drop when full, binary frames behind the 16-byte '!IdI' header), taking turns,
ROUNDS times each. Zero-cost setting: tiny frames (a 32x24 JPEG), no logging, a camera rate far
above what either can push (--fps 1000), so the figure is what the server's push path carries.
latbench encodes each frame (once for all viewers: tiny here); the Python server sends one fixed
JPEG it never re-encodes (an advantage to it). The viewers are Node's `ws`
(bench/ws/stream_viewers.js), one process reading all of them. Loopback only; every run bounded.

  bench/ws_stream_push.py LATBENCH_BINARY [--viewers 64] [--seconds 5] [--rounds 3]
Needs node with `ws` on NODE_PATH (bench/ws_client_vs_node.sh installs it into build/bench-node).
"""
import argparse
import asyncio
import json
import os
import re
import statistics
import struct
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

PYTHON_SERVER = r'''
import asyncio, struct, sys, time
import websockets
FPS, JPEG = float(sys.argv[1]), open(sys.argv[2], "rb").read()
queues = set()
async def producer():
    frame_id, period, next_t = 0, 1.0 / FPS, time.monotonic()
    while True:
        frame_id += 1
        message = struct.pack("!IdI", frame_id, time.time(), len(JPEG)) + JPEG
        for q in list(queues):
            try:
                q.put_nowait(message)
            except asyncio.QueueFull:
                pass  # the users' "Dropping frame N - queue full", without the log line
        next_t += period
        delay = next_t - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        else:
            next_t = time.monotonic()
            await asyncio.sleep(0)
async def handler(ws):
    q = asyncio.Queue(maxsize=50)
    queues.add(q)
    try:
        while True:
            await ws.send(await q.get())
    except websockets.ConnectionClosed:
        pass
    finally:
        queues.discard(q)
async def main():
    async with websockets.serve(handler, "127.0.0.1", 0, compression=None) as server:
        print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)
        asyncio.get_running_loop().create_task(producer())
        await asyncio.Future()
asyncio.run(main())
'''


def start(argv, pattern):
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        m = re.search(pattern, line)
        if m:
            return proc, int(m.group(1))
    proc.kill()
    raise SystemExit(f"{argv[0]}: no port announced")


def viewers(port, n, seconds):
    r = subprocess.run(["node", os.path.join(HERE, "ws", "stream_viewers.js"), f"ws://127.0.0.1:{port}/ws/stream",
                        str(n), str(seconds)], capture_output=True, text=True, timeout=seconds + 60)
    if r.returncode != 0:
        raise SystemExit(f"stream_viewers: {r.stderr.strip()}")
    return json.loads(r.stdout)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("binary")
    p.add_argument("--viewers", type=int, default=64)
    p.add_argument("--seconds", type=float, default=5)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--fps", type=float, default=1000)
    a = p.parse_args()
    work = f"/tmp/latbench-stream-push-{os.getpid()}"
    os.makedirs(work, exist_ok=True)
    # The Python server's JPEG: one latbench would send (32x24, quality 80), written by latbench's
    # own synthesizer through a one-shot stream read.
    jpeg_path = os.path.join(work, "tiny.jpg")
    with open(jpeg_path, "wb") as f:
        f.write(tiny_jpeg(a.binary))
    results = {"latbench": [], "python": []}
    for _ in range(a.rounds):
        for name in ("latbench", "python"):
            if name == "latbench":
                proc, port = start([a.binary, "serve", "--port", "0", "--fps", str(a.fps), "--image", "32x24",
                                    "--log-every", "0", "--no-access-log", "--queue", "50"], r"127\.0\.0\.1:(\d+)")
            else:
                proc, port = start([sys.executable, "-c", PYTHON_SERVER, str(a.fps), jpeg_path], r"PORT (\d+)")
            try:
                results[name].append(viewers(port, a.viewers, a.seconds))
            finally:
                proc.terminate()
                proc.wait(timeout=20)
    out = {}
    for name, runs in results.items():
        out[name] = {"frames_per_s": [round(r["frames_per_s"]) for r in runs],
                     "median_frames_per_s": round(statistics.median(r["frames_per_s"] for r in runs)),
                     "per_viewer_median": round(statistics.median(r["per_viewer_median"] for r in runs), 1),
                     "per_viewer_min": round(min(r["per_viewer_min"] for r in runs), 1),
                     "gaps": [r["gaps"] for r in runs]}
    out["ratio"] = round(out["latbench"]["median_frames_per_s"] / max(1, out["python"]["median_frames_per_s"]), 2)
    out["setting"] = {"viewers": a.viewers, "seconds": a.seconds, "rounds": a.rounds, "fps": a.fps, "image": "32x24"}
    print(json.dumps(out))


def tiny_jpeg(binary):
    """A frame from latbench's own /ws/stream (32x24): read one message, strip the header."""
    import websockets  # noqa: PLC0415 - only here
    proc, port = start([binary, "serve", "--port", "0", "--image", "32x24", "--log-every", "0", "--no-access-log"],
                       r"127\.0\.0\.1:(\d+)")

    async def one():
        async with websockets.connect(f"ws://127.0.0.1:{port}/ws/stream", compression=None) as ws:
            return await asyncio.wait_for(ws.recv(), 10)
    try:
        message = asyncio.run(one())
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    _, _, length = struct.unpack("!IdI", message[:16])
    return message[16:16 + length]


if __name__ == "__main__":
    main()
