#!/usr/bin/env python3
"""torch.mm GFLOP/s on square float32 matrices, measured like `dotnet run -c Release --project
bench/Fer.Benchmarks -- gemm`: warm-up for 200 ms, then the median of several samples, each sample
repeating the product for at least 60 ms.

Usage: python3 tools/bench_torch_mm.py [--threads 2] [--sizes 512,1024,2048] [--samples 9]
(Debian's python3-torch is /usr/bin/python3; a pyenv python3 earlier on PATH may lack torch.)
"""
import argparse
import statistics
import time

import torch


def measure(n: int, samples: int) -> float:
    gen = torch.Generator().manual_seed(1)
    a = torch.rand(n, n, generator=gen) - 0.5
    b = torch.rand(n, n, generator=gen) - 0.5
    c = torch.empty(n, n)
    start, warm = time.perf_counter(), 0
    while warm < 2 or time.perf_counter() - start < 0.2:
        torch.mm(a, b, out=c)
        warm += 1
    per_call = (time.perf_counter() - start) / warm
    reps = max(1, int(0.06 / per_call))
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        for _ in range(reps):
            torch.mm(a, b, out=c)
        times.append((time.perf_counter() - t0) / reps)
    return 2.0 * n ** 3 / statistics.median(times) / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sizes", default="512,1024,2048")
    parser.add_argument("--samples", type=int, default=9)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}")
    print("size    torch.mm GFLOP/s")
    for n in (int(s) for s in args.sizes.split(",")):
        print(f"{n:<7} {measure(n, args.samples):16.1f}")


if __name__ == "__main__":
    main()
