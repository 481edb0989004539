#!/usr/bin/env node
// ONNX Runtime side of bench/compare.sh: times inference with onnxruntime-node on the CPU execution
// provider of ResNet-18 (the network torch_workloads.py exports) or of face-api's FaceExpressionNet
// (exported by `fer export --model pretrained`); both read [N, 3, 112, 112].
// Usage: node ort_workload.js {resnet18,faceexpr}_infer{1,32} --model PATH --ort DIR [--threads 2] [--iterations N]
// Prints one JSON line: {"workload", "peer": "onnxruntime", "seconds" (median per run), "peak_rss_mb"}.
'use strict';
const path = require('path');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main() {
  const workload = process.argv[2];
  const m = /^(resnet18|faceexpr)_infer(\d+)$/.exec(workload || '');
  if (!m) throw new Error(`unknown workload ${workload}`);
  const batch = Number(m[2]);
  const threads = Number(option('--threads', '2'));
  const ort = require(path.join(option('--ort', '.'), 'node_modules', 'onnxruntime-node'));
  const session = await ort.InferenceSession.create(option('--model', 'resnet18.onnx'), {
    executionProviders: ['cpu'], intraOpNumThreads: threads, interOpNumThreads: 1,
    executionMode: 'sequential', graphOptimizationLevel: 'all',
  });
  const data = new Float32Array(batch * 3 * 112 * 112);
  let seed = 1;
  for (let i = 0; i < data.length; i++) { seed = (seed * 1103515245 + 12345) >>> 0; data[i] = seed / 4294967296; }
  // FaceExpressionNet's graph reads (pixel - mean) / 255: the same kind of values as uniform 0..1 minus a half.
  if (m[1] === 'faceexpr') for (let i = 0; i < data.length; i++) data[i] -= 0.5;
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, [batch, 3, 112, 112]) };
  const iterations = Number(option('--iterations', '0')) || (batch === 1 ? 20 : 8);
  for (let i = 0; i < 3; i++) await session.run(feeds);
  const samples = [];
  for (let i = 0; i < iterations; i++) {
    const t = process.hrtime.bigint();
    await session.run(feeds);
    samples.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  samples.sort((a, b) => a - b);
  const h = samples.length >> 1;
  const median = samples.length % 2 ? samples[h] : (samples[h - 1] + samples[h]) / 2;
  console.log(JSON.stringify({ workload, peer: 'onnxruntime', seconds: median, min: samples[0], max: samples[samples.length - 1],
    peak_rss_mb: process.resourceUsage().maxRSS / 1024 }));
}

main().catch(e => { console.error(e); process.exit(1); });
