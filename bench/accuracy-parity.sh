#!/usr/bin/env bash
# Issue 6 parity: the same FER+ VGG recipe trained by PyTorch 1.13 and by FerMLNet, one after the
# other on this machine with 2 threads each; prints both results and the accuracy gap and time ratio.
# Usage: bench/accuracy-parity.sh [--epochs N]   (takes about 2 x 35 minutes at 12 epochs)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${FER_SHARED:-../shared}/data/ferplus"
epochs=12
[ "${1:-}" = "--epochs" ] && epochs="$2"
if ! /usr/bin/python3 -c "import torch, PIL" 2>/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-pil >/dev/null
fi
dotnet build bench/AccuracyParity -c Release -v q -nologo >/dev/null
ours=$(dotnet bench/AccuracyParity/bin/Release/net10.0/AccuracyParity.dll --data "$data" --epochs "$epochs" --threads 2 | tail -n 1)
torch=$(/usr/bin/python3 bench/scripts/ferplus_vgg_torch.py --data "$data" --epochs "$epochs" --threads 2 | tail -n 1)
echo "pytorch:  $torch"
echo "fermlnet: $ours"
/usr/bin/python3 - "$torch" "$ours" <<'PY'
import json, sys
t, o = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"accuracy: pytorch {t['accuracy']:.4f}, fermlnet {o['accuracy']:.4f}, gap {100 * (o['accuracy'] - t['accuracy']):+.2f} points")
print(f"wall time: pytorch {t['seconds'] / 60:.1f} min, fermlnet {o['seconds'] / 60:.1f} min, ratio {o['seconds'] / t['seconds']:.2f}")
PY
