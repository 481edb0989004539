#!/usr/bin/python3
"""PyTorch 1.13 side of bench/accuracy-parity.sh: the FER+ VGG recipe of issue 6.

VGG-style net at 48x48 grey (four blocks of two 3x3 conv-BN-ReLU at 32/64/128/256 channels, each
block ending in 2x2 max-pool; dropout 0.3, FC 2304->256, ReLU, dropout 0.3, FC 256->8), FER+
probability targets (votes over the 8 emotions, normalised; rows whose unknown + not-a-face votes
reach the top emotion's count dropped), augmentation = random horizontal flip + reflect-pad 4 and a
random 48x48 crop, SGD Nesterov momentum 0.9, weight decay 5e-4, one-cycle learning rate with
maximum 0.05, batch 64, 12 epochs; trained on FER2013Train, evaluated on FER2013Valid with the
strict-majority label (top emotion's count > half of all 10 vote columns; 8 classes).
Prints one JSON line: accuracy, evaluated rows, wall seconds, images/s.
"""
import argparse
import csv
import json
import os
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
from PIL import Image


def read(folder, train):
    xs, ys = [], []
    with open(os.path.join(folder, "label.csv")) as f:
        for row in csv.reader(f):
            votes = np.array([float(v) for v in row[2:12]])
            emo = votes[:8]
            top = emo.max()
            if train:
                if top <= 0 or votes[8] + votes[9] >= top:
                    continue
                y = emo / emo.sum()
            else:
                k = int(emo.argmax())
                if not emo[k] > votes.sum() / 2:
                    continue
                y = k
            img = np.asarray(Image.open(os.path.join(folder, row[0])).convert("L"), dtype=np.float32) / 255.0
            xs.append(img)
            ys.append(y)
    x = torch.tensor(np.stack(xs)).unsqueeze(1)
    y = torch.tensor(np.stack(ys), dtype=torch.float32) if train else torch.tensor(ys)
    return x, y


def vgg():
    layers, c = [], 1
    for oc in (32, 64, 128, 256):
        for _ in range(2):
            layers += [nn.Conv2d(c, oc, 3, padding=1), nn.BatchNorm2d(oc), nn.ReLU(inplace=True)]
            c = oc
        layers.append(nn.MaxPool2d(2))
    return nn.Sequential(*layers, nn.Flatten(), nn.Dropout(0.3), nn.Linear(2304, 256), nn.ReLU(inplace=True),
                         nn.Dropout(0.3), nn.Linear(256, 8))


def augment(x):
    flip = torch.rand(x.shape[0]) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)
    p = F.pad(x, (4, 4, 4, 4), mode="reflect")
    out = torch.empty_like(x)
    ij = torch.randint(0, 9, (x.shape[0], 2))
    for n in range(x.shape[0]):
        i, j = ij[n]
        out[n] = p[n, :, i:i + 48, j:j + 48]
    return out


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data", "ferplus"))
    a.add_argument("--epochs", type=int, default=12)
    a.add_argument("--threads", type=int, default=2)
    a.add_argument("--seed", type=int, default=1)
    args = a.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    xt, yt = read(os.path.join(args.data, "FER2013Train"), True)
    xv, yv = read(os.path.join(args.data, "FER2013Valid"), False)
    model = vgg()
    steps = (len(xt) + 63) // 64
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.05, total_steps=args.epochs * steps)
    start = time.time()
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(xt))
        for s in range(0, len(xt), 64):
            idx = perm[s:s + 64]
            logits = model(augment(xt[idx]))
            loss = torch.sum(-yt[idx] * F.log_softmax(logits, 1), 1).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        print(f"epoch {epoch + 1}: loss {loss.item():.4f} ({time.time() - start:.0f} s)", flush=True)
    train_seconds = time.time() - start
    model.eval()
    with torch.no_grad():
        pred = torch.cat([model(xv[s:s + 256]).argmax(1) for s in range(0, len(xv), 256)])
    acc = (pred == yv).float().mean().item()
    print(json.dumps({"peer": "pytorch", "accuracy": acc, "rows": len(yv), "train_rows": len(xt), "seconds": train_seconds,
                      "images_per_second": args.epochs * len(xt) / train_seconds}))


if __name__ == "__main__":
    main()
