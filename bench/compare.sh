#!/usr/bin/env bash
# Side-by-side benchmark: Fer.Tensors against PyTorch 1.13 CPU (Debian python3-torch) and, for
# inference, ONNX Runtime (onnxruntime-node 1.30.0) on the network PyTorch exports, and face-api's
# FaceExpressionNet (bundled weights) against ONNX Runtime on our own export of it; every peer with
# the same thread count. Workloads run one per process, in rounds that alternate which side goes
# first; each cell is the median over rounds of the per-run median. Prints one table; the last line
# is `worst ratio: X.XX` (highest time ratio ours/peer over the network workloads).
#
#   bench/compare.sh                # THREADS=2 ROUNDS=3
#   ROUNDS=5 bench/compare.sh
#   QUICK=1 bench/compare.sh        # one round, fewer iterations (a smoke test)
#
# Installs what is missing: python3-torch/python3-torchvision with apt, onnxruntime-node with
# `npm install --ignore-scripts` into $FER_BENCH_CACHE (default ~/.cache/fer-bench).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-3}
CACHE=${FER_BENCH_CACHE:-$HOME/.cache/fer-bench}
PY=/usr/bin/python3
RESULTS=${RESULTS:-$CACHE/results-$(date +%Y%m%d-%H%M%S).jsonl}
ITER=()
if [[ -n "${QUICK:-}" ]]; then ROUNDS=1; ITER=(--iterations 2); fi
mkdir -p "$CACHE"
export OMP_NUM_THREADS=$THREADS OPENBLAS_NUM_THREADS=$THREADS MKL_NUM_THREADS=$THREADS FER_NUM_THREADS=$THREADS

log() { echo "[compare] $*" >&2; }

if ! "$PY" -c "import torch, torchvision" 2>/dev/null; then
  log "installing python3-torch and python3-torchvision"
  apt-get update -qq && apt-get install -y -qq python3-torch python3-torchvision >/dev/null
fi
# torch.mm and our native-BLAS column go through Debian's libblas alternative: without OpenBLAS installed that
# is the reference BLAS (about 2 GFLOP/s), which would make PyTorch look far slower than it is.
if ! ldconfig -p | grep -q 'libopenblas.so.0'; then
  log "installing libopenblas0-pthread (PyTorch's BLAS)"
  apt-get update -qq && apt-get install -y -qq libopenblas0-pthread >/dev/null
fi
# OpenBLAS 0.3.21 (Debian 12) does not know newer CPUs (e.g. Emerald Rapids, model 207) and falls back to
# its Prescott kernels (a sixth of the speed); then name the newest kernel family the CPU's flags support,
# so PyTorch runs its BLAS at full speed. An explicit OPENBLAS_CORETYPE is kept.
if [[ -z "${OPENBLAS_CORETYPE:-}" ]]; then
  core=$(OPENBLAS_VERBOSE=2 "$PY" -c "import torch; torch.mm(torch.ones(64, 64), torch.ones(64, 64))" 2>&1 | sed -n 's/^Core: //p' | head -1)
  flags=$(grep -m1 '^flags' /proc/cpuinfo)
  if [[ "$core" == "Prescott" || -z "$core" ]]; then
    if [[ $flags == *avx512_bf16* ]]; then export OPENBLAS_CORETYPE=Cooperlake
    elif [[ $flags == *avx512f* ]]; then export OPENBLAS_CORETYPE=SkylakeX
    elif [[ $flags == *avx2* ]]; then export OPENBLAS_CORETYPE=Haswell
    fi
    log "OpenBLAS chose '$core' kernels for this CPU; running with OPENBLAS_CORETYPE=${OPENBLAS_CORETYPE:-unset}"
  fi
fi
ORT="$CACHE/ort"
if [[ ! -d "$ORT/node_modules/onnxruntime-node" ]]; then
  log "installing onnxruntime-node@1.30.0 into $ORT"
  mkdir -p "$ORT"
  (cd "$ORT" && npm install --ignore-scripts --no-audit --no-fund --silent onnxruntime-node@1.30.0 >/dev/null)
