// The Python peer's pure parts, without Python: the bench's argument parsing, the `peer` rows of
// bench/results.json, and the tfjs -> PyTorch weight layout mapping (checked on a tiny model whose output is
// worked out by hand, then computed in tfjs's NHWC layout by tfjs itself and in torch's NCHW layout from the
// permuted weights, as peer.py reads them).
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './args';
import { peerPlan, transpose } from './peerLayout';
import { applyOutputCheck, mergePeer, peerRow, peerTable, type PeerSection } from './peerRows';

describe('bench arguments', () => {
  it('parses the normal run, --quick and --peer with its options', () => {
    expect(parseBenchArgs([])).toMatchObject({ mode: 'full', peer: false, noBuild: false, noNode: false });
    expect(parseBenchArgs(['--quick', '--backends=wasm,cpu', '--out=x.json'])).toMatchObject({ mode: 'quick', backends: ['wasm', 'cpu'], out: 'x.json' });
    expect(parseBenchArgs(['--peer', '--quick', '--peer-threads=1,2,2', '--peer-reps=5'])).toMatchObject({ mode: 'quick', peer: true, peerThreads: [1, 2], peerReps: 5 });
    expect(parseBenchArgs(['--wasm-threads', '--no-build', '--dist=d'])).toMatchObject({ wasmThreads: true, noBuild: true, dist: 'd', peer: false });
  });

  it('refuses unknown options, bad numbers and options --peer does not take', () => {
    for (const bad of [['--bogus'], ['--peer-threads=0', '--peer'], ['--peer', '--peer-reps=two'], ['--peer-reps=3'], ['--peer', '--backends=wasm'], ['--backends=metal'], ['--out'], ['--quick=yes'], ['--wasm-threads', '--peer']]) {
      const r = parseBenchArgs(bad);
      expect('error' in r, bad.join(' ')).toBe(true);
    }
  });
});

describe('peer rows', () => {
  it('keeps medians and ratio = peer / Glassbox', () => {
    // Glassbox 700, 800, 900 -> median 800; peer 300, 310, 500, 200 -> median (300 + 310) / 2 = 305.
    const r = peerRow('LIME', [900, 700, 800], [300, 500, 200, 310], { glassbox: 1, peer: 2 }, 'x');
    expect(r).toMatchObject({ item: 'LIME', glassboxMs: 800, peerMs: 305, ratio: 0.381, status: 'ok', runs: 3, glassboxThreads: 1, peerThreads: 2 });
    expect(r.detail.startsWith('Glassbox 700-900 ms, peer 200-500 ms')).toBe(true);
  });

  it('fails a row without timings, and every row when the outputs differ by more than 1e-4', () => {
    expect(peerRow('SLIC', [10], [], { glassbox: 1, peer: 1 }, 'x', 'peer slic: boom')).toMatchObject({ status: 'failed', glassboxMs: 10, detail: 'peer slic: boom' });
    const rows = [peerRow('a', [2], [4], { glassbox: 1, peer: 1 }, ''), peerRow('b', [1], [1], { glassbox: 1, peer: 1 }, '')];
    expect(applyOutputCheck(rows, 5e-5)).toEqual(rows);
    const failed = applyOutputCheck(rows, 2e-4);
    expect(failed.every((r) => r.status === 'failed' && r.peerMs === undefined && r.ratio === undefined && r.glassboxMs !== undefined)).toBe(true);
    expect(failed[0].detail).toContain('2.00e-4');
  });

  it('merges the peer section into a results file, keeping the rest, and prints it', () => {
    const section: PeerSection = { status: 'ok', startedAt: 't', cores: 2, loadAverage: { start: 1.5, end: 2 }, notes: [], rows: [peerRow('Grad-CAM', [4], [2], { glassbox: 1, peer: 2 }, '')] };
    const merged = mergePeer({ schema: 's', figures: [1], peer: { old: true } }, section, 's');
    expect(merged).toEqual({ schema: 's', figures: [1], peer: section });
    expect(mergePeer(undefined, section, 'glassbox-bench/1')).toEqual({ schema: 'glassbox-bench/1', peer: section });
    const table = peerTable(section);
    expect(table).toContain('load average 1.50 at the start, 2.00 at the end');
    expect(table).toContain('| Grad-CAM | 4.00 ms | 2.00 ms | 0.50 (Glassbox slower) | 1 / 2 | 1 |');
  });
});

