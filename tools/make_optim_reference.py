#!/usr/bin/env python3
"""Writes tests/Fer.Tensors.Tests/Optim/Reference/optimizers.json: five steps of PyTorch 1.13's
SGD / Adam / AdamW on a small least-squares problem (the gradients fed at each step and the
parameters after it), and clip_grad_norm_ results. Run: /usr/bin/python3 tools/make_optim_reference.py"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Fer.Tensors.Tests", "Optim", "Reference", "optimizers.json")
STEPS = 5
torch.set_num_threads(1)


def fixed(shape, a, b):
    n = 1
    for s in shape:
        n *= s
    return (torch.sin(torch.arange(n, dtype=torch.float64) * a + b) * 0.7).to(torch.float32).reshape(shape)


X = fixed((6, 4), 1.3, 0.2)
Y = fixed((6, 3), 0.7, 1.1)
W0 = fixed((3, 4), 0.9, 0.5)
B0 = fixed((3,), 2.1, -0.3)


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def run(make, groups=False):
    w = torch.nn.Parameter(W0.clone())
    b = torch.nn.Parameter(B0.clone())
    opt = make([w, b])
    steps = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = ((X @ w.t() + b - Y) ** 2).mean()
        loss.backward()
        g = {"weight": flat(w.grad), "bias": flat(b.grad)}
        opt.step()
        steps.append({"loss": float(loss), "grad": g, "weight": flat(w), "bias": flat(b)})
    return steps


cases = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.1),
    "sgd_momentum": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9),
    "sgd_nesterov_wd": lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01),
    "sgd_dampening_wd": lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.8, dampening=0.3, weight_decay=0.001),
    "adam": lambda p: torch.optim.Adam(p, lr=0.01),
    "adam_amsgrad_wd": lambda p: torch.optim.Adam(p, lr=0.02, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05, amsgrad=True),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.01),
    "adamw_amsgrad": lambda p: torch.optim.AdamW(p, lr=0.03, betas=(0.85, 0.995), weight_decay=0.1, amsgrad=True),
    # Two groups: weight and bias with their own learning rate, weight decay and momentum/betas.
    "sgd_groups": lambda p: torch.optim.SGD([{"params": [p[0]], "lr": 0.2, "momentum": 0.5},
                                             {"params": [p[1]], "weight_decay": 0.1}], lr=0.05, momentum=0.9),
    "adamw_groups": lambda p: torch.optim.AdamW([{"params": [p[0]], "lr": 0.02, "betas": (0.7, 0.9)},
                                                 {"params": [p[1]], "weight_decay": 0.0}], lr=0.01),
}

out = {"torch": torch.__version__, "steps": STEPS,
       "x": flat(X), "y": flat(Y), "weight": flat(W0), "bias": flat(B0),
       "cases": {name: run(make) for name, make in cases.items()}}

# clip_grad_norm_: three gradients of different sizes, several norm types and limits.
clip = []
for norm_type in [2.0, 1.0, 3.0, float("inf")]:
    for max_norm in [0.5, 100.0]:
        ps = [torch.nn.Parameter(torch.zeros(s)) for s in [(3, 4), (5,), (2, 2, 2)]]
        grads = [fixed(p.shape, 0.37 * (i + 1), 0.1 * i) * (i + 1) for i, p in enumerate(ps)]
        for p, g in zip(ps, grads):
            p.grad = g.clone()
        total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
        clip.append({"normType": "inf" if norm_type == float("inf") else norm_type, "maxNorm": max_norm,
                     "shapes": [list(p.shape) for p in ps], "grads": [flat(g) for g in grads],
                     "total": float(total), "clipped": [flat(p.grad) for p in ps]})
out["clip"] = clip

with open(OUT, "w") as f:
    json.dump(out, f)
print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")
