// The demo model's stored out-of-distribution statistics (public/models/demo/metadata.json, written by
// `npm run ood-demo`) flag the chest X-rays and dermoscopy photos of shared/fixtures and pass >= 95% of
// held-out synthetic images (the test split, never used to fit or calibrate them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import jpeg from 'jpeg-js';
import { SPLIT_SEEDS, syntheticSample } from '../data/synthetic';
import { DEMO_MODEL_DIR, REPO_ROOT, loadDemoModel, useBackend } from '../testing/node';
import type { LoadedModel } from '../model/loaded';
import type { RgbaImage } from '../../shared/types';
import { parseOodStatistics, verdictFor, OOD_OUT_SENTENCE, type OodStatistics } from '../../shared/ood';
import { parseMetadata } from '../model/metadata';
import { featuresOfImages, fitOodStatistics, judgeInput, mahalanobisModelOf, oodDistances } from './oodStats';
import { mahalanobisScores } from './ood';

const FIXTURES = path.resolve(REPO_ROOT, '../shared/fixtures/images');

function readImage(file: string): RgbaImage {
  const bytes = fs.readFileSync(path.join(FIXTURES, file));
  if (file.endsWith('.png')) {
    const png = PNG.sync.read(bytes);
    return { width: png.width, height: png.height, data: new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.length) };
  }
  const jp = jpeg.decode(bytes, { useTArray: true });
  return { width: jp.width, height: jp.height, data: new Uint8ClampedArray(jp.data.buffer, jp.data.byteOffset, jp.data.length) };
}

let demo: LoadedModel;
let stats: OodStatistics;
beforeAll(async () => {
  await useBackend('wasm');
  demo = await loadDemoModel();
  const parsed = parseMetadata(fs.readFileSync(path.join(DEMO_MODEL_DIR, 'metadata.json'), 'utf8'));
  if (!parsed.ok || !parsed.metadata || parsed.metadata.kind !== 'glassbox' || !parsed.metadata.extra?.ood) throw new Error('the demo metadata.json has no readable "ood" statistics: run npm run ood-demo');
  stats = parsed.metadata.extra!.ood!;
});
afterAll(() => demo?.dispose());

describe('out-of-distribution verdicts on the demo model (Lee et al. 2018)', () => {
  it('keeps the statistics next to the model: class means, tied covariance, 99th-percentile threshold', () => {
    expect(stats.layer).toBe('gap');
    expect(stats.d).toBe(64);
    expect(stats.classes).toBe(3);
    expect(stats.means).toHaveLength(3 * 64);
    expect(stats.covarianceCholesky).toHaveLength((64 * 65) / 2);
    expect(stats.quantile).toBe(0.99);
    expect(stats.validationImages).toBeGreaterThanOrEqual(100);
    expect(stats.threshold).toBeGreaterThan(0);
  });

  it('flags every chest X-ray and dermoscopy fixture and passes >= 95% of held-out synthetic images', async () => {
    const before = tf.memory().numTensors;
    const held = Array.from({ length: 300 }, (_, i) => syntheticSample(SPLIT_SEEDS.test, i, { size: 64 }).image);
    const d = oodDistances(stats, (await featuresOfImages(demo, held)).values);
    const passed = d.filter((v) => v <= stats.threshold).length;
    const files = fs.readdirSync(FIXTURES).filter((f) => /\.(png|jpe?g)$/i.test(f));
    expect(files.filter((f) => f.startsWith('ISIC')).length).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.endsWith('.png')).length).toBeGreaterThanOrEqual(2);
    const verdicts = [];
    for (const f of files) {
      const x = demo.inputTensor(readImage(f));
      verdicts.push({ f, v: await judgeInput(demo, stats, x) });
      x.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    console.log(`OOD (stored stats, threshold ${stats.threshold.toFixed(2)}): held-out passed ${passed}/300; ${verdicts.map((r) => `${r.f} ${r.v.distance?.toFixed(1)}`).join(', ')}`);
    expect(passed / 300).toBeGreaterThanOrEqual(0.95);
    for (const r of verdicts) {
      expect(r.v.status, r.f).toBe('out');
      expect(r.v.sentence).toContain(OOD_OUT_SENTENCE);
    }
    // A gallery image (held out too) is judged 'in'.
    const g = demo.inputTensor(syntheticSample(SPLIT_SEEDS.gallery, 0, { size: 192, label: 1 }).image);
    expect((await judgeInput(demo, stats, g)).status).toBe('in');
    g.dispose();
  }, 180_000);

  it('says it cannot judge a model without statistics, or statistics that do not fit it', async () => {
    const x = demo.inputTensor(syntheticSample(SPLIT_SEEDS.test, 0, { size: 64 }).image);
    expect((await judgeInput(demo, undefined, x)).status).toBe('unknown');
    expect((await judgeInput(demo, undefined, x)).sentence).toMatch(/^Glassbox cannot judge/);
    expect((await judgeInput(demo, { ...stats, layer: 'no-such-layer' }, x)).status).toBe('unknown');
    x.dispose();
  });
});

describe('fitting and storing the statistics', () => {
  it('round-trips through the packed Cholesky factor: the same distances as ood.ts on the fitted model', async () => {
    const train = Array.from({ length: 90 }, (_, i) => syntheticSample(SPLIT_SEEDS.train, i, { size: 64 }));
    const val = Array.from({ length: 40 }, (_, i) => syntheticSample(SPLIT_SEEDS.validation, i, { size: 64 }).image);
    const s = await fitOodStatistics(demo, train.map((t) => ({ image: t.image, label: t.label })), val);
    expect(s.trainImages).toBe(90);
    expect(s.validationImages).toBe(40);
    // Σ = L Lᵀ has positive diagonal entries: L[a][a] is at packed index a(a+1)/2 + a.
    for (let a = 0; a < s.d; a++) expect(s.covarianceCholesky[(a * (a + 1)) / 2 + a]).toBeGreaterThan(0);
    const f = (await featuresOfImages(demo, val)).values;
    const m = mahalanobisModelOf(s);
    const direct = mahalanobisScores(m, f);
    const viaStats = oodDistances(s, f);
    direct.forEach((v, i) => expect(viaStats[i]).toBeCloseTo(v, 9));
    // The threshold is the 0.99 quantile of the validation distances (numpy's linear rule, by hand).
    const sorted = Array.from(direct).sort((a, b) => a - b);
    const pos = 39 * 0.99;
    expect(s.threshold).toBeCloseTo(sorted[38] + (pos - 38) * (sorted[39] - sorted[38]), 9);
    expect(parseOodStatistics(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('refuses malformed statistics with a sentence, and words verdicts', () => {
    expect(parseOodStatistics(null)).toMatch(/must be an object/);
    expect(parseOodStatistics({ ...stats, means: [1, 2] })).toMatch(/"ood.means" must hold 192 numbers/);
    expect(parseOodStatistics({ ...stats, method: 'knn' })).toMatch(/mahalanobis-tied/);
    expect(verdictFor(5, 4).status).toBe('out');
    expect(verdictFor(4, 4).status).toBe('in');
    expect(verdictFor(Number.NaN, 4).status).toBe('unknown');
  });
});
