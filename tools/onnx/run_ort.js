// Runs ONNX models with ONNX Runtime (onnxruntime-node, CPU) for the cross-check tests.
//
// Usage: node run_ort.js job.json
// job.json: {"jobs": [{"model": "/abs/model.onnx", "outDir": "/abs/dir",
//             "inputs": [{"name": "x", "file": "/abs/x.f32", "shape": [1, 3, 8, 8], "type": "float32"}]}]}
// Input files are raw little-endian float32 (type "int64" inputs are given as float32 and converted).
// For every job, output k (in the session's output order) is written to outDir/k.f32 as float32,
// and outDir/outputs.json lists {"names": [...], "shapes": [[...], ...]}.
// onnxruntime-node is resolved through NODE_PATH (the tests install it in a cache folder).
'use strict';
const fs = require('fs');
const path = require('path');
const ort = require('onnxruntime-node');

function readFloat32(file) {
  const buf = fs.readFileSync(file);
  const copy = new ArrayBuffer(buf.length);
  new Uint8Array(copy).set(buf);
  return new Float32Array(copy);
}

async function runJob(job) {
  const session = await ort.InferenceSession.create(job.model, { graphOptimizationLevel: 'disabled', intraOpNumThreads: 1 });
  const feeds = {};
  for (const input of job.inputs) {
    const data = readFloat32(input.file);
    if (input.type === 'int64') {
      feeds[input.name] = new ort.Tensor('int64', BigInt64Array.from(data, (v) => BigInt(Math.trunc(v))), input.shape);
    } else {
      feeds[input.name] = new ort.Tensor('float32', data, input.shape);
    }
  }
  const results = await session.run(feeds);
  fs.mkdirSync(job.outDir, { recursive: true });
  const shapes = [];
  session.outputNames.forEach((name, k) => {
    const t = results[name];
    const values = t.type === 'float32' ? t.data : Float32Array.from(t.data, (v) => Number(v));
    fs.writeFileSync(path.join(job.outDir, `${k}.f32`), Buffer.from(values.buffer, values.byteOffset, values.byteLength));
    shapes.push(t.dims.map(Number));
  });
  fs.writeFileSync(path.join(job.outDir, 'outputs.json'), JSON.stringify({ names: session.outputNames, shapes }));
}

(async () => {
  const spec = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  for (const job of spec.jobs) {
    try {
      await runJob(job);
    } catch (e) {
      fs.mkdirSync(job.outDir, { recursive: true });
      fs.writeFileSync(path.join(job.outDir, 'error.txt'), String(e && e.stack ? e.stack : e));
    }
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
