// The races of issue 11, in Node on the wasm and cpu backends, through the Engine itself (the object the
// worker exposes): a long LIME (or RISE) run, and at once another image, another method, another
// backend, training, another model. Each time: no "already disposed", the older run never hands out a
// result, the newer request gets exactly the result it gets when run alone, and the tensor count ends
// where the models alone put it (with no leak warning on the way).

import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { configureWasm } from '../core/backend/ladder';
import { DEMO_MODEL_DIR } from '../core/testing/node';
import { cancelReasonOf } from '../shared/jobs';
import type { Attribution, ImageInfo, Progress } from '../shared/types';
import { Engine, type ExplainRequest } from './engine';
import { defaultTrainingSettings } from './training';
import { userErrorOf } from './testHost';

const DEMO_FILES = ['model.json', 'group1-shard1of1.bin', 'metadata.json'];
const demoBytes = (name: string) => fs.readFileSync(path.join(DEMO_MODEL_DIR, name));
/** Weight tensors a model.json declares (what the model adds to tf.memory().numTensors). */
const weightCount = (modelJson: { weightsManifest: { weights: unknown[] }[] }) => modelJson.weightsManifest.reduce((n, g) => n + g.weights.length, 0);
const DEMO_WEIGHTS = weightCount(JSON.parse(demoBytes('model.json').toString('utf8')));

const LONG_LIME = { samples: 6000 };

let engine: Engine;
let images: ImageInfo[];
let baseline: number;
let warn: MockInstance<typeof console.warn>;
let seq = 0;
let trainedWeights = 0;

function explain(req: Omit<ExplainRequest, 'jobId'>, onProgress?: (p: Progress) => void): { id: string; result: Promise<Attribution> } {
  const id = `t${++seq}`;
  return { id, result: engine.explain({ ...req, jobId: id }, onProgress) };
}

/** Starts a long run and resolves once it has reported real progress (it is under way, holding the model). */
async function underWay(req: Omit<ExplainRequest, 'jobId'>): Promise<{ id: string; result: Promise<Attribution>; seen: Progress[] }> {
  const seen: Progress[] = [];
  let started!: () => void;
  const going = new Promise<void>((r) => (started = r));
  const job = explain(req, (p) => {
    seen.push(p);
    if (p.done > 0) started();
  });
  await Promise.race([going, job.result]);
  return { ...job, seen };
}

async function reasonOf(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    return cancelReasonOf(e) ?? `error: ${(e as Error).message}`;
  }
}

const leakWarnings = () => warn.mock.calls.map((c) => String(c[0])).filter((m) => /tensors? behind/.test(m));

beforeAll(async () => {
  configureWasm();
  engine = new Engine();
  const files = Object.fromEntries(DEMO_FILES.map((n) => [n, `data:application/octet-stream;base64,${demoBytes(n).toString('base64')}`]));
  const r = await engine.init({ wasmPaths: {}, demoModel: { base: '', files } });
  if (r.backend.active !== 'wasm') await engine.setBackend('wasm');
  images = engine.demoImages(1);
  baseline = tf.memory().numTensors;
  // The demo model's weights are all the engine holds.
  expect(baseline).toBe(DEMO_WEIGHTS);
  warn = vi.spyOn(console, 'warn');
});

afterEach(() => {
  expect(leakWarnings()).toEqual([]);
});

afterAll(() => warn?.mockRestore());

