#!/usr/bin/python3
"""Round trip between FerMLNet's ResNet-18 weights and torchvision.models.resnet18.

  torchvision_resnet18.py score WEIGHTS INPUT OUTPUT
      loads WEIGHTS (safetensors written by FerMLNet, torchvision names) into resnet18(num_classes=K)
      with strict=True, runs INPUT (safetensors with "input") in eval mode, writes "logits" to OUTPUT.
  torchvision_resnet18.py export CLASSES SEED WEIGHTS
      writes a freshly initialised torchvision resnet18's state dict as safetensors.
Needs Debian's python3-torch and python3-torchvision; safetensors is read and written by hand.
"""
import json
import struct
import sys

import numpy as np
import torch
import torchvision

DT = {"F32": np.float32, "I64": np.int64, "F64": np.float64, "I32": np.int32}


def read(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        b, e = v["data_offsets"]
        out[k] = torch.from_numpy(np.frombuffer(data[b:e], dtype=DT[v["dtype"]]).reshape(v["shape"]).copy())
    return out


def write(path, tensors):
    header, blobs, off = {}, [], 0
    for k in sorted(tensors):
        t = tensors[k].detach().contiguous()
        dtype = "I64" if t.dtype == torch.int64 else "F32"
        raw = t.numpy().astype("<i8" if dtype == "I64" else "<f4").tobytes()
        header[k] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [off, off + len(raw)]}
        off += len(raw)
        blobs.append(raw)
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def main():
    torch.set_num_threads(1)
    if sys.argv[1] == "score":
        state = read(sys.argv[2])
        classes = state["fc.weight"].shape[0]
        m = torchvision.models.resnet18(num_classes=classes)
        for k, v in state.items():
            if k.endswith("num_batches_tracked"):
                state[k] = v.to(torch.int64)
        m.load_state_dict(state, strict=True)
        m.eval()
        with torch.no_grad():
            logits = m(read(sys.argv[3])["input"])
        write(sys.argv[4], {"logits": logits})
    elif sys.argv[1] == "export":
        torch.manual_seed(int(sys.argv[3]))
        m = torchvision.models.resnet18(num_classes=int(sys.argv[2]))
        # Non-trivial running statistics, so eval-mode batch norm is exercised.
        with torch.no_grad():
            for mod in m.modules():
                if isinstance(mod, torch.nn.BatchNorm2d):
                    mod.running_mean.uniform_(-0.1, 0.1)
                    mod.running_var.uniform_(0.5, 1.5)
        write(sys.argv[4], m.state_dict())
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
