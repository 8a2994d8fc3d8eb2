// The batch (worker/batch.ts) through the Engine itself, on the demo model in Node (wasm): its rows are
// what explaining each image alone and measuring its deletion curve alone give; it leaves no tensor
// behind; Stop keeps the rows done; the view's explanation runs between its images, untouched; a model
// swap or Forget everything (settle) ends it as 'cancelled' with the rows done kept.

import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { configureWasm } from '../core/backend/ladder';
import { DEMO_MODEL_DIR, loadDemoModel } from '../core/testing/node';
import { deletionInsertionCurve } from '../core/metrics/deletion';
import { batchSizeFor } from '../core/explain/batching';
import type { BatchOutcome, BatchRequest, BatchRow } from '../shared/batch';
import type { ImageInfo } from '../shared/types';
import { Engine } from './engine';

const DEMO_FILES = ['model.json', 'group1-shard1of1.bin', 'metadata.json'];
const demoBytes = (name: string) => fs.readFileSync(path.join(DEMO_MODEL_DIR, name));
const FIGURES = { steps: 10, randomOrders: 2, seed: 3, baseline: 'blur' as const };

let engine: Engine;
let images: ImageInfo[];
let baseline: number;
let warn: MockInstance<typeof console.warn>;
let seq = 0;

const leakWarnings = () => warn.mock.calls.map((c) => String(c[0])).filter((m) => /tensors? behind/.test(m));

function batch(methodId: string, imgs: ImageInfo[], options = {}, onRow?: (row: BatchRow, rows: BatchRow[]) => void): { id: string; rows: BatchRow[]; done: Promise<BatchOutcome> } {
  const id = `b${++seq}`;
  const rows: BatchRow[] = [];
  const req: BatchRequest = { batchId: id, methodId, options, figures: FIGURES, items: imgs.map((i) => ({ key: i.id, name: i.name, imageId: i.id, trueLabel: i.trueLabel })) };
  const done = engine.runBatch(req, (row) => {
    rows.push(row);
    onRow?.(row, rows);
  });
  return { id, rows, done };
}

beforeAll(async () => {
  configureWasm();
  engine = new Engine();
  const files = Object.fromEntries(DEMO_FILES.map((n) => [n, `data:application/octet-stream;base64,${demoBytes(n).toString('base64')}`]));
  const r = await engine.init({ wasmPaths: {}, demoModel: { base: '', files } });
  if (r.backend.active !== 'wasm') await engine.setBackend('wasm');
  images = engine.demoImages(2);
  baseline = tf.memory().numTensors;
  warn = vi.spyOn(console, 'warn');
});

afterEach(() => {
  expect(leakWarnings()).toEqual([]);
});

afterAll(() => warn?.mockRestore());

