#!/usr/bin/python3
"""Frames per second one WebSocket session gets answered: `latbench serve`'s /ws/frames with no
model time against a Python `websockets` app doing the same (answer each binary frame with a JSON
result carrying its id and timings), the style of the users' backends. Both are driven by the
same Python client (websockets 10.4) keeping WINDOW frames in flight on one session, so on the
faster server the client itself may be the limit: the figure is then a lower bound, and the
closed-loop RTT (window 1) says more. Loopback only; every loop bounded in frames.

  bench/ws_server_vs_python.py LATBENCH_BINARY [--frames 20000] [--frame-bytes 25000]
"""
import argparse
import asyncio
import json
import os
import re
import subprocess
import sys
import time

import websockets


async def python_app(port_future):
    async def handler(ws):
        n = 0
        async for message in ws:
            n += 1
            t0 = time.perf_counter()
            await ws.send(json.dumps({"type": "result", "frame_id": n, "status": "processed",
                                      "timing": {"infer": (time.perf_counter() - t0) * 1000}}))

    async with websockets.serve(handler, "127.0.0.1", 0, compression=None, max_size=None) as server:
        port_future.set_result(server.sockets[0].getsockname()[1])
        await asyncio.Future()


async def drive(port, frames, window, frame):
    """frames sent with `window` in flight; returns (frames/s, median RTT ms)."""
    async with websockets.connect(f"ws://127.0.0.1:{port}/ws/frames", compression=None,
                                  max_size=None) as ws:
        sent_at, rtts = [], []
        answered = 0
        start = time.perf_counter()
        for _ in range(min(window, frames)):
            sent_at.append(time.perf_counter())
            await ws.send(frame)
        while answered < frames:
            await asyncio.wait_for(ws.recv(), 30)
            rtts.append(time.perf_counter() - sent_at[answered])
            answered += 1
            if len(sent_at) < frames:
                sent_at.append(time.perf_counter())
                await ws.send(frame)
        elapsed = time.perf_counter() - start
    rtts.sort()
    return frames / elapsed, rtts[len(rtts) // 2] * 1000


def start_latbench(binary, extra):
    p = subprocess.Popen([binary, "serve", "--port", "0", "--no-access-log", "--infer", "0ms",
                          "--post-cost", "0ms", "--queue", "1000", *extra],
                         stdout=subprocess.PIPE, text=True)
    line = p.stdout.readline()
    port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))
    return p, port


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("latbench")
    ap.add_argument("--frames", type=int, default=20000)
    ap.add_argument("--frame-bytes", type=int, default=25000)
    ap.add_argument("--window", type=int, default=16)
    a = ap.parse_args()
    frame = os.urandom(a.frame_bytes)
    rows = []

    port_future = asyncio.get_running_loop().create_future()
    # The Python app runs in its own process so it does not share the client's event loop.
    app = subprocess.Popen([sys.executable, __file__, "--serve-python"], stdout=subprocess.PIPE, text=True)
    py_port = int(app.stdout.readline())
    try:
        for window in (1, a.window):
            fps, rtt = await drive(py_port, a.frames // (4 if window == 1 else 1), window, frame)
            rows.append(("python websockets app", window, fps, rtt))
    finally:
        app.terminate()
        app.wait()

    for label, extra in (("latbench serve --decode none --workers 0", ["--decode", "none", "--workers", "0"]),
                         ("latbench serve --decode none --workers 1", ["--decode", "none", "--workers", "1"])):
        p, port = start_latbench(a.latbench, extra)
        try:
            for window in (1, a.window):
                fps, rtt = await drive(port, a.frames // (4 if window == 1 else 1), window, frame)
                rows.append((label, window, fps, rtt))
        finally:
            p.terminate()
            p.wait()
    print(f"{'server':45} {'window':>6} {'frames/s':>10} {'RTT p50 ms':>11}")
    for label, window, fps, rtt in rows:
        print(f"{label:45} {window:>6} {fps:>10.0f} {rtt:>11.3f}")
    del port_future


def serve_python():
    async def run():
        fut = asyncio.get_running_loop().create_future()
        task = asyncio.ensure_future(python_app(fut))
        print(await fut, flush=True)
        await task
    asyncio.run(run())


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve-python"]:
        serve_python()
    else:
        asyncio.run(main())