// A tiny Sequential model: input 3x3x2, Conv2D 2 filters 2x2 'valid' + relu, global average pooling,
// Dense 3 (linear). Input x[h][w][0] = 3h + w, x[h][w][1] = 100 w.
// Conv kernel [kh][kw][in][out]: K[0][0][0][0] = 1, K[1][1][0][1] = 1, K[0][1][1][1] = 1; bias [0, -1].
//   filter 0 at (h, w) = x0[h][w]                                   -> 0, 1, 3, 4           mean 2
//   filter 1 at (h, w) = x0[h+1][w+1] + x1[h][w+1] - 1 = (4,5,7,8) + (100,200,100,200) - 1
//                                                                   -> 103, 204, 106, 207   mean 155
// Dense kernel [in][out] = [[1, 0, 2], [0, 1, -1]], bias [0, 0, 1]: y = [2, 155, 2*2 - 155 + 1] = [2, 155, -150].
const HAND = [2, 155, -150];
const kernel = new Float32Array(16);
const kIdx = (kh: number, kw: number, i: number, o: number) => ((kh * 2 + kw) * 2 + i) * 2 + o;
kernel[kIdx(0, 0, 0, 0)] = 1;
kernel[kIdx(1, 1, 0, 1)] = 1;
kernel[kIdx(0, 1, 1, 1)] = 1;
const weightsFlat = new Float32Array([...kernel, 0, -1, 1, 0, 2, 0, 1, -1, 0, 0, 1]);
const tinyJson = {
  format: 'layers-model',
  modelTopology: {
    class_name: 'Sequential',
    config: {
      name: 'tiny',
      layers: [
        { class_name: 'Conv2D', config: { name: 'c', filters: 2, kernel_size: [2, 2], strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'relu', use_bias: true, batch_input_shape: [null, 3, 3, 2], dtype: 'float32' } },
        { class_name: 'GlobalAveragePooling2D', config: { name: 'g', data_format: 'channels_last' } },
        { class_name: 'Dense', config: { name: 'd', units: 3, activation: 'linear', use_bias: true } },
      ],
    },
  },
  weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'c/kernel', shape: [2, 2, 2, 2], dtype: 'float32' }, { name: 'c/bias', shape: [2], dtype: 'float32' }, { name: 'd/kernel', shape: [2, 3], dtype: 'float32' }, { name: 'd/bias', shape: [3], dtype: 'float32' }] }],
};
const xNhwc = new Float32Array(18);
for (let h = 0; h < 3; h++) for (let w = 0; w < 3; w++) {
  xNhwc[(h * 3 + w) * 2] = 3 * h + w;
  xNhwc[(h * 3 + w) * 2 + 1] = 100 * w;
}