describe('batch over the demo gallery', () => {
  it('gives, per image, what predict + explain + the deletion curve give alone; no tensor left behind', async () => {
    const opts = { steps: 8 };
    const b = batch('intgrad', images, opts);
    const outcome = await b.done;
    expect(outcome).toEqual({ end: 'finished', rows: images.length, total: images.length });
    expect(tf.memory().numTensors).toBe(baseline);
    expect(b.rows.map((r) => r.key)).toEqual(images.map((i) => i.id));

    // The reference: the engine's own predict and explain, and the deletion curve on a second copy of the model.
    const ref = await loadDemoModel();
    try {
      for (const [k, img] of images.entries()) {
        const row = b.rows[k];
        const p = await engine.predict(img.id);
        expect(row.status).toBe('done');
        expect(row.top).toBe(p.top);
        expect(row.probabilities).toEqual(p.probabilities);
        expect(row.trueLabel).toBe(img.trueLabel);
        // Explain 'auto' (the default): the logit of a class whose probability is within 1e-3 of 0 or 1.
        const pt = p.probabilities[p.top];
        const score = Math.min(pt, 1 - pt) < 1e-3 ? 'logit' : 'probability';
        expect(row.score).toBe(score);
        const a = await engine.explain({ jobId: `ref${k}`, imageId: img.id, methodId: 'intgrad', target: p.top, options: opts, score });
        const x = ref.inputTensor(engine['image'](img.id).pixels);
        const ctx = { model: ref.model, info: ref.info, preprocessing: ref.meta.preprocessing, batchSize: Math.min(batchSizeFor('wasm', x.size), ref.maxBatch) };
        const curve = await deletionInsertionCurve(ctx, x, p.top, a.values, { mode: 'deletion', steps: FIGURES.steps, randomOrders: FIGURES.randomOrders, seed: FIGURES.seed, baseline: { kind: 'blur' }, score });
        x.dispose();
        // The areas the badge judges: each curve held between the map curve's two ends, trapezoids by hand.
        const ys = curve.curve.scores;
        const lo = Math.min(ys[0], ys[ys.length - 1]);
        const hi = Math.max(ys[0], ys[ys.length - 1]);
        const held = (c: { fractions: number[]; scores: number[] }) => {
          const v = c.scores.map((y) => Math.min(hi, Math.max(lo, y)));
          return v.reduce((sum, y, i) => (i ? sum + ((c.fractions[i] - c.fractions[i - 1]) * (y + v[i - 1])) / 2 : sum), 0);
        };
        const mapAuc = held(curve.curve);
        const randomAuc = held(curve.random!);
        expect(row.deletion!.auc).toBeCloseTo(mapAuc, 6);
        expect(row.deletion!.randomAuc).toBeCloseTo(randomAuc, 6);
        // The badge by TRUST_RULES.deletion, recomputed by hand from the two areas.
        // (On the logit the 0.05 margin is taken as 5% of the range between the curve's ends.)
        const margin = (randomAuc - mapAuc) / (score === 'probability' ? 1 : hi - lo);
        expect(row.deletion!.status).toBe(margin >= 0.05 ? 'ok' : margin > 0 ? 'warn' : 'fail');
        // The result's own checks, counted here from the attribution the view would get.
        expect(row.checks!.ok).toBe(a.checks.filter((c) => c.status === 'ok').length);
        expect(row.checks!.warn).toBe(a.checks.filter((c) => c.status === 'warn').length);
        expect(row.checks!.fail).toBe(a.checks.filter((c) => c.status === 'fail').length);
        expect(row.checks!.ok + row.checks!.warn + row.checks!.fail + row.checks!.unrated).toBe(a.checks.length);
        expect(row.units).toBe(a.units);
      }
    } finally {
      ref.dispose();
    }
    expect(tf.memory().numTensors).toBe(baseline);
  }, 120_000);

  it('Grad-CAM beats a random order on the lesion and cyst images (blurred pixels): the badges are not degenerate', async () => {
    const b = batch('gradcam', images);
    await b.done;
    // A lesion or cyst image shows its evidence in one blob: blurring the map's top pixels first removes
    // it, a random order does not. (A normal image has no such place, so no such promise is made there.)
    const blobs = b.rows.filter((r) => r.trueLabel !== 'normal');
    expect(blobs).toHaveLength(4);
    for (const r of blobs) {
      expect(r.deletion!.status, r.name).toBe('ok');
      expect(r.deletion!.randomAuc - r.deletion!.auc).toBeGreaterThanOrEqual(0.05);
    }
    expect(tf.memory().numTensors).toBe(baseline);
  }, 120_000);

  it('Stop while an image is being computed: that image gives no row, the rows done stay', async () => {
    let stopAt: Promise<void> | null = null;
    const b = batch('lime', images.slice(0, 4), { samples: 2000 }, (_row, rows) => {
      // Two rows in: let the third image get under way, then Stop.
      if (rows.length === 2) stopAt = new Promise((r) => setTimeout(() => r(engine.stopBatch(b.id)), 150));
    });
    const outcome = await b.done;
    await stopAt;
    expect(outcome).toEqual({ end: 'stopped', rows: 2, total: 4 });
    expect(b.rows).toHaveLength(2);
    expect(b.rows.every((r) => r.status === 'done' && Number.isFinite(r.deletion!.auc))).toBe(true);
    expect(tf.memory().numTensors).toBe(baseline);
  }, 120_000);

  it('the view explains between its images: neither cancels the other', async () => {
    const alone = await engine.explain({ jobId: 'alone', imageId: images[4].id, methodId: 'gradcam', target: 1 });
    let rowsWhenViewDone = -1;
    const b = batch('lime', images.slice(0, 4), { samples: 600 }, (_row, rows) => {
      if (rows.length === 1) {
        void engine.explain({ jobId: 'view', imageId: images[4].id, methodId: 'gradcam', target: 1, slot: 'view' }).then((a) => {
          rowsWhenViewDone = b.rows.length;
          expect(a.run.cancelled).toBeFalsy();
          expect(Array.from(a.values)).toEqual(Array.from(alone.values));
        });
      }
    });
    const outcome = await b.done;
    expect(outcome.end).toBe('finished');
    expect(b.rows).toHaveLength(4);
    // Queued after the first row, the view's request waited for at most the image under way.
    expect(rowsWhenViewDone).toBeGreaterThanOrEqual(1);
    expect(rowsWhenViewDone).toBeLessThanOrEqual(2);
    expect(tf.memory().numTensors).toBe(baseline);
  }, 120_000);

  it('a model swap ends it as cancelled, keeping the rows done, and never explains with the new model', async () => {
    let swap: Promise<unknown> | null = null;
    const b = batch('lime', images, { samples: 1500 }, (_row, rows) => {
      if (rows.length === 1) swap = engine.loadDemoModel();
    });
    const outcome = await b.done;
    await swap;
    expect(outcome.end).toBe('cancelled');
    expect(outcome.reason).toMatch(/model changed/);
    expect(outcome.rows).toBe(b.rows.length);
    expect(b.rows.length).toBeGreaterThanOrEqual(1);
    expect(b.rows.length).toBeLessThan(images.length);
    expect(tf.memory().numTensors).toBe(baseline);
  }, 120_000);

  it('Forget everything (settle) ends it as cancelled; an image gone from the gallery gives a failed row and the batch goes on', async () => {
    const extra = engine.demoImages(1)[0];
    engine.removeImage(extra.id);
    const b = batch('gradcam', [images[0], extra, images[1]]);
    const outcome = await b.done;
    expect(outcome).toEqual({ end: 'finished', rows: 3, total: 3 });
    expect(b.rows.map((r) => r.status)).toEqual(['done', 'failed', 'done']);
    expect(b.rows[1].error!.detail).toMatch(/no longer loaded/);

    let settled: Promise<void> | null = null;
    const c = batch('lime', images, { samples: 1500 }, (_row, rows) => {
      if (rows.length === 1) settled = engine.settle();
    });
    const o2 = await c.done;
    await settled;
    expect(o2.end).toBe('cancelled');
    expect(o2.reason).toMatch(/forgotten/);
    expect(c.rows).toHaveLength(1);
    expect(tf.memory().numTensors).toBe(baseline);
  }, 120_000);

  it('refuses an unknown method or invalid options before any image, with what to do', async () => {
    await expect(engine.runBatch({ batchId: 'x1', methodId: 'nope', items: [] }, () => undefined)).rejects.toMatchObject({ title: 'Unknown method' });
    await expect(engine.runBatch({ batchId: 'x2', methodId: 'lime', options: { samples: -5 }, items: [{ key: 'a', name: 'a', imageId: images[0].id }] }, () => undefined)).rejects.toMatchObject({ title: expect.stringMatching(/option is not valid/) });
  });
});
