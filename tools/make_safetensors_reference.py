#!/usr/bin/env python3
"""safetensors references for tests/Fer.Tensors.Tests/Serialization, written by hand with
struct/json/numpy/torch (torch 1.13 has no safetensors package). Run with Debian's python3:

  /usr/bin/python3 tools/make_safetensors_reference.py          # writes the files below
  /usr/bin/python3 tools/make_safetensors_reference.py --check F # reads F (e.g. a file our writer made)
                                                                 # with numpy/torch and prints it

Writes, under tests/Fer.Tensors.Tests/Serialization/Reference/:
  python_all_dtypes.safetensors  every dtype, JSON keys in an order unlike the data order, metadata
  python_all_dtypes.json         the float32 value of every element (as torch/numpy convert it)
  reference_layout.safetensors   tensors laid out as the reference writer does (dtype alignment
                                 descending then name, compact JSON, metadata first, space padding)
  reference_layout.json          the tensors and dtypes of that file, for the byte-for-byte test
"""
import json
import os
import struct
import sys

import numpy as np
import torch

HERE = os.path.join(os.path.dirname(__file__), "..", "tests", "Fer.Tensors.Tests", "Serialization", "Reference")
SIZES = {"BOOL": 1, "U8": 1, "I8": 1, "I16": 2, "U16": 2, "F16": 2, "BF16": 2, "I32": 4, "U32": 4, "F32": 4, "F64": 8, "I64": 8, "U64": 8}
RANK = ["BOOL", "U8", "I8", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]
NP = {"BOOL": np.bool_, "U8": np.uint8, "I8": np.int8, "I16": np.int16, "U16": np.uint16, "F16": np.float16,
      "I32": np.int32, "U32": np.uint32, "F32": np.float32, "F64": np.float64, "I64": np.int64, "U64": np.uint64}


def encode(dtype, values, shape):
    if dtype == "BF16":
        t = torch.tensor(values, dtype=torch.float32).to(torch.bfloat16).reshape(shape)
        return t.view(torch.int16).numpy().astype("<i2").tobytes(), t.to(torch.float32).reshape(-1).tolist()
    a = np.array(values, dtype=NP[dtype]).reshape(shape)
    return a.astype(a.dtype.newbyteorder("<")).tobytes(), a.astype(np.float32).reshape(-1).tolist()


def write(path, header_obj, blobs):
    header = json.dumps(header_obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    header += b" " * ((8 - len(header) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(header)))
        f.write(header)
        for b in blobs:
            f.write(b)


def all_dtypes():
    specs = [  # name, dtype, shape, values
        ("w.f32", "F32", [2, 3], [0.0, -1.5, 3.25, 1e-30, -0.0, 3.4e38]),
        ("w.f64", "F64", [3], [0.1, -2.0**60, 1.0 + 2.0**-40]),
        ("w.f16", "F16", [5], [65504.0, -2.0**-24, 0.333251953125, -0.0, 1.0]),
        ("w.bf16", "BF16", [2, 2], [1.0, -3.140625, 2.0**100, 0.0078125]),
        ("count.i64", "I64", [3], [0, -(2**40), 2**53 + 1]),
        ("v.i32", "I32", [2], [-2147483648, 2147483647]),
        ("v.i16", "I16", [2], [-32768, 32767]),
        ("v.i8", "I8", [3], [-128, 0, 127]),
        ("v.u8", "U8", [3], [0, 128, 255]),
        ("v.u16", "U16", [1], [65535]),
        ("v.u32", "U32", [1], [4294967295]),
        ("v.u64", "U64", [1], [2**64 - 1]),
        ("mask", "BOOL", [2, 2], [True, False, False, True]),
        ("empty", "F32", [0, 3], []),
        ("scalar", "F32", [], [42.5]),
    ]
    # Data in an order unlike the JSON key order (reversed), so readers must sort by offset.
    header, blobs, expected, offset = {}, [], {}, 0
    encoded = [(n, d, s, *encode(d, v, s)) for n, d, s, v in specs]
    for name, dtype, shape, raw, floats in reversed(encoded):
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
        expected[name] = {"dtype": dtype, "shape": shape, "values": floats}
    ordered = {"__metadata__": {"framework": "pt", "note": "grüße, ☃"}}
    for name, *_ in specs:
        ordered[name] = header[name]
    write(os.path.join(HERE, "python_all_dtypes.safetensors"), ordered, blobs)
    with open(os.path.join(HERE, "python_all_dtypes.json"), "w") as f:
        json.dump({"metadata": ordered["__metadata__"], "tensors": expected}, f, indent=1)


def reference_layout():
    g = np.random.default_rng(7)
    specs = {
        "layer1.0.conv1.weight": ("F32", [4, 3, 3, 3]),
        "layer1.0.bn1.num_batches_tracked": ("I64", []),
        "fc.bias": ("F32", [5]),
        "emb": ("F16", [3, 2]),
        "bn.running_var": ("F32", [4]),
        "b": ("BF16", [3]),
        "flags": ("BOOL", [3]),
    }
    tensors = {}
    for name, (dtype, shape) in specs.items():
        n = int(np.prod(shape)) if shape else 1
        if dtype in ("I64",):
            vals = [float(v) for v in g.integers(0, 1000, n)]
        elif dtype == "BOOL":
            vals = [float(v) for v in g.integers(0, 2, n)]
        else:
            vals = [float(np.float32(v)) for v in g.standard_normal(n)]
        tensors[name] = (dtype, shape, vals)
    order = sorted(tensors, key=lambda k: (-RANK.index(tensors[k][0]), k.encode("utf-8")))
    header, blobs, offset = {"__metadata__": {"format": "pt", "epoch": "3"}}, [], 0
    header["__metadata__"] = dict(sorted(header["__metadata__"].items()))
    for name in order:
        dtype, shape, vals = tensors[name]
        raw, _ = encode(dtype, [bool(v) for v in vals] if dtype == "BOOL" else vals, shape)
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    write(os.path.join(HERE, "reference_layout.safetensors"), header, blobs)
    with open(os.path.join(HERE, "reference_layout.json"), "w") as f:
        json.dump({"metadata": header["__metadata__"],
                   "tensors": {k: {"dtype": d, "shape": s, "values": v} for k, (d, s, v) in tensors.items()}}, f, indent=1)


def check(path):
    data = open(path, "rb").read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n].decode("utf-8"))
    buf = data[8 + n:]
    meta = header.pop("__metadata__", None)
    end = 0
    for name, info in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        b, e = info["data_offsets"]
        assert b == end, f"{name}: offset {b}, expected {end}"
        end = e
        raw = buf[b:e]
        if info["dtype"] == "BF16":
            t = torch.frombuffer(bytearray(raw), dtype=torch.int16).view(torch.bfloat16).to(torch.float32) if raw else torch.zeros(0)
        else:
            t = np.frombuffer(raw, dtype=np.dtype(NP[info["dtype"]]).newbyteorder("<"))
        t = t.reshape(info["shape"])
        print(f"{name}: {info['dtype']} {list(t.shape)} {t.reshape(-1)[:6].tolist()}")
    assert end == len(buf), f"data covers {end} of {len(buf)} bytes"
    print("metadata:", meta)
    print("OK:", len(header), "tensors,", len(buf), "data bytes")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        check(sys.argv[2])
    else:
        os.makedirs(HERE, exist_ok=True)
        all_dtypes()
        reference_layout()
        for f in sorted(os.listdir(HERE)):
            print(f, os.path.getsize(os.path.join(HERE, f)))
