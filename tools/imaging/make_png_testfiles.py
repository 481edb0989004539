#!/usr/bin/env python3
"""Writes the small PNG test files of Fer.Transforms.Tests/Imaging/TestFiles/png and their references.

The PNGs are written by hand here (every colour type x bit depth, plain and Adam7-interlaced, all
five filters used, a palette with tRNS), because PIL cannot write interlaced or 16-bit RGB PNGs.
The reference pixels come from PIL's decoder, in the decoder's convention (alpha dropped, 16-bit
samples reduced to their high byte, palette expanded to RGB, 1/2/4-bit grey scaled to 0..255),
stored as binary PGM/PPM so the test does not need a PNG decoder to read them.
Also writes SHA-256 digests of PIL's pixels for a few FER+ PNGs (read in place, never copied).

Run with Debian's python3 (PIL, numpy): /usr/bin/python3 tools/imaging/make_png_testfiles.py
"""
import hashlib
import os
import struct
import zlib

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "Fer.Transforms.Tests", "Imaging", "TestFiles", "png")
FERPLUS = os.path.join(ROOT, "..", "shared", "data", "ferplus", "FER2013Valid")
W, H = 9, 7
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
SAMPLES = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def filter_row(kind, row, prev, bpp):
    out = bytearray(len(row))
    for i in range(len(row)):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][kind]
        out[i] = (row[i] - pred) & 0xFF
    return bytes(out)


def pack_row(samples, depth):
    """samples: flat list of ints of one scanline."""
    if depth == 8:
        return bytes(samples)
    if depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    bits = "".join(format(s, "0%db" % depth) for s in samples)
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def write_png(path, pixels, color, depth, interlace, palette=None, trns=None):
    """pixels: array [H, W, samples] of raw sample values."""
    h, w, n = pixels.shape
    bpp = max(1, n * depth // 8)
    raw = bytearray()
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    row_index = 0
    for x0, y0, dx, dy in passes:
        sub = pixels[y0::dy, x0::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        prev = bytes(len(pack_row(sub[0].reshape(-1).tolist(), depth)))
        for r in range(sub.shape[0]):
            row = pack_row(sub[r].reshape(-1).tolist(), depth)
            kind = row_index % 5  # every filter type gets used
            row_index += 1
            raw += bytes([kind]) + filter_row(kind, row, prev, bpp)
            prev = row
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, color, 0, 0, interlace))
    if palette is not None:
        data += chunk(b"PLTE", bytes(palette))
    if trns is not None:
        data += chunk(b"tRNS", bytes(trns))
    data += chunk(b"tEXt", b"Comment\x00ancillary chunk to skip")
    compressed = zlib.compress(bytes(raw), 9)
    # Split the data over two IDAT chunks to exercise concatenation.
    half = len(compressed) // 2
    data += chunk(b"IDAT", compressed[:half]) + chunk(b"IDAT", compressed[half:]) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)


def pil_reference(path, color):
    """PIL's decoded pixels in the Fer convention: uint8 [H, W, 1 or 3]."""
    im = Image.open(path)
    im.load()
    if color == 3:
        return np.asarray(im.convert("RGB"))
    if color == 4 and im.mode == "RGBA":
        return np.asarray(im)[..., :1]  # PIL opens 16-bit grey+alpha as RGBA with the grey repeated
    if im.mode in ("I;16", "I;16B", "I"):
        a = np.asarray(im).astype(np.int64)
        return (a >> 8).astype(np.uint8)[..., None]
    if im.mode in ("1", "L", "LA", "La"):
        return np.asarray(im.convert("L"))[..., None]
    return np.asarray(im.convert("RGB"))


def write_pnm(path, a):
    h, w, c = a.shape
    with open(path, "wb") as f:
        f.write(b"P%d\n%d %d\n255\n" % (5 if c == 1 else 6, w, h))
        f.write(np.ascontiguousarray(a, dtype=np.uint8).tobytes())


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(1234)
    cases = [(0, d) for d in (1, 2, 4, 8, 16)] + [(2, 8), (2, 16)] + [(3, d) for d in (1, 2, 4, 8)] \
        + [(4, 8), (4, 16), (6, 8), (6, 16)]
    for color, depth in cases:
        n = SAMPLES[color]
        top = (1 << depth) - 1
        palette = None
        if color == 3:
            entries = 1 << depth if depth < 8 else 200
            palette = rng.integers(0, 256, size=3 * entries).tolist()
            top = entries - 1
        pixels = rng.integers(0, top + 1, size=(H, W, n))
        # Make a smooth corner so filters see structure as well as noise.
        pixels[:3, :3] = top // 2
        for interlace in (0, 1):
            name = "c%d_d%d%s" % (color, depth, "_i" if interlace else "")
            write_png(os.path.join(OUT, name + ".png"), pixels, color, depth, interlace, palette)
        ref_plain = pil_reference(os.path.join(OUT, "c%d_d%d.png" % (color, depth)), color)
        ref_inter = pil_reference(os.path.join(OUT, "c%d_d%d_i.png" % (color, depth)), color)
        assert (ref_plain == ref_inter).all(), (color, depth)
        write_pnm(os.path.join(OUT, "c%d_d%d%s" % (color, depth, ".pgm" if ref_plain.shape[2] == 1 else ".ppm")), ref_plain)

    # Palette with transparency (tRNS is read past; alpha dropped).
    palette = rng.integers(0, 256, size=3 * 16).tolist()
    pixels = rng.integers(0, 16, size=(H, W, 1))
    write_png(os.path.join(OUT, "c3_d4_trns.png"), pixels, 3, 4, 1, palette, trns=[0, 128, 255, 7])
    write_pnm(os.path.join(OUT, "c3_d4_trns.ppm"), pil_reference(os.path.join(OUT, "c3_d4_trns.png"), 3))

    # Digests of PIL's pixels for a sample of the FER+ validation PNGs (8-bit grey).
    if os.path.isdir(FERPLUS):
        names = sorted(f for f in os.listdir(FERPLUS) if f.endswith(".png"))[::100][:36]
        with open(os.path.join(OUT, "ferplus-valid-sha256.txt"), "w") as f:
            f.write("# file, width, height, SHA-256 of PIL's 8-bit grey pixels (row-major)\n")
            for name in names:
                im = Image.open(os.path.join(FERPLUS, name)).convert("L")
                f.write("%s,%d,%d,%s\n" % (name, im.width, im.height, hashlib.sha256(im.tobytes()).hexdigest()))


if __name__ == "__main__":
    main()
