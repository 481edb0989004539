#!/usr/bin/python3
"""PyTorch twin of `Fer.Benchmarks conv-layers`: forward, input-gradient and weight-gradient time of
each distinct convolution of ResNet-18 at 112x112 (or the VGG FER net with --vgg), best of N rounds."""
import argparse
import time

import torch
import torch.nn.functional as F

R18 = [("r18.conv1", 3, 112, 64, 7, 2, 3, 1), ("r18.l1", 64, 28, 64, 3, 1, 1, 4), ("r18.l2.down3x3", 64, 28, 128, 3, 2, 1, 1),
       ("r18.l2.1x1", 64, 28, 128, 1, 2, 0, 1), ("r18.l2", 128, 14, 128, 3, 1, 1, 3), ("r18.l3.down3x3", 128, 14, 256, 3, 2, 1, 1),
       ("r18.l3.1x1", 128, 14, 256, 1, 2, 0, 1), ("r18.l3", 256, 7, 256, 3, 1, 1, 3), ("r18.l4.down3x3", 256, 7, 512, 3, 2, 1, 1),
       ("r18.l4.1x1", 256, 7, 512, 1, 2, 0, 1), ("r18.l4", 512, 4, 512, 3, 1, 1, 3)]
VGG = [("vgg.b1.c1", 1, 48, 64, 3, 1, 1, 1), ("vgg.b1.c2", 64, 48, 64, 3, 1, 1, 1), ("vgg.b2.c1", 64, 24, 128, 3, 1, 1, 1),
       ("vgg.b2.c2", 128, 24, 128, 3, 1, 1, 1), ("vgg.b3.c1", 128, 12, 256, 3, 1, 1, 1), ("vgg.b3.c2", 256, 12, 256, 3, 1, 1, 1),
       ("vgg.b4.c1", 256, 6, 512, 3, 1, 1, 1), ("vgg.b4.c2", 512, 6, 512, 3, 1, 1, 1)]


CLOCK = time.perf_counter


def best(fn, rounds):
    fn()
    b = float("inf")
    for _ in range(rounds):
        t = CLOCK()
        fn()
        b = min(b, CLOCK() - t)
    return b


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--vgg", action="store_true")
    p.add_argument("--cpu", action="store_true", help="thread CPU time (use with --threads 1)")
    a = p.parse_args()
    if a.cpu:
        global CLOCK
        CLOCK = time.thread_time
    torch.set_num_threads(a.threads)
    totals = [0.0, 0.0, 0.0]
    print(f"{'layer':16} {'x':>2} {'fwd ms':>8} {'GF/s':>6} {'dx ms':>8} {'GF/s':>6} {'dw ms':>8} {'GF/s':>6}")
    for name, cin, size, cout, k, s, pad, count in (VGG if a.vgg else R18):
        x = torch.rand(a.batch, cin, size, size)
        w = torch.rand(cout, cin, k, k) - 0.5
        y = F.conv2d(x, w, stride=s, padding=pad)
        dy = torch.rand_like(y)
        o = y.shape[2]
        flops = 2.0 * a.batch * cout * o * o * cin * k * k
        with torch.no_grad():
            f = best(lambda: F.conv2d(x, w, stride=s, padding=pad), a.rounds)
        bi = 0.0 if cin == 3 else best(lambda: torch.ops.aten.convolution_backward(dy, x, w, None, [s, s], [pad, pad], [1, 1], False, [0, 0], 1, [True, False, False]), a.rounds)
        bw = best(lambda: torch.ops.aten.convolution_backward(dy, x, w, None, [s, s], [pad, pad], [1, 1], False, [0, 0], 1, [False, True, False]), a.rounds)
        for i, v in enumerate((f, bi, bw)):
            totals[i] += v * count
        print(f"{name:16} {count:2} {f*1e3:8.2f} {flops/f/1e9:6.0f} {bi*1e3:8.2f} {(flops/bi/1e9 if bi else 0):6.0f} {bw*1e3:8.2f} {flops/bw/1e9:6.0f}")
    print(f"{'total':16} {'':2} {totals[0]*1e3:8.1f} {'':6} {totals[1]*1e3:8.1f} {'':6} {totals[2]*1e3:8.1f}   all {sum(totals)*1e3:.0f} ms")


if __name__ == "__main__":
    main()
