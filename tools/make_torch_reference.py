#!/usr/bin/python3
"""Writes PyTorch 1.13 reference tensors for Fer.Tensors' parity tests.

Run with Debian's python3-torch:  /usr/bin/python3 tools/make_torch_reference.py
Output: tests/Fer.Tensors.Tests/Parity/torch_reference.safetensors (float32), one entry per
"<case>/<tensor>": inputs x0, x1, ..., the output "out", the upstream gradient "gout" and the
gradients "grad_x0", ... of every input that requires grad. The C# tests rebuild each case with
the same inputs and compare. The safetensors file is written by hand (torch 1.13 has no
safetensors package): u64 header length, JSON header, raw little-endian data.
"""
import json
import os
import struct

import torch
import torch.nn.functional as F

torch.manual_seed(1234)
torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "Fer.Tensors.Tests", "Parity", "torch_reference.safetensors")
tensors = {}


def put(name, t):
    tensors[name] = t.detach().to(torch.float32).contiguous().clone()


def case(name, fn, *inputs, grad=None):
    """inputs: tensors; grad: list of bools (default: all float inputs need grad)."""
    xs = []
    for i, x in enumerate(inputs):
        x = x.clone().detach()
        need = grad[i] if grad is not None else True
        x.requires_grad_(need)
        xs.append(x)
        put(f"{name}/x{i}", x)
    out = fn(*xs)
    put(f"{name}/out", out)
    if any(x.requires_grad for x in xs):
        gout = torch.rand_like(out) * 2 - 1
        put(f"{name}/gout", gout)
        out.backward(gout)
        for i, x in enumerate(xs):
            if x.requires_grad:
                put(f"{name}/grad_x{i}", x.grad)


def r(*shape):
    return torch.rand(*shape) * 2 - 1


# ---- convolution family
case("conv2d_basic", lambda x, w, b: F.conv2d(x, w, b, stride=1, padding=1), r(2, 3, 7, 6), r(4, 3, 3, 3), r(4))
case("conv2d_stride2_dil2", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=2, dilation=2), r(2, 4, 9, 8), r(6, 4, 3, 3), r(6))
case("conv2d_groups2", lambda x, w: F.conv2d(x, w, None, stride=1, padding=(1, 0), groups=2), r(1, 4, 6, 5), r(6, 2, 3, 2))
case("conv2d_depthwise_mult2", lambda x, w, b: F.conv2d(x, w, b, stride=2, padding=1, groups=3), r(2, 3, 8, 7), r(6, 1, 3, 3), r(6))
# TensorFlow 'same' with stride 2 on an even size: pad total 1, all of it bottom/right.
case("conv2d_tf_same_s2", lambda x, w, b: F.conv2d(F.pad(x, (0, 1, 0, 1)), w, b, stride=2), r(1, 3, 8, 8), r(5, 3, 3, 3), r(5))
case("conv_transpose2d", lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1), r(2, 4, 5, 4), r(4, 3, 3, 3), r(3))
case("max_pool2d_ceil", lambda x: F.max_pool2d(x, 3, stride=2, padding=1, ceil_mode=True), r(2, 3, 8, 7))
case("avg_pool2d_nopad_count", lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, count_include_pad=False), r(2, 3, 7, 7))
case("adaptive_avg_pool2d", lambda x: F.adaptive_avg_pool2d(x, (3, 2)), r(2, 3, 7, 5))
case("upsample_nearest", lambda x: F.interpolate(x, scale_factor=2, mode="nearest"), r(1, 2, 3, 4))
case("upsample_bilinear", lambda x: F.interpolate(x, size=(7, 5), mode="bilinear", align_corners=False), r(1, 2, 4, 3))
case("linear", lambda x, w, b: F.linear(x, w, b), r(5, 7), r(3, 7), r(3))
case("matmul_batched", lambda a, b: torch.matmul(a, b), r(2, 3, 4, 5), r(3, 5, 2))

# ---- normalisation
rm, rv = r(4) * 0.1, torch.rand(4) + 0.5
case("batch_norm2d_train", lambda x, w, b: F.batch_norm(x, rm.clone(), rv.clone(), w, b, training=True, momentum=0.1, eps=1e-5), r(3, 4, 5, 6), r(4), r(4))
rm2, rv2 = rm.clone(), rv.clone()
F.batch_norm(tensors["batch_norm2d_train/x0"], rm2, rv2, None, None, training=True, momentum=0.1, eps=1e-5)
put("batch_norm2d_train/running_mean_before", rm)
put("batch_norm2d_train/running_var_before", rv)
put("batch_norm2d_train/running_mean_after", rm2)
put("batch_norm2d_train/running_var_after", rv2)
case("batch_norm2d_eval", lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training=False, eps=1e-5), r(3, 4, 5, 6), r(4), r(4))
put("batch_norm2d_eval/running_mean", rm)
put("batch_norm2d_eval/running_var", rv)
case("batch_norm1d_train", lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True, eps=1e-5), r(8, 5), r(5), r(5))
case("layer_norm", lambda x, w, b: F.layer_norm(x, (4, 5), w, b, eps=1e-5), r(3, 4, 5), r(4, 5), r(4, 5))

