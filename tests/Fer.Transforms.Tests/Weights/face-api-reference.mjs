// Independent reference for TfjsWeightsLoaderTests: decodes the bundled face-api tfjs weights with
// Node's own typed arrays (as tfjs does: q * scale + min stored into a Float32Array) and writes
// per-tensor statistics. Run from the repository root:
//   node tests/Fer.Transforms.Tests/Weights/face-api-reference.mjs > tests/Fer.Transforms.Tests/Weights/face-api-reference.json
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const folder = 'assets/face-api/model';
const models = ['face_expression_model', 'face_landmark_68_tiny_model', 'tiny_face_detector_model'];
const out = {};
for (const model of models) {
  const manifest = JSON.parse(readFileSync(join(folder, `${model}-weights_manifest.json`), 'utf8'));
  const tensors = [];
  for (const group of manifest) {
    const buffers = group.paths.map(p => readFileSync(join(folder, p)));
    const all = Buffer.concat(buffers);
    let offset = 0;
    for (const w of group.weights) {
      const count = w.shape.reduce((a, b) => a * b, 1);
      const values = new Float32Array(count);
      const q = w.quantization;
      if (!q) {
        for (let i = 0; i < count; i++) values[i] = all.readFloatLE(offset + 4 * i);
        offset += 4 * count;
      } else if (q.dtype === 'uint8') {
        for (let i = 0; i < count; i++) values[i] = all[offset + i] * q.scale + q.min;
        offset += count;
      } else {
        throw new Error(`unexpected quantization ${q.dtype}`);
      }
      let sum = 0, sumAbs = 0;
      for (const v of values) { sum += v; sumAbs += Math.abs(v); }
      const probe = [0, Math.floor(count / 3), Math.floor(count / 2), count - 1];
      tensors.push({ name: w.name, shape: w.shape, count, sum, sumAbs, probe, probeValues: probe.map(i => values[i]) });
    }
    if (offset !== all.length) throw new Error(`${model}: consumed ${offset} of ${all.length} bytes`);
  }
  out[model] = tensors;
}
// One tensor per line keeps the committed file readable in diffs.
const lines = Object.entries(out).map(([m, ts]) => ` ${JSON.stringify(m)}: [\n${ts.map(t => '  ' + JSON.stringify(t)).join(',\n')}\n ]`);
console.log(`{\n${lines.join(',\n')}\n}`);
