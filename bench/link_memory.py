#!/usr/bin/python3
"""Peak RSS of `latbench link` under N concurrent uploads (issue 13 item 5; target < 64 MB for
1,000 uploads of a VGA frame). Loopback only, every loop bounded.

    bench/link_memory.py [CLIENTS] [BYTES] [LINK ...]     (default 1000 49152 loopback wifi-poor)

For each link: starts `latbench link` in front of a sink on 127.0.0.1, opens CLIENTS connections
to it at once, writes BYTES on each (non-blocking, one thread), waits until the sink has them
all, then reads VmHWM from /proc/<pid>/status (and the emulator's own "held at most" figure).
LATBENCH=path overrides build/release/latbench. Needs `ulimit -n` above 2 x CLIENTS + 20.
"""
import os, re, resource, selectors, signal, socket, subprocess, sys, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("LATBENCH", os.path.join(ROOT, "build/release/latbench"))
CLIENTS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
BYTES = int(sys.argv[2]) if len(sys.argv) > 2 else 49152
LINKS = sys.argv[3:] or ["loopback", "wifi-poor"]
DEADLINE_S = 120


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def measure(link):
    sink = socket.socket()
    sink.bind(("127.0.0.1", 0))
    sink.listen(4096)
    sink.setblocking(False)
    proc = subprocess.Popen([BIN, "link", "--upstream", f"127.0.0.1:{sink.getsockname()[1]}", "--link", link],
                            stdout=subprocess.PIPE, text=True)
    banner = proc.stdout.readline()
    port = int(re.search(r"127\.0\.0\.1:(\d+) ->", banner).group(1))
    idle = vm_hwm_kib(proc.pid)
    sel = selectors.DefaultSelector()
    sel.register(sink, selectors.EVENT_READ, "accept")
    body = b"x" * BYTES
    clients = []
    for _ in range(CLIENTS):
        c = socket.create_connection(("127.0.0.1", port))
        c.setblocking(False)
        clients.append([c, 0])
        sel.register(c, selectors.EVENT_WRITE, len(clients) - 1)
    received, sent_done, end = 0, 0, time.monotonic() + DEADLINE_S
    start = time.monotonic()
    while (received < CLIENTS * BYTES) and time.monotonic() < end:
        for key, _ in sel.select(timeout=0.05):
            if key.data == "accept":
                try:
                    conn, _ = sink.accept()
                    conn.setblocking(False)
                    sel.register(conn, selectors.EVENT_READ, "read")
                except BlockingIOError:
                    pass
            elif key.data == "read":
                try:
                    chunk = key.fileobj.recv(1 << 16)
                except BlockingIOError:
                    continue
                if chunk:
                    received += len(chunk)
                else:
                    sel.unregister(key.fileobj)
                    key.fileobj.close()
            else:
                c = clients[key.data]
                try:
                    c[1] += c[0].send(body[c[1]:])
                except BlockingIOError:
                    continue
                if c[1] == BYTES:
                    sel.unregister(c[0])
                    sent_done += 1
    elapsed = time.monotonic() - start
    peak = vm_hwm_kib(proc.pid)
    with open(f"/proc/{proc.pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu_s = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    proc.send_signal(signal.SIGTERM)
    tail = proc.communicate(timeout=30)[0].strip()
    held = re.search(r"held at most (\d+) bytes", tail)
    for c, _ in clients:
        c.close()
    sink.close()
    ok = "" if received == CLIENTS * BYTES else f"  INCOMPLETE: {received} of {CLIENTS * BYTES} bytes"
    print(f"{link:>10}: {CLIENTS} uploads x {BYTES} B in {elapsed:.2f} s: VmHWM {peak / 1024:.1f} MiB "
          f"(idle {idle / 1024:.1f} MiB), emulator CPU {cpu_s:.2f} s, held at most {int(held.group(1)) / 1e6 if held else float('nan'):.2f} MB{ok}")


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 2 * CLIENTS + 64)), hard))
    if not os.access(BIN, os.X_OK):
        sys.exit(f"link_memory: build first (./dev build release) or set LATBENCH ({BIN})")
    print(f"load average before: {os.getloadavg()[0]:.2f}")
    for link in LINKS:
        measure(link)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
