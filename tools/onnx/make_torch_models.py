#!/usr/bin/python3
"""Writes the small PyTorch-exported ONNX test models and their reference tensors.

Run with Debian's python3-torch (1.13):  /usr/bin/python3 tools/onnx/make_torch_models.py
Output: tests/Fer.MLNet.Tests/Onnx/Models/<name>.onnx, <name>.in<k>.f32 (inputs), <name>.out<k>.f32
(torch's outputs), and models.json describing names, shapes and files. Raw little-endian float32.
Together the models cover every operator the interpreter supports that torch.onnx.export emits;
the tests also run ONNX Runtime on them. (Dropout never survives an eval-mode export; the
operator-zoo tests cover it against ONNX Runtime.)
"""
import json
import os

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "Fer.MLNet.Tests", "Onnx", "Models")


def randomize_bn(bn, g):
    with torch.no_grad():
        bn.weight.copy_(torch.rand(bn.num_features, generator=g) + 0.5)
        bn.bias.copy_(torch.randn(bn.num_features, generator=g) * 0.2)
        bn.running_mean.copy_(torch.randn(bn.num_features, generator=g) * 0.3)
        bn.running_var.copy_(torch.rand(bn.num_features, generator=g) + 0.5)


class Cnn(nn.Module):
    """Conv (padded, strided depthwise, dilated), BN after ReLU, LeakyReLU, pools, head."""

    def __init__(self, g):
        super().__init__()
        self.c1 = nn.Conv2d(3, 8, 3, padding=1)
        self.bn = nn.BatchNorm2d(8)
        randomize_bn(self.bn, g)
        self.dw = nn.Conv2d(8, 8, 3, stride=2, padding=1, groups=8)
        self.c3 = nn.Conv2d(8, 12, 3, padding=2, dilation=2)
        self.fc = nn.Linear(12, 10)

    def forward(self, x):
        x = self.bn(F.relu(self.c1(x)))
        x = F.leaky_relu(self.dw(x), 0.2)
        x = F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True)
        x = torch.sigmoid(self.c3(x))
        x = torch.tanh(F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False))
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        return F.softmax(self.fc(x), dim=1)


class Shapes(nn.Module):
    """Shape arithmetic on a dynamic batch, data movement, broadcasting arithmetic, Clip, Pad modes."""

    def __init__(self, g):
        super().__init__()
        self.w = nn.Parameter(torch.randn(4, 5, generator=g))
        self.b = nn.Parameter(torch.randn(5, generator=g))
        self.m = nn.Parameter(torch.randn(144, 6, generator=g) * 0.1)
        self.mb = nn.Parameter(torch.randn(6, generator=g))
        self.d = nn.Parameter(torch.rand(5, generator=g) + 0.5)

    def forward(self, x):
        n = x.size(0)
        y = x.view(n, -1)                                  # Shape, Gather, Unsqueeze, Concat, Reshape
        z = y.reshape(-1, 4, 36).permute(0, 2, 1)          # Transpose
        w = torch.matmul(z, self.w) * 0.5 + self.b - 1.0   # MatMul, Mul, Add, Sub
        w = w / self.d                                     # Div
        c = torch.cat([w, w * 2.0], dim=2).unsqueeze(1).squeeze(1)
        c = torch.clamp(c, -0.5, 0.7)                      # Clip (inputs)
        p = F.pad(x, (1, 2, 0, 1), mode="reflect") + F.pad(x, (2, 1, 1, 0), mode="replicate") + F.pad(x, (0, 3, 1, 0), value=0.5)
        zeros = torch.zeros(n, 144) + y                    # ConstantOfShape
        g = x[:, 1] / n                                    # Gather (scalar index), Cast, Div
        h = torch.addmm(self.mb, y, self.m, beta=0.5, alpha=2.0)  # Gemm alpha/beta
        return c, p, zeros, g, h


