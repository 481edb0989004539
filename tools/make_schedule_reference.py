#!/usr/bin/env python3
"""Writes tests/Fer.Tensors.Tests/Optim/Reference/schedules.json: learning rates (and momenta) that
PyTorch 1.13's schedulers set, step by step, for the cases the C# schedule tests replay.
Run with Debian's python3 (torch 1.13): /usr/bin/python3 tools/make_schedule_reference.py
Entry i of each list is the value after i scheduler steps (i = 0 is right after construction)."""
import json
import math
import os

import torch
from torch.optim import SGD, Adam, AdamW
from torch.optim import lr_scheduler as S

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Fer.Tensors.Tests", "Optim", "Reference", "schedules.json")


def params(n_groups, lrs):
    ps = [torch.nn.Parameter(torch.zeros(2)) for _ in range(n_groups)]
    return [{"params": [p], "lr": lr} for p, lr in zip(ps, lrs)]


def record(opt, sched, steps, momentum_key=None):
    lrs, moms = [], []
    for i in range(steps + 1):
        if i > 0:
            opt.step()
            sched.step()
        lrs.append([g["lr"] for g in opt.param_groups])
        if momentum_key == "momentum":
            moms.append([g["momentum"] for g in opt.param_groups])
        elif momentum_key == "betas":
            moms.append([g["betas"][0] for g in opt.param_groups])
    out = {"lr": lrs}
    if momentum_key:
        out["momentum"] = moms
    return out


cases = {}

opt = SGD(params(2, [0.1, 0.02]), lr=0.1)
cases["step_lr"] = {"stepSize": 3, "gamma": 0.5, "baseLr": [0.1, 0.02], **record(opt, S.StepLR(opt, step_size=3, gamma=0.5), 12)}

opt = SGD(params(1, [0.1]), lr=0.1)
cases["multi_step_lr"] = {"milestones": [5, 2, 9, 9], "gamma": 0.1, "baseLr": [0.1],
                          **record(opt, S.MultiStepLR(opt, milestones=[5, 2, 9, 9], gamma=0.1), 12)}

# Cosine with linear warm-up from 0 (min 0): the transformers-style lambda, through LambdaLR.
total, warm = 20, 4
def cosine_lambda(t):
    if t < warm:
        return t / warm
    return 0.5 * (1 + math.cos(math.pi * (t - warm) / (total - warm)))
opt = SGD(params(2, [0.5, 0.05]), lr=0.5)
cases["cosine_warmup_from_zero"] = {"totalSteps": total, "warmupSteps": warm, "minLr": 0.0, "startFactor": 0.0, "baseLr": [0.5, 0.05],
                                    **record(opt, S.LambdaLR(opt, cosine_lambda), total)}

# Warm-up from a start factor and a floor: SequentialLR(LinearLR, CosineAnnealingLR).
total, warm, eta, sf = 16, 5, 0.001, 0.1
opt = SGD(params(1, [0.2]), lr=0.2)
lin = S.LinearLR(opt, start_factor=sf, end_factor=1.0, total_iters=warm)
cos = S.CosineAnnealingLR(opt, T_max=total - warm, eta_min=eta)
cases["cosine_warmup_sequential"] = {"totalSteps": total, "warmupSteps": warm, "minLr": eta, "startFactor": sf, "baseLr": [0.2],
                                     **record(opt, S.SequentialLR(opt, [lin, cos], milestones=[warm]), total)}

opt = SGD(params(2, [0.1, 0.1]), lr=0.1, momentum=0.9)
cases["one_cycle_cos_sgd"] = {"maxLr": [1.0, 0.3], "totalSteps": 20, "pctStart": 0.3, "anneal": "cos", "threePhase": False, "optimizer": "sgd",
                              **record(opt, S.OneCycleLR(opt, max_lr=[1.0, 0.3], total_steps=20), 20, "momentum")}

opt = Adam(params(1, [0.001]), lr=0.001)
cases["one_cycle_linear_adam"] = {"maxLr": [0.01], "totalSteps": 17, "pctStart": 0.25, "anneal": "linear", "threePhase": False, "optimizer": "adam",
                                  **record(opt, S.OneCycleLR(opt, max_lr=0.01, total_steps=17, pct_start=0.25, anneal_strategy="linear",
                                                             div_factor=10, final_div_factor=100), 17, "betas")}
cases["one_cycle_linear_adam"].update({"divFactor": 10, "finalDivFactor": 100})

opt = AdamW(params(1, [0.001]), lr=0.001)
cases["one_cycle_three_phase_adamw"] = {"maxLr": [0.02], "totalSteps": 23, "pctStart": 0.3, "anneal": "cos", "threePhase": True, "optimizer": "adamw",
                                        **record(opt, S.OneCycleLR(opt, max_lr=0.02, total_steps=23, three_phase=True,
                                                                   base_momentum=0.8, max_momentum=0.9), 23, "betas")}
cases["one_cycle_three_phase_adamw"].update({"baseMomentum": 0.8, "maxMomentum": 0.9})

with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
print("wrote", os.path.normpath(OUT))