describe('a long LIME run, then at once…', () => {
  it('another method: LIME is superseded (no result), Grad-CAM shows its own map, nothing leaks', async () => {
    const alone = await explain({ imageId: images[1].id, methodId: 'gradcam', target: 1 }).result;
    const lime = await underWay({ imageId: images[1].id, methodId: 'lime', target: 1, options: LONG_LIME });
    expect(lime.seen.at(-1)!.done).toBeLessThan(lime.seen.at(-1)!.total);
    const gradcam = explain({ imageId: images[1].id, methodId: 'gradcam', target: 1 });
    expect(await reasonOf(lime.result)).toBe('superseded');
    const a = await gradcam.result;
    expect(a.run.method).toBe('gradcam');
    expect(a.run.cancelled).toBeFalsy();
    expect(Array.from(a.values)).toEqual(Array.from(alone.values));
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('"Forget everything" (settle): LIME is superseded, and settle resolves only after it has ended', async () => {
    const lime = await underWay({ imageId: images[1].id, methodId: 'lime', target: 1, options: LONG_LIME });
    let limeEnded = false;
    const ended = reasonOf(lime.result).then((r) => {
      limeEnded = true;
      return r;
    });
    await engine.settle();
    expect(limeEnded).toBe(true);
    expect(await ended).toBe('superseded');
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('another image: the second LIME run gives exactly what it gives alone', async () => {
    const small = { samples: 150, seed: 4 };
    const alone = await explain({ imageId: images[2].id, methodId: 'lime', target: 2, options: small }).result;
    const first = await underWay({ imageId: images[0].id, methodId: 'lime', target: 0, options: LONG_LIME });
    const second = explain({ imageId: images[2].id, methodId: 'lime', target: 2, options: small });
    expect(await reasonOf(first.result)).toBe('superseded');
    const a = await second.result;
    expect(a.run.method).toBe('lime');
    expect(Array.from(a.values)).toEqual(Array.from(alone.values));
    expect(Array.from(a.segments!)).toEqual(Array.from(alone.segments!));
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('Stop: the run hands out its partial map, marked stopped by the person', async () => {
    const lime = await underWay({ imageId: images[0].id, methodId: 'lime', target: 0, options: LONG_LIME });
    engine.cancel(lime.id, 'stopped');
    const a = await lime.result;
    expect(a.run).toMatchObject({ method: 'lime', cancelled: true, cancelReason: 'stopped' });
    expect(a.run.evaluations.total).toBe(6000);
    expect(a.run.evaluations.done).toBeGreaterThan(0);
    expect(a.run.evaluations.done).toBeLessThan(6000);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('another backend: the switch waits for LIME to end; no "already disposed"; Grad-CAM on the new backend matches', async () => {
    const reference = await explain({ imageId: images[1].id, methodId: 'gradcam', target: 1 }).result;
    const lime = await underWay({ imageId: images[1].id, methodId: 'lime', target: 1, options: LONG_LIME });
    // A prediction queued behind LIME is superseded by the switch too (it was asked of the old model).
    const prediction = engine.predict(images[1].id);
    const switched = engine.setBackend('cpu');
    expect(await reasonOf(lime.result)).toBe('superseded');
    expect(await reasonOf(prediction)).toBe('superseded');
    expect((await switched).backend.active).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    const a = await explain({ imageId: images[1].id, methodId: 'gradcam', target: 1 }).result;
    expect(a.run.backend).toBe('cpu');
    const diff = Math.max(...Array.from(a.values, (v, i) => Math.abs(v - reference.values[i])));
    expect(diff).toBeLessThan(1e-4 * Math.max(...reference.values));
    // The model was rebuilt on cpu and the wasm copy freed.
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('another backend 300 ms into RISE (the reported failure): RISE ends superseded, the switch succeeds', async () => {
    const rise = explain({ imageId: images[0].id, methodId: 'rise', target: 0, options: { masks: 4000 } });
    await new Promise((r) => setTimeout(r, 300));
    const switched = engine.setBackend('wasm');
    expect(await reasonOf(rise.result)).toBe('superseded');
    expect((await switched).backend.active).toBe('wasm');
    const a = await explain({ imageId: images[0].id, methodId: 'rise', target: 0, options: { masks: 64 } }).result;
    expect(a.run).toMatchObject({ method: 'rise', backend: 'wasm' });
    expect(a.run.evaluations.done).toBe(64);
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('training: LIME is superseded, training runs alone, requests made meanwhile wait and then use the trained model', async () => {
    const ids = ['c1', 'c2', 'c3'];
    engine.addSyntheticTrainingSet(ids, 8, 32);
    const classes = [{ id: 'c1', name: 'normal' }, { id: 'c2', name: 'lesion' }, { id: 'c3', name: 'cyst' }];
    const settings = { ...defaultTrainingSettings(), inputSize: 32, epochs: 1, validationFraction: 0.25, seed: 2 };
    const lime = await underWay({ imageId: images[1].id, methodId: 'lime', target: 1, options: LONG_LIME });
    let batches = 0;
    const training = engine.train({ classes, settings, name: 'raced' }, () => void batches++);
    expect(await reasonOf(lime.result)).toBe('superseded');
    // While the model trains, the model cannot change and a request waits (and says so).
    expect((await userErrorOf(engine.setBackend('cpu'))).title).toBe('Training is running');
    expect((await userErrorOf(engine.loadDemoModel())).title).toBe('Training is running');
    const waits: Progress[] = [];
    const during = explain({ imageId: images[1].id, methodId: 'gradcam', target: 1 }, (p) => void waits.push(p));
    expect(waits[0]).toEqual({ done: 0, total: 0, stage: 'waiting for training to finish' });
    const outcome = await training;
    expect(batches).toBeGreaterThan(0);
    expect(outcome.change.model.name).toBe('raced');
    const a = await during.result;
    // It ran on the trained model: the same as asking again now.
    const again = await explain({ imageId: images[1].id, methodId: 'gradcam', target: 1 }).result;
    expect(Array.from(a.values)).toEqual(Array.from(again.values));
    const files = await engine.exportModel(null);
    trainedWeights = weightCount(JSON.parse(new TextDecoder().decode(files.find((f) => f.name === 'model.json')!.bytes)));
    expect(tf.memory().numTensors).toBe(baseline - DEMO_WEIGHTS + trainedWeights);
  });

  it('another model (files): LIME is superseded, the new model answers, the old one is freed', async () => {
    const before = tf.memory().numTensors;
    const reference = await explain({ imageId: images[1].id, methodId: 'gradcam', target: 1 }).result;
    const lime = await underWay({ imageId: images[1].id, methodId: 'lime', target: 1, options: LONG_LIME });
    const files = DEMO_FILES.map((name) => ({ name, blob: new Blob([new Uint8Array(demoBytes(name))]) }));
    const loaded = engine.loadModelFiles(files);
    expect(await reasonOf(lime.result)).toBe('superseded');
    const change = await loaded;
    expect(change.model.labels).toEqual(['normal', 'lesion', 'cyst']);
    expect(tf.memory().numTensors).toBe(before - trainedWeights + DEMO_WEIGHTS);
    const a = await explain({ imageId: images[1].id, methodId: 'gradcam', target: 1 }).result;
    // The demo model's map, not the trained model's.
    expect(Array.from(a.values)).not.toEqual(Array.from(reference.values));
    expect(a.run.method).toBe('gradcam');
  });

  it('another model (back to the demo), with a broken load in between: a refused load changes nothing', async () => {
    const lime = await underWay({ imageId: images[2].id, methodId: 'lime', target: 2, options: LONG_LIME });
    const broken = engine.loadModelFiles([{ name: 'model.json', blob: new Blob(['{ not json']) }]);
    expect(await reasonOf(lime.result)).toBe('superseded');
    expect(await reasonOf(broken)).toMatch(/^error: /);
    expect(tf.memory().numTensors).toBe(baseline);
    const lime2 = await underWay({ imageId: images[2].id, methodId: 'lime', target: 2, options: LONG_LIME });
    const demo = engine.loadDemoModel();
    expect(await reasonOf(lime2.result)).toBe('superseded');
    expect((await demo).origin.metadata.source).toBe('demo');
    expect(tf.memory().numTensors).toBe(baseline);
  });
});

describe('the leak check', () => {
  it('stays silent over many runs, cancels and swaps, and the count returns to the models\' weights', async () => {
    for (let i = 0; i < 6; i++) {
      const a = await underWay({ imageId: images[i % 3].id, methodId: i % 2 ? 'lime' : 'rise', target: i % 3, options: i % 2 ? LONG_LIME : { masks: 4000 } });
      const b = explain({ imageId: images[(i + 1) % 3].id, methodId: 'gradcam', target: 0 });
      const c = explain({ imageId: images[(i + 2) % 3].id, methodId: 'occlusion', target: 1, options: { window: 16, stride: 16 } });
      expect(await reasonOf(a.result)).toBe('superseded');
      expect(await reasonOf(b.result)).toBe('superseded');
      expect((await c.result).run.method).toBe('occlusion');
    }
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