# ---- activations
for name, fn in [("relu", F.relu), ("leaky_relu", lambda x: F.leaky_relu(x, 0.1)), ("elu", lambda x: F.elu(x, 1.0)),
                 ("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("gelu", F.gelu),
                 ("softplus", lambda x: F.softplus(x, beta=2.0, threshold=3.0)),
                 ("softmax", lambda x: F.softmax(x, dim=1)), ("log_softmax", lambda x: F.log_softmax(x, dim=-1))]:
    case(name, fn, r(4, 6) * 4)

# ---- losses
targets = torch.tensor([2, 0, 4, 1, 3, 2])
put("targets", targets.float())
cw = torch.tensor([1.0, 2.0, 0.5, 1.5, 1.0])
put("class_weights", cw)
case("cross_entropy", lambda x: F.cross_entropy(x, targets), r(6, 5) * 3)
case("cross_entropy_weighted_smoothed", lambda x: F.cross_entropy(x, targets, weight=cw, label_smoothing=0.1), r(6, 5) * 3)
case("cross_entropy_probs", lambda x, p: F.cross_entropy(x, p), r(6, 5) * 3, torch.softmax(r(6, 5) * 2, 1), grad=[True, False])
case("nll", lambda x: F.nll_loss(F.log_softmax(x, 1), targets, weight=cw), r(6, 5))
case("bce_with_logits", lambda x, t: F.binary_cross_entropy_with_logits(x, t, pos_weight=torch.tensor([2.0, 0.5, 1.0])), r(4, 3) * 3, torch.rand(4, 3), grad=[True, False])
case("mse", lambda x, t: F.mse_loss(x, t), r(4, 3), r(4, 3))
case("l1", lambda x, t: F.l1_loss(x, t), r(4, 3), r(4, 3))
case("smooth_l1", lambda x, t: F.smooth_l1_loss(x, t, beta=0.5), r(4, 3), r(4, 3))
case("kl_div_batchmean", lambda lq, p: F.kl_div(lq, p, reduction="batchmean"), torch.log_softmax(r(4, 5), 1), torch.softmax(r(4, 5), 1), grad=[True, False])
case("triplet_margin", lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=1.0, p=2, swap=True), r(5, 8), r(5, 8), r(5, 8))


def ccc_loss(x, y):
    # 1 - mean over columns of Lin's concordance correlation, population statistics.
    mx, my = x.mean(0), y.mean(0)
    vx, vy = x.var(0, unbiased=False), y.var(0, unbiased=False)
    cov = ((x - mx) * (y - my)).mean(0)
    return 1 - (2 * cov / (vx + vy + (mx - my) ** 2)).mean()


case("ccc", ccc_loss, r(16, 2), r(16, 2))


# ---- a small CNN: (conv-bn-relu-maxpool) x 2, flatten, linear; forward and backward in train mode
class SmallCnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 4, 3, padding=1)
        self.bn1 = torch.nn.BatchNorm2d(4)
        self.conv2 = torch.nn.Conv2d(4, 8, 3, padding=1)
        self.bn2 = torch.nn.BatchNorm2d(8)
        self.fc = torch.nn.Linear(8 * 3 * 3, 5)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.bn1(self.conv1(x))), 2)
        x = F.max_pool2d(F.relu(self.bn2(self.conv2(x))), 2)
        return self.fc(x.flatten(1))


net = SmallCnn()
for k, v in net.state_dict().items():
    put(f"cnn/init/{k}", v)
x = r(4, 1, 12, 12)
put("cnn/x", x)
cnn_targets = torch.tensor([0, 3, 1, 4])
put("cnn/targets", cnn_targets.float())
logits = net(x)
put("cnn/logits", logits)
loss = F.cross_entropy(logits, cnn_targets)
put("cnn/loss", loss.reshape(1))
loss.backward()
for k, p in net.named_parameters():
    put(f"cnn/grad/{k}", p.grad)
for k, v in net.state_dict().items():
    if "running" in k:
        put(f"cnn/after/{k}", v)


# ---- optimizers: 5 steps on a fixed quadratic-plus-tanh problem
def optim_case(name, make):
    torch.manual_seed(99)
    w = torch.nn.Parameter(r(3, 4))
    b = torch.nn.Parameter(r(4))
    put(f"{name}/w0", w)
    put(f"{name}/b0", b)
    data = r(6, 3)
    put(f"{name}/data", data)
    opt = make([w, b])
    for step in range(5):
        opt.zero_grad()
        loss = (torch.tanh(data @ w + b) ** 2).sum() + 0.1 * (w ** 2).sum()
        loss.backward()
        opt.step()
        put(f"{name}/w{step + 1}", w)
        put(f"{name}/b{step + 1}", b)


optim_case("sgd_momentum", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=1e-3))
optim_case("sgd_nesterov", lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4))
optim_case("adamw", lambda p: torch.optim.AdamW(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01))
optim_case("adam", lambda p: torch.optim.Adam(p, lr=0.01, weight_decay=1e-3))


def write_safetensors(path, named):
    header = {"__metadata__": {"generator": "tools/make_torch_reference.py", "torch": torch.__version__}}
    offset = 0
    blobs = []
    for key in sorted(named):
        t = named[key]
        data = t.numpy().astype("<f4").tobytes()
        header[key] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


write_safetensors(OUT, tensors)
print(f"wrote {len(tensors)} tensors to {os.path.normpath(OUT)} ({os.path.getsize(OUT)} bytes)")
