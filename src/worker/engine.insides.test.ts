// The engine's view of the model's insides (issue 17), through the Engine itself on wasm with the demo model.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { Engine } from './engine';
import { DEMO_WEIGHTS, demoBytes, demoEngine } from './testEngine';

let engine: Engine;

beforeAll(async () => {
  engine = await demoEngine();
});

describe('model insides through the engine', () => {
  it('gives the layer graph of the active model: the layers its model.json lists, in order', () => {
    const json = JSON.parse(demoBytes('model.json').toString('utf8'));
    const names = (json.modelTopology.config.layers as { config: { name: string } }[]).map((l) => l.config.name);
    const g = engine.modelGraph();
    expect(g.nodes.map((n) => n.path)).toEqual(names);
    expect(g.edges).toHaveLength(names.length - 1);
  });

  it("gives a layer's feature maps for a loaded image, with Grad-CAM weights, and leaves only the model's weights", async () => {
    const [img] = engine.demoImages(1);
    const a = await engine.layerActivations(img.id, 'conv3', 0);
    expect([a.height, a.width, a.channels]).toEqual([16, 16, 64]);
    expect(a.maps).toHaveLength(16 * 16 * 64);
    expect(a.summary.every((s) => Number.isFinite(s.weight))).toBe(true);
    // the demo conv layers end in ReLU: no activation is negative
    expect(Math.min(...a.maps)).toBeGreaterThanOrEqual(0);
    expect(tf.memory().numTensors).toBe(DEMO_WEIGHTS);
    await expect(engine.layerActivations(img.id, 'nope', null)).rejects.toThrow(/no layer "nope"/);
    expect(tf.memory().numTensors).toBe(DEMO_WEIGHTS);
  });

  it("draws the first convolution's 16 filters as 3x3 RGB patches", () => {
    const f = engine.firstConvFilters()!;
    expect([f.layer, f.count, f.height, f.width]).toEqual(['conv1', 16, 3, 3]);
    expect(f.rgba).toHaveLength(16 * 3 * 3 * 4);
    // every filter reaches its own extreme: 255 or 1 somewhere in its patch
    for (let k = 0; k < 16; k++) {
      const patch = Array.from(f.rgba.slice(k * 36, (k + 1) * 36)).filter((_, i) => i % 4 !== 3);
      expect(patch.some((v) => v === 255 || v === 1)).toBe(true);
    }
  });
});