class Legacy(nn.Module):
    """Opset 9 forms: Softmax/LogSoftmax coercion, attribute Squeeze/Unsqueeze, Clip, Pad, Upsample, BN."""

    def __init__(self, g):
        super().__init__()
        self.bn = nn.BatchNorm2d(3)
        randomize_bn(self.bn, g)
        self.fc = nn.Linear(3 * 7 * 9, 4)

    def forward(self, x):
        a = F.softmax(x, dim=1)
        b = F.log_softmax(x, dim=-1)
        c = torch.clamp(x.unsqueeze(0).squeeze(0), -0.8, 0.9)
        d = F.pad(self.bn(x), (1, 1, 1, 1))
        e = F.interpolate(x, scale_factor=2, mode="nearest")
        f = self.fc(F.dropout(d, 0.5, training=False).flatten(1))
        return a, b, c + 0, d, e, f


class Resizes(nn.Module):
    """Resize: nearest (integer and fractional scale, to a size), bilinear with and without align_corners."""

    def forward(self, x):
        a = F.interpolate(x, scale_factor=2, mode="nearest")
        b = F.interpolate(x, size=(7, 9), mode="nearest")
        c = F.interpolate(x, scale_factor=2, mode="bilinear", align_corners=False)
        d = F.interpolate(x, size=(7, 9), mode="bilinear", align_corners=True)
        e = F.interpolate(x, size=(3, 3), mode="bilinear", align_corners=False)
        return a, b, c, d, e


class Deconv(nn.Module):
    """ConvTranspose with output padding and groups; the input is also returned (an Identity node)."""

    def __init__(self):
        super().__init__()
        self.t1 = nn.ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1)
        self.t2 = nn.ConvTranspose2d(6, 6, 4, stride=2, padding=1, groups=3)

    def forward(self, x):
        return self.t2(F.relu(self.t1(x))), x


def export(name, model, inputs, opset, dynamic_batch=True):
    model.eval()
    with torch.no_grad():
        outputs = model(*inputs)
    if isinstance(outputs, torch.Tensor):
        outputs = (outputs,)
    in_names = [f"in{i}" for i in range(len(inputs))]
    out_names = [f"out{i}" for i in range(len(outputs))]
    dyn = {n: {0: "N"} for n in in_names + out_names} if dynamic_batch else None
    path = os.path.join(OUT, name + ".onnx")
    torch.onnx.export(model, tuple(inputs), path, opset_version=opset, input_names=in_names, output_names=out_names,
                      dynamic_axes=dyn, do_constant_folding=True)
    entry = {"name": name, "file": name + ".onnx", "opset": opset, "inputs": [], "outputs": []}
    for i, t in enumerate(inputs):
        f = f"{name}.in{i}.f32"
        t.detach().numpy().astype("<f4").tofile(os.path.join(OUT, f))
        entry["inputs"].append({"name": in_names[i], "shape": list(t.shape), "file": f})
    for i, t in enumerate(outputs):
        f = f"{name}.out{i}.f32"
        t.detach().numpy().astype("<f4").tofile(os.path.join(OUT, f))
        entry["outputs"].append({"name": out_names[i], "shape": list(t.shape), "file": f})
    return entry


def main():
    os.makedirs(OUT, exist_ok=True)
    g = torch.Generator().manual_seed(7)
    torch.manual_seed(7)
    entries = [
        export("cnn_opset13", Cnn(g), [torch.randn(2, 3, 20, 20, generator=g)], 13),
        export("cnn_opset11", Cnn(g), [torch.randn(2, 3, 17, 19, generator=g)], 11, dynamic_batch=False),
        export("shapes_opset13", Shapes(g), [torch.randn(3, 4, 6, 6, generator=g)], 13),
        export("legacy_opset9", Legacy(g), [torch.randn(2, 3, 5, 7, generator=g)], 9),
        export("resize_opset11", Resizes(), [torch.randn(1, 2, 4, 5, generator=g)], 11),
        export("resize_opset13", Resizes(), [torch.randn(2, 2, 4, 5, generator=g)], 13),
        export("deconv_opset13", Deconv(), [torch.randn(2, 4, 5, 6, generator=g)], 13),
    ]
    with open(os.path.join(OUT, "models.json"), "w") as f:
        json.dump({"generator": "tools/onnx/make_torch_models.py", "torch": torch.__version__, "models": entries}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
