#!/usr/bin/python3
"""Prints bench/compare.sh's table from its JSON-lines results (one line per process run, with "round").

Times are the median over rounds of each run's median; the spread column is min..max over rounds.
The last line is `worst ratio: X.XX`: the highest time ratio ours/peer over all network workloads and peers."""
import json
import statistics
import sys
from collections import defaultdict

NETWORKS = [("resnet18_train", "ResNet-18 train step, batch 32, 112x112"),
            ("resnet18_infer32", "ResNet-18 inference, batch 32"),
            ("resnet18_infer1", "ResNet-18 inference, batch 1"),
            ("vgg_train", "VGG FER train step, batch 64, 48x48"),
            ("ferplus_vgg_train", "FER+ parity VGG (32..256) step, batch 64"),
            ("faceexpr_infer32", "FaceExpressionNet inference, batch 32"),
            ("faceexpr_infer1", "FaceExpressionNet inference, batch 1")]


def main():
    runs = defaultdict(list)
    for line in open(sys.argv[1]):
        line = line.strip()
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        if "error" in r:
            continue
        runs[(r["workload"], r["peer"])].append(r)

    def med(w, p, key="seconds"):
        vals = [r[key] for r in runs.get((w, p), []) if key in r]
        return (statistics.median(vals), min(vals), max(vals)) if vals else None

    def ms(v):
        return f"{v * 1e3:8.1f}" if v is not None else "     n/a"

    worst = 0.0
    print(f"{'workload':42} {'Fer ms':>8} {'spread':>15} {'peer':12} {'peer ms':>8} {'spread':>15} {'ratio':>6}")
    for w, title in NETWORKS:
        ours = med(w, "fer")
        for peer in ("pytorch", "onnxruntime"):
            theirs = med(w, peer)
            if theirs is None:
                continue
            ratio = ours[0] / theirs[0] if ours else float("nan")
            worst = max(worst, ratio) if ours else worst
            spread_o = f"{ours[1]*1e3:.0f}..{ours[2]*1e3:.0f}" if ours else ""
            spread_t = f"{theirs[1]*1e3:.0f}..{theirs[2]*1e3:.0f}"
            print(f"{title:42} {ms(ours[0] if ours else None)} {spread_o:>15} {peer:12} {ms(theirs[0])} {spread_t:>15} {ratio:6.2f}")

    print()
    print(f"{'GEMM n x n x n (GFLOP/s)':42} {'managed':>8} {'native':>8} {'torch.mm':>9} {'managed %':>10} {'native %':>9}")
    for n in (512, 1024, 2048):
        w = f"gemm{n}"
        m, nat, t = med(w, "fer-managed", "gflops"), med(w, "fer-native", "gflops"), med(w, "pytorch", "gflops")

        def g(v):
            return f"{v[0]:8.1f}" if v else "     n/a"

        def pct(v):
            return f"{100 * v[0] / t[0]:9.0f}%" if v and t else "       n/a"
        print(f"{w:42} {g(m)} {g(nat)} {g(t):>9} {pct(m):>10} {pct(nat):>9}")

    print()
    o, t = med("resnet18_train", "fer", "peak_rss_mb"), med("resnet18_train", "pytorch", "peak_rss_mb")
    if o and t:
        print(f"{'peak RSS, ResNet-18 train step (MiB)':42} {o[0]:8.0f} {'':15} {'pytorch':12} {t[0]:8.0f} {'':15} {o[0] / t[0]:6.2f}")
    print(f"worst ratio: {worst:.2f}")


if __name__ == "__main__":
    main()