describe('tfjs -> PyTorch weight layout', () => {
  it('tfjs itself gives the hand-computed output in its NHWC layout', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: tinyJson.modelTopology, weightSpecs: tinyJson.weightsManifest[0].weights as tf.io.WeightsManifestEntry[], weightData: weightsFlat.buffer }));
    const y = tf.tidy(() => model.predict(tf.tensor4d(xNhwc, [1, 3, 3, 2])) as tf.Tensor);
    expect(Array.from(await y.data())).toEqual(HAND);
    y.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the plan maps the layers and, read as peer.py reads them, gives the same output in NCHW', () => {
    const plan = peerPlan(tinyJson);
    expect(plan.layers.map((l) => l.type)).toEqual(['conv2d', 'gap', 'dense']);
    expect(plan.layers[0]).toMatchObject({ inChannels: 2, outChannels: 2, kernel: [2, 2], padding: 'valid' });
    expect(plan.layers[2]).toMatchObject({ inUnits: 2, units: 3 });
    expect(plan.weights.map((w) => [w.name, w.offset, w.perm])).toEqual([['c/kernel', 0, [3, 2, 0, 1]], ['c/bias', 64, [0]], ['d/kernel', 72, [1, 0]], ['d/bias', 96, [0]]]);
    expect(plan.lastConv).toBe('c');
    // Torch-layout parameters, read from the bytes at the plan's offsets and permuted.
    const bytes = new DataView(weightsFlat.buffer);
    const read = (w: (typeof plan.weights)[number]) => {
      const n = w.shape.reduce((a, b) => a * b, 1);
      const raw = Array.from({ length: n }, (_, i) => bytes.getFloat32(w.offset + 4 * i, true));
      return transpose(raw, w.shape, w.perm);
    };
    const [W, b, D, db] = plan.weights.map(read);
    expect(W.shape).toEqual([2, 2, 2, 2]); // [out, in, kh, kw]
    expect(D.shape).toEqual([3, 2]); // [out, in]
    // W[o][i][kh][kw]: filter 1 takes channel 1 at kh 0, kw 1.
    expect(W.data[((1 * 2 + 1) * 2 + 0) * 2 + 1]).toBe(1);
    const X = transpose(xNhwc, [3, 3, 2], [2, 0, 1]).data; // [C, H, W]
    const gap = [0, 1].map((o) => {
      let s = 0;
      for (let h = 0; h < 2; h++) for (let w = 0; w < 2; w++) {
        let v = b.data[o];
        for (let i = 0; i < 2; i++) for (let kh = 0; kh < 2; kh++) for (let kw = 0; kw < 2; kw++) v += W.data[((o * 2 + i) * 2 + kh) * 2 + kw] * X[i * 9 + (h + kh) * 3 + (w + kw)];
        s += Math.max(0, v);
      }
      return s / 4;
    });
    expect(gap).toEqual([2, 155]);
    const y = [0, 1, 2].map((j) => db.data[j] + D.data[j * 2] * gap[0] + D.data[j * 2 + 1] * gap[1]);
    expect(y).toEqual(HAND);
  });

  it('maps the demo model and refuses what it cannot map', () => {
    const demoDir = path.join(import.meta.dirname, '../../public/models/demo');
    const demo = peerPlan(JSON.parse(fs.readFileSync(path.join(demoDir, 'model.json'), 'utf8')));
    expect(demo.layers.map((l) => l.type)).toEqual(['conv2d', 'maxpool', 'conv2d', 'maxpool', 'conv2d', 'gap', 'dense']);
    expect(demo.layers.map((l) => ('inChannels' in l ? l.inChannels : 'inUnits' in l ? l.inUnits : '-'))).toEqual([3, '-', 16, '-', 32, '-', 64]);
    expect(demo).toMatchObject({ lastConv: 'conv3', softmaxHead: true });
    // The weights fill the shard exactly: 4 bytes x (432+16 + 4608+32 + 18432+64 + 192+3) parameters.
    const last = demo.weights[demo.weights.length - 1];
    expect(last.offset + 4 * last.shape.reduce((a, b) => a * b, 1)).toBe(4 * 23779);
    expect(fs.statSync(path.join(demoDir, last.file)).size).toBe(4 * 23779);
    const bad = structuredClone(tinyJson);
    bad.modelTopology.config.layers[1] = { class_name: 'BatchNormalization', config: { name: 'bn' } } as never;
    expect(() => peerPlan(bad)).toThrow(/bn: layer type BatchNormalization/);
    const even = structuredClone(tinyJson);
    even.modelTopology.config.layers[0].config.padding = 'same';
    expect(() => peerPlan(even)).toThrow(/'same' padding/);
    expect(() => transpose([1, 2], [2], [1])).toThrow(/not a permutation/);
  });
});
