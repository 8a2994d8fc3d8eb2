import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { layerGraph } from './layerGraph';
import { teachableLike } from '../testing/models';
import { loadDemoModel, useBackend } from '../testing/node';

const edgesOf = (g: ReturnType<typeof layerGraph>) => g.edges.map((e) => `${e.from} -> ${e.to}`).sort();

describe('layer graph', () => {
  beforeAll(() => useBackend('cpu'));

  it("draws the demo model as its model.json states it: every layer once, shapes and parameters by Keras' rules, a chain", async () => {
    // Expected values from the stored topology, by the layer rules written out here (not by tfjs).
    const json = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../public/models/demo/model.json'), 'utf8'));
    const layers = json.modelTopology.config.layers as { class_name: string; config: Record<string, unknown> }[];
    let shape = (layers[0].config.batch_input_shape as number[]).slice(1); // [H, W, C]
    const expected = layers.map(({ class_name, config }) => {
      let params = 0;
      if (class_name === 'Conv2D') {
        const [kh, kw] = config.kernel_size as number[];
        params = kh * kw * shape[2] * (config.filters as number) + (config.filters as number);
        shape = [shape[0], shape[1], config.filters as number]; // 'same' padding, stride 1
      } else if (class_name === 'MaxPooling2D') {
        shape = [Math.floor(shape[0] / 2), Math.floor(shape[1] / 2), shape[2]];
      } else if (class_name === 'GlobalAveragePooling2D') {
        shape = [shape[2]];
      } else if (class_name === 'Dense') {
        params = shape[0] * (config.units as number) + (config.units as number);
        shape = [config.units as number];
      }
      return { path: config.name as string, className: class_name, outputShape: [null, ...shape], params, activation: config.activation && config.activation !== 'linear' ? config.activation : null };
    });
    const { model } = await loadDemoModel();
    const before = tf.memory().numTensors;
    const g = layerGraph(model);
    expect(tf.memory().numTensors).toBe(before);
    expect(g.nodes.map(({ path: p, className, outputShape, params, activation }) => ({ path: p, className, outputShape, params, activation }))).toEqual(expected);
    expect(g.nodes.every((n) => n.parent === null && !n.block)).toBe(true);
    const names = expected.map((e) => e.path);
    expect(edgesOf(g)).toEqual(names.slice(1).map((n, i) => `${names[i]} -> ${n}`).sort());
    model.dispose();
  });

  it('keeps a skip connection of a functional model as two edges into the merge', () => {
    const inp = tf.input({ shape: [8, 8, 2], name: 'pixels' });
    const a = tf.layers.conv2d({ name: 'a', filters: 4, kernelSize: 3, padding: 'same' }).apply(inp) as tf.SymbolicTensor;
    const b = tf.layers.conv2d({ name: 'b', filters: 4, kernelSize: 1, activation: 'relu' }).apply(a) as tf.SymbolicTensor;
    const sum = tf.layers.add({ name: 'sum' }).apply([a, b]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ name: 'out', units: 2, activation: 'softmax' }).apply(tf.layers.flatten({ name: 'flat' }).apply(sum)) as tf.SymbolicTensor;
    const model = tf.model({ inputs: inp, outputs: out });
    const g = layerGraph(model);
    expect(g.nodes.map((n) => n.path)).toEqual(['pixels', 'a', 'b', 'sum', 'flat', 'out']);
    expect(edgesOf(g)).toEqual(['a -> b', 'a -> sum', 'b -> sum', 'flat -> out', 'pixels -> a', 'sum -> flat'].sort());
    const byPath = new Map(g.nodes.map((n) => [n.path, n]));
    expect(byPath.get('a')!.params).toBe(3 * 3 * 2 * 4 + 4);
    expect(byPath.get('b')!.params).toBe(4 * 4 + 4);
    expect(byPath.get('b')!.activation).toBe('relu');
    expect(byPath.get('flat')!.outputShape).toEqual([null, 8 * 8 * 4]);
    expect(byPath.get('out')!.params).toBe(8 * 8 * 4 * 2 + 2);
    model.dispose();
  });

  it("collapses Teachable Machine's nesting into blocks that hold their layers, each layer once", () => {
    const model = teachableLike();
    const g = layerGraph(model);
    const paths = g.nodes.map((n) => n.path);
    expect(new Set(paths).size).toBe(paths.length);
    const M = 'sequential_1/mobilenet';
    expect(paths).toEqual(['sequential_1', M, `${M}/input1`, `${M}/Conv1`, `${M}/Conv2`, `${M}/skip`, `${M}/out_relu`, `${M}/gap`, 'sequential_3', 'sequential_3/dense_Dense1', 'sequential_3/dense_Dense2']);
    const byPath = new Map(g.nodes.map((n) => [n.path, n]));
    expect(byPath.get('sequential_1')!).toMatchObject({ block: true, parent: null, outputShape: [null, 8] });
    expect(byPath.get(M)!).toMatchObject({ block: true, parent: 'sequential_1' });
    expect(byPath.get(`${M}/Conv1`)!).toMatchObject({ block: false, parent: M, outputShape: [null, 16, 16, 8], params: 3 * 3 * 3 * 8 + 8, activation: 'relu' });
    expect(byPath.get(`${M}/Conv2`)!.params).toBe(3 * 3 * 8 * 8 + 8);
    // a block counts every parameter inside it
    expect(byPath.get('sequential_1')!.params).toBe(3 * 3 * 3 * 8 + 8 + 3 * 3 * 8 * 8 + 8);
    expect(byPath.get('sequential_3')!.params).toBe(8 * 6 + 6 + 6 * 3 + 3);
    expect(edgesOf(g)).toEqual(
      [
        'sequential_1 -> sequential_3',
        `${M}/input1 -> ${M}/Conv1`,
        `${M}/Conv1 -> ${M}/Conv2`,
        `${M}/Conv1 -> ${M}/skip`,
        `${M}/Conv2 -> ${M}/skip`,
        `${M}/skip -> ${M}/out_relu`,
        `${M}/out_relu -> ${M}/gap`,
        'sequential_3/dense_Dense1 -> sequential_3/dense_Dense2',
      ].sort(),
    );
    // every edge stays within one level
    for (const e of g.edges) expect(byPath.get(e.from)!.parent).toBe(byPath.get(e.to)!.parent);
    model.dispose();
  });
});
