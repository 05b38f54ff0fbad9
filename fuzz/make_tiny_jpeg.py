#!/usr/bin/env python3
"""Writes tiny.jpg (16x8, a gradient) with libjpeg-turbo through ctypes: a real baseline JPEG the
server decodes, small enough to seed the server fuzzer."""
import ctypes
import pathlib

tj = ctypes.CDLL("libturbojpeg.so.0")
tj.tjInitCompress.restype = ctypes.c_void_p
handle = tj.tjInitCompress()
width, height = 16, 8
pixels = bytes(v for y in range(height) for x in range(width) for v in (x * 16, y * 32, 128))
out = ctypes.POINTER(ctypes.c_ubyte)()
size = ctypes.c_ulong(0)
TJPF_RGB, TJSAMP_420 = 0, 2
rc = tj.tjCompress2(ctypes.c_void_p(handle), pixels, width, 0, height, TJPF_RGB, ctypes.byref(out),
                    ctypes.byref(size), TJSAMP_420, 50, 0)
assert rc == 0, "tjCompress2 failed"
pathlib.Path(__file__).with_name("tiny.jpg").write_bytes(ctypes.string_at(out, size.value))
