#!/usr/bin/env python3
"""Writes small references for the imaging tests under tests/Fer.Transforms.Tests/Imaging/TestFiles:

- exif/orientation-N.jpg (N = 1..8): a 12x6 photo-like JPEG with EXIF orientation N, and
  exif/orientation-N.ppm: PIL's decoded pixels after ImageOps.exif_transpose (the upright image).
- grey/rgb.ppm and grey/pil-l.pgm: random RGB pixels and PIL's convert("L") of them.
- tests/Fer.Tensors.Tests/Core/xoshiro256-reference.txt: SplitMix64-seeded xoshiro256** outputs, from this independent Python version.
- fuzz/*.jpg: small progressive (colour 4:2:0 and grey) and restart-marker JPEGs, seeds for the
  robustness test (the restart one needs cjpeg from libjpeg-turbo-progs).

Run with Debian's python3 (PIL, numpy): /usr/bin/python3 tools/imaging/make_reference_values.py
"""
import os
import subprocess

import numpy as np
from PIL import Image, ImageOps

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "Fer.Transforms.Tests", "Imaging", "TestFiles")
MASK = (1 << 64) - 1


def write_pnm(path, a):
    a = np.asarray(a, dtype=np.uint8)
    if a.ndim == 2:
        a = a[..., None]
    h, w, c = a.shape
    with open(path, "wb") as f:
        f.write(b"P%d\n%d %d\n255\n" % (5 if c == 1 else 6, w, h))
        f.write(np.ascontiguousarray(a).tobytes())


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def xoshiro(seed, n):
    x = seed & MASK
    s = []
    for _ in range(4):
        x, v = splitmix64(x)
        s.append(v)
    out = []
    for _ in range(n):
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        out.append(result)
    return out


def main():
    os.makedirs(os.path.join(OUT, "exif"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "grey"), exist_ok=True)

    y, x = np.mgrid[0:6, 0:12]
    base = np.stack([x * 20, y * 40, 255 - x * 10 - y * 15], axis=-1).astype(np.uint8)
    for n in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = n
        path = os.path.join(OUT, "exif", "orientation-%d.jpg" % n)
        Image.fromarray(base).save(path, quality=95, subsampling=0, exif=exif.tobytes())
        upright = ImageOps.exif_transpose(Image.open(path))
        write_pnm(os.path.join(OUT, "exif", "orientation-%d.ppm" % n), np.asarray(upright.convert("RGB")))

    rng = np.random.default_rng(7)
    rgb = rng.integers(0, 256, size=(16, 16, 3), dtype=np.uint8)
    rgb[0, :4] = [[0, 0, 0], [255, 255, 255], [255, 0, 0], [0, 255, 0]]
    write_pnm(os.path.join(OUT, "grey", "rgb.ppm"), rgb)
    write_pnm(os.path.join(OUT, "grey", "pil-l.pgm"), np.asarray(Image.fromarray(rgb).convert("L")))

    os.makedirs(os.path.join(OUT, "fuzz"), exist_ok=True)
    yy, xx = np.mgrid[0:30, 0:40]
    photo = np.stack([xx * 6, yy * 8, 128 + 60 * np.sin(xx * 0.4 + yy * 0.2)], axis=-1).clip(0, 255).astype(np.uint8)
    Image.fromarray(photo).save(os.path.join(OUT, "fuzz", "progressive.jpg"), quality=80, progressive=True, subsampling=2)
    Image.fromarray(photo).convert("L").save(os.path.join(OUT, "fuzz", "grey-progressive.jpg"), quality=80, progressive=True)
    ppm = os.path.join(OUT, "fuzz", "tmp.ppm")
    write_pnm(ppm, photo)
    subprocess.run(["cjpeg", "-quality", "80", "-sample", "2x1", "-restart", "1",
                    "-outfile", os.path.join(OUT, "fuzz", "restart.jpg"), ppm], check=True)
    os.remove(ppm)

    with open(os.path.join(os.path.dirname(__file__), "..", "..", "tests", "Fer.Tensors.Tests", "Core", "xoshiro256-reference.txt"), "w") as f:
        f.write("# seed, first outputs of SplitMix64-seeded xoshiro256** (hex)\n")
        for seed in (0, 1, 42, (1 << 64) - 1):
            f.write("%d,%s\n" % (seed if seed < (1 << 63) else seed - (1 << 64), ",".join("%016x" % v for v in xoshiro(seed, 8))))


if __name__ == "__main__":
    main()
