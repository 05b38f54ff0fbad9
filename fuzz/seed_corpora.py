#!/usr/bin/env python3
"""Writes fuzz/corpus/<target>/ from the files the project already has: samples/, profiles/,
tests' documented examples. Rerun after adding a sample (seeds are checked in; each stays small
so the fuzzers start fast). Usage: fuzz/seed_corpora.py [path/to/latbench]  (the binary, when
given, writes summary documents as --export-json does)."""
import hashlib
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
MAX_SEED = 4096  # bytes; longer files are cut at a line end

FORMATS = ["esp32", "ultralytics", "uvicorn", "latbench", "jsonl", "nginx", "apache", "csv"]
LOGS = {  # sample -> its built-in format
    "esp32.log": "esp32", "ultralytics.log": "ultralytics", "uvicorn.log": "uvicorn",
    "samples.jsonl": "latbench", "stages.jsonl": "jsonl", "nginx.log": "nginx",
    "apache.log": "apache", "timings.csv": "csv",
}


def head(data: bytes, limit: int = MAX_SEED) -> bytes:
    if len(data) <= limit:
        return data
    cut = data.rfind(b"\n", 0, limit)
    return data[: cut + 1] if cut > 0 else data[:limit]


def put(target: str, data: bytes) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)


def main() -> None:
    samples = ROOT / "samples"
    for name, fmt in LOGS.items():
        text = head((samples / name).read_bytes())
        put("log_read", b"\x00" + text)                                # sniffed
        put("log_read", bytes([1 + FORMATS.index(fmt)]) + text)         # forced
        put("log_read", bytes([0x10 + 1 + FORMATS.index(fmt)]) + text)  # --streaming
    put("log_read", bytes([0x20 + 1 + FORMATS.index("jsonl")]) + b"ms:ms,stage\t\n" + head((samples / "stages.jsonl").read_bytes(), 1024))
    put("log_read", bytes([0x20 + 1 + FORMATS.index("csv")]) + b"upload_ms,total_ms:s\t\n" + head((samples / "timings.csv").read_bytes(), 1024))
    put("log_read", bytes([0x20 + 1 + FORMATS.index("nginx")]) +
        b'\t$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent rt=$request_time\n' +
        b'10.0.0.1 - - [22/Nov/2026:07:10:01 +0000] "POST /upload HTTP/1.1" 200 52 rt=1.402\n')
    put("log_read", bytes([0x20 + 1 + FORMATS.index("apache")]) +
        b'\t%h %l %u %t "%r" %>s %b %D\n' +
        b'10.0.0.1 - - [22/Nov/2026:07:20:01 +0000] "POST /upload HTTP/1.1" 200 52 1402311\n')

    for fmt in sorted(samples.glob("*.format.yaml")):
        log = samples / (fmt.name.replace(".format.yaml", ".log"))
        put("yaml_format", fmt.read_bytes() + b"\n@@@ log\n" + head(log.read_bytes(), 2048))

    for profile in sorted((ROOT / "profiles").glob("*.yaml")):
        if profile.name != "links.yaml":
            put("profile", head(profile.read_bytes()))
    links = (ROOT / "profiles" / "links.yaml").read_bytes()
    for spec in [b"wifi", b"4g", b"delay=40ms,jitter=15ms,up=2mbit,down=8mbit,stall=0.05%",
                 b"rtt=100ms,jitter=10ms,jitter-dist=normal,rate=1MB/s,burst=3000,handshake=off",
                 b"delay=5ms,reset=1%,blackhole=0.5%,seed=7,up=500kbit,down=64kB/s"]:
        put("link_spec", spec + b"\n" + links)

    for text in [b"p50=+5%,p95=+10%,errors=+0", b"p99<300ms, p95<=1.5s, mean=+3ms, errors<1%, throughput>=50/s",
                 b"max:\n  p50: +5%\n  errors: +0\nlimits:\n  - p99<300ms\n  - throughput>50\n"]:
        put("budget", text)

    put("samples", head((samples / "samples.jsonl").read_bytes()))
    lines = (samples / "samples.jsonl").read_bytes().splitlines(keepends=True)
    put("samples", b"".join(lines[:3]) + lines[3][:40])  # a run cut short: torn last line

    for text in [b'recv;dur=0.1, queue;dur=0, decode;dur=2.1, infer;dur=40, post;dur=0.2, total;dur=42.5',
                 b'db;desc="select a, b; c";dur=12.5, cache;dur=1;desc=hit',
                 b'a;desc="say \\"hi\\", ok";dur=3, b;dur=4', b'  app ; DUR = 7.25 ,\tdb;dur=1, miss, cpu;desc=x']:
        put("server_timing", text)

    jpeg = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
    put("upload_body", b"image/jpeg\n" + jpeg)
    put("upload_body", b"multipart/form-data; boundary=XyZ\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
        b"filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n" + jpeg + b"\r\n--XyZ--\r\n")
    put("upload_body", b"application/json\n{\"image\": \"/9j/4AAQSkZJRgABAQAAAQABAAD/2Q==\"}")

    jpeg_file = ROOT / "fuzz" / "tiny.jpg"
    image = jpeg_file.read_bytes() if jpeg_file.exists() else jpeg
    def request(method: bytes, target: bytes, headers: bytes = b"", body: bytes = b"") -> bytes:
        return (method + b" " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers +
                b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
    put("server_request", request(b"POST", b"/api/devices/file/image", b"Content-Type: image/jpeg\r\nX-Device-Id: cam1\r\n", image))
    put("server_request", request(b"POST", b"/api/devices/cam1/commands", b"Content-Type: application/json\r\n", b'[{"led":"on"},{"fps":5}]') +
        request(b"POST", b"/api/devices/file/image", b"X-Device-Id: cam1\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n",
                b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\n\r\n" + image + b"\r\n--XyZ--\r\n"))
    put("server_request", request(b"GET", b"/healthz") + request(b"GET", b"/stats?x=1") + request(b"DELETE", b"/stats") + request(b"GET", b"/nope"))
    put("server_request", b"POST /api/devices/file/image HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n"
        b"8\r\n{\"image\":\r\n" + b"%x\r\n" % (len(b'"' + __import__("base64").b64encode(image) + b'"}')) +
        b'"' + __import__("base64").b64encode(image) + b'"}\r\n0\r\n\r\n')

    # WebSocket frames and answers: the codec's fixtures, behind the selector byte (fuzz_frames.cpp).
    cases = dict(line.split() for line in (ROOT / "tests" / "fixtures" / "frames" / "frames_cases.txt").read_text().splitlines())
    for pick, name in [(0, "frame_binary_Ifd"), (6, "frame_b64json_default"), (6, "frame_b64json_custom"),
                       (3, "frame_msgpack"), (3, "answer_msgpack_depth"), (3, "answer_msgpack_nested")]:
        put("frames", bytes([pick]) + head(bytes.fromhex(cases[name])))
    put("frames", bytes([6]) + b'{"type":"segmentation","frame_id":7,"inference_time":28.5,"timing":{"decode":1.2}}')
    put("frames", bytes([1]) + bytes.fromhex("0200050000002040") + bytes(8) + b"\xff\xd8\xff\xd9")

    if len(sys.argv) > 1:
        with tempfile.TemporaryDirectory() as tmp:
            for name in ["esp32.log", "samples.jsonl"]:
                out = pathlib.Path(tmp) / "summary.json"
                args = [sys.argv[1], "analyze", str(samples / name), "--trim", "1", "--export-json", str(out)]
                subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
                doc = json.loads(out.read_text())
                put("summary", json.dumps(doc, separators=(",", ":")).encode())


if __name__ == "__main__":
    main()