fi

log "building bench/Fer.Benchmarks (Release)"
if ! dotnet build "$ROOT/bench/Fer.Benchmarks" -c Release -nologo >"$CACHE/build.log" 2>&1; then
  tail -20 "$CACHE/build.log" >&2
  exit 1
fi
FER=(dotnet "$ROOT/bench/Fer.Benchmarks/bin/Release/net10.0/Fer.Benchmarks.dll")
TORCH=("$PY" "$ROOT/bench/scripts/torch_workloads.py")
MODEL="$CACHE/resnet18.onnx"
if [[ ! -s "$MODEL" ]]; then
  log "exporting ResNet-18 to ONNX"
  "${TORCH[@]}" resnet18_infer1 --threads "$THREADS" --iterations 1 --onnx-out "$MODEL" >/dev/null
fi

FACE_MODEL="$CACHE/face_expression.onnx"
log "exporting face-api's FaceExpressionNet to ONNX (fer export --model pretrained)"
if ! dotnet run --project "$ROOT/src/Fer.Cli" -c Release -- export --model pretrained --onnx "$FACE_MODEL" >"$CACHE/export.log" 2>&1; then
  tail -20 "$CACHE/export.log" >&2
  exit 1
fi

run() { # run ROUND COMMAND...: appends the command's JSON line, tagged with the round and the load before it
  local round=$1; shift
  local load; load=$(cut -d' ' -f1 /proc/loadavg)
  local out
  if out=$("$@" 2>>"$CACHE/stderr.log" | grep '^{' | tail -1) && [[ -n "$out" ]]; then
    echo "${out%\}}, \"round\": $round, \"load\": $load}" >>"$RESULTS"
  else
    log "failed: $*"
  fi
}

lscpu | grep -E 'Model name|^CPU\(s\)|Thread|L2|L3' >&2 || true
log "threads $THREADS, rounds $ROUNDS, results $RESULTS"
for ((r = 1; r <= ROUNDS; r++)); do
  log "round $r/$ROUNDS (load $(cut -d' ' -f1 /proc/loadavg))"
  for w in resnet18_train resnet18_infer32 resnet18_infer1 vgg_train ferplus_vgg_train; do
    ours=("${FER[@]}" compare "$w" --threads "$THREADS" "${ITER[@]}")
    torch=("${TORCH[@]}" "$w" --threads "$THREADS" "${ITER[@]}")
    if (( r % 2 )); then run "$r" "${ours[@]}"; run "$r" "${torch[@]}"; else run "$r" "${torch[@]}"; run "$r" "${ours[@]}"; fi
    if [[ $w == resnet18_infer* ]]; then
      run "$r" node "$ROOT/bench/scripts/ort_workload.js" "$w" --model "$MODEL" --ort "$ORT" --threads "$THREADS" "${ITER[@]}"
    fi
  done
  for w in faceexpr_infer32 faceexpr_infer1; do
    ours=("${FER[@]}" compare "$w" --threads "$THREADS" "${ITER[@]}")
    ort=(node "$ROOT/bench/scripts/ort_workload.js" "$w" --model "$FACE_MODEL" --ort "$ORT" --threads "$THREADS" "${ITER[@]}")
    if (( r % 2 )); then run "$r" "${ours[@]}"; run "$r" "${ort[@]}"; else run "$r" "${ort[@]}"; run "$r" "${ours[@]}"; fi
  done
  for n in 512 1024 2048; do
    run "$r" "${FER[@]}" compare "gemm$n" --threads "$THREADS"
    run "$r" "${TORCH[@]}" "gemm$n" --threads "$THREADS"
    run "$r" "${FER[@]}" compare "gemm$n" --threads "$THREADS" --native
  done
done
"$PY" "$ROOT/bench/scripts/compare_table.py" "$RESULTS"
