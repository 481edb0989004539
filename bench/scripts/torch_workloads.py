#!/usr/bin/python3
"""PyTorch 1.13 side of bench/compare.sh: times the same workloads as Fer.Benchmarks' "compare" mode.

Usage: torch_workloads.py WORKLOAD --threads 2 [--iterations N] [--onnx-out PATH]
Workloads: resnet18_train, resnet18_infer32, resnet18_infer1, vgg_train, gemm512, gemm1024, gemm2048.
Prints one JSON line: {"workload", "seconds" (median per iteration), "gflops" (gemm only), "peak_rss_mb"}.
Run each workload in its own process so peak RSS belongs to it alone.
"""
import argparse
import json
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def vgg_fer(channels=(64, 128, 256, 512), hidden=1024, classes=7, dropout=0.3):
    layers, c = [], 1
    for oc in channels:
        for _ in range(2):
            layers += [nn.Conv2d(c, oc, 3, padding=1), nn.BatchNorm2d(oc), nn.ReLU(inplace=True)]
            c = oc
        layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(3), nn.Flatten(), nn.Dropout(dropout), nn.Linear(c * 9, hidden),
                         nn.ReLU(inplace=True), nn.Dropout(dropout), nn.Linear(hidden, classes))


def resnet18():
    import torchvision
    return torchvision.models.resnet18(num_classes=7)


def time_it(fn, iterations, warmup):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(iterations):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return statistics.median(samples)


def train_step_fn(model, x, y):
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    model.train()

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    return step


def main():
    p = argparse.ArgumentParser()
    p.add_argument("workload")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--iterations", type=int, default=0)
    p.add_argument("--onnx-out")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    w = a.workload
    result = {"workload": w, "peer": "pytorch"}
    if w.startswith("gemm"):
        n = int(w[4:])
        A, B = torch.rand(n, n), torch.rand(n, n)
        secs = time_it(lambda: torch.mm(A, B), a.iterations or 10, 3)
        result["gflops"] = 2 * n ** 3 / secs / 1e9
    elif w == "resnet18_train":
        m = resnet18()
        secs = time_it(train_step_fn(m, torch.rand(32, 3, 112, 112), torch.randint(0, 7, (32,))), a.iterations or 5, 2)
    elif w == "vgg_train":
        m = vgg_fer()
        secs = time_it(train_step_fn(m, torch.rand(64, 1, 48, 48), torch.randint(0, 7, (64,))), a.iterations or 5, 2)
    elif w == "ferplus_vgg_train":  # issue 6's parity network (32..256 channels, FC 2304-256-8), batch 64
        m = vgg_fer(channels=(32, 64, 128, 256), hidden=256, classes=8)
        secs = time_it(train_step_fn(m, torch.rand(64, 1, 48, 48), torch.randint(0, 8, (64,))), a.iterations or 5, 2)
    elif w.startswith("resnet18_infer"):
        batch = int(w[len("resnet18_infer"):])
        m = resnet18().eval()
        x = torch.rand(batch, 3, 112, 112)
        if a.onnx_out:
            torch.onnx.export(m, x, a.onnx_out, input_names=["input"], output_names=["logits"], opset_version=13,
                              dynamic_axes={"input": {0: "N"}, "logits": {0: "N"}})
        with torch.no_grad():
            secs = time_it(lambda: m(x), a.iterations or (20 if batch == 1 else 8), 3)
    else:
        raise SystemExit(f"unknown workload {w}")
    result["seconds"] = secs
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


if __name__ == "__main__":
    main()
