// Class-level views through the Engine itself (wasm, demo model): the images that excite a channel most,
// and the class views, each checked against the engine's own independent paths (layerActivations, explain,
// predict) one image at a time.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { Engine } from './engine';
import type { ImageInfo, Progress } from '../shared/types';
import { DEMO_WEIGHTS, demoEngine } from './testEngine';
import { SYNTHETIC_LABELS } from '../core/data/synthetic';

let engine: Engine;
let gallery: ImageInfo[];

beforeAll(async () => {
  engine = await demoEngine();
  gallery = engine.demoImages(2); // 6 images, 2 of each class
}, 120_000);

/** Every stored image's mean activation of `channel` in `layer`, one image at a time through layerActivations. */
async function enumerate(ids: string[], layer: string, channel: number): Promise<{ id: string; v: number }[]> {
  const out = [];
  for (const id of ids) {
    const a = await engine.layerActivations(id, layer, null);
    out.push({ id, v: a.summary.find((s) => s.channel === channel)!.mean });
  }
  return out.sort((p, q) => q.v - p.v || ids.indexOf(p.id) - ids.indexOf(q.id));
}

describe('the images that excite a channel most', () => {
  it('ranks every stored image as an image-by-image enumeration does, answers another channel from its cache, and follows the gallery', async () => {
    const ids = gallery.map((g) => g.id);
    const seen: Progress[] = [];
    const g = await engine.channelGallery('conv2', 5, 4, (p) => seen.push(p));
    expect(g.ranked).toBe(6);
    expect(g.channels).toBe(32);
    const want = await enumerate(ids, 'conv2', 5);
    expect(g.top.map((i) => i.imageId)).toEqual(want.slice(0, 4).map((w) => w.id));
    g.top.forEach((img, k) => expect(Math.abs(img.value - want[k].v)).toBeLessThan(1e-5 * Math.max(1, want[k].v)));
    expect(Math.max(g.top[0].thumb.width, g.top[0].thumb.height)).toBe(64);
    expect(seen.at(-1)).toEqual({ done: 6, total: 6 });
    expect(tf.memory().numTensors).toBe(DEMO_WEIGHTS);

    // another channel of the same layer: nothing computed again
    seen.length = 0;
    const g2 = await engine.channelGallery('conv2', 17, 6, (p) => seen.push(p));
    expect(seen).toEqual([{ done: 0, total: 0 }]);
    expect(g2.top.map((i) => i.imageId)).toEqual((await enumerate(ids, 'conv2', 17)).map((w) => w.id));

    // the gallery changes: three images more (only they are computed), one image fewer
    const added = engine.demoImages(1).map((i) => i.id);
    engine.removeImage(ids[0]);
    seen.length = 0;
    const g3 = await engine.channelGallery('conv2', 5, 10, (p) => seen.push(p));
    expect(g3.ranked).toBe(8);
    expect(seen.at(-1)).toEqual({ done: 3, total: 3 });
    expect(g3.top.map((i) => i.imageId)).toEqual((await enumerate([...ids.slice(1), ...added], 'conv2', 5)).map((w) => w.id));
    expect(tf.memory().numTensors).toBe(DEMO_WEIGHTS);

    // only the images the page shows (earlier runs' validation images stay in the store but are not ranked)
    const only = [ids[2], added[1], added[2]];
    const g4 = await engine.channelGallery('conv2', 5, 10, undefined, only);
    expect(g4.ranked).toBe(3);
    expect(g4.top.map((i) => i.imageId)).toEqual((await enumerate(only, 'conv2', 5)).map((w) => w.id));

    await expect(engine.channelGallery('conv2', 32, 4)).rejects.toThrow(/no channel 32/);
    await expect(engine.channelGallery('nope', 0, 4)).rejects.toThrow(/no layer/);
    expect(tf.memory().numTensors).toBe(DEMO_WEIGHTS);
  }, 120_000);
});

describe('the channel ranking after a model change', () => {
  it('computes every image again for the new model, and still leaves only its weights', async () => {
    await engine.channelGallery('conv1', 0, 3);
    await engine.loadDemoModel(); // a model swap: a new model object, even with the same weights
    const seen: Progress[] = [];
    const g = await engine.channelGallery('conv1', 0, 3, (p) => seen.push(p));
    expect(seen.at(-1)).toEqual({ done: g.ranked, total: g.ranked });
    expect(g.ranked).toBeGreaterThan(0);
    expect(tf.memory().numTensors).toBe(DEMO_WEIGHTS);
  }, 120_000);
});

describe('class views', () => {
  it('averages the Grad-CAM maps explain() gives one by one, counts true and predicted classes as predict() does, and picks typical images within each class', async () => {
    const images = engine.demoImages(3); // 9 more images, 3 of each class, labelled
    const items = images.map((im) => ({ imageId: im.id, trueLabel: SYNTHETIC_LABELS.indexOf(im.trueLabel as (typeof SYNTHETIC_LABELS)[number]) }));
    // one image labelled wrongly on purpose, so the model's prediction differs from its "true" class somewhere
    items[0].trueLabel = (items[0].trueLabel + 1) % SYNTHETIC_LABELS.length;
    const serial = engine.currentModel().origin.serial;
    const v = await engine.classViews({ serial, items: [...items, { imageId: 'img-gone', trueLabel: 0 }] });
    expect(v.used).toBe(9);
    expect(v.missing).toBe(1);
    expect(v.camLayer).toBe('conv3');
    expect(v.featureLayer).toBe('gap');
    expect(tf.memory().numTensors).toBe(DEMO_WEIGHTS);

    const predicted = new Map<string, number>();
    for (const it of items) predicted.set(it.imageId, (await engine.predict(it.imageId)).top);
    const cam = async (id: string, target: number) => (await engine.explain({ jobId: `t-${id}-${target}`, imageId: id, methodId: 'gradcam', target, slot: `test-${id}-${target}` })).values;
    const meanByHand = (maps: Float32Array[]) => maps[0].map((_, p) => maps.reduce((s, m) => s + m[p], 0) / maps.length);

    expect(items.some((it) => predicted.get(it.imageId) !== it.trueLabel)).toBe(true);
    for (let c = 0; c < SYNTHETIC_LABELS.length; c++) {
      const view = v.classes[c];
      const ofClass = items.filter((it) => it.trueLabel === c);
      const predictedAs = items.filter((it) => predicted.get(it.imageId) === c);
      expect(view.trueCount).toBe(ofClass.length);
      expect(view.predictedCount).toBe(predictedAs.length);
      expect(view.correct).toBe(ofClass.filter((it) => predicted.get(it.imageId) === c).length);
      const wantTrue = meanByHand(await Promise.all(ofClass.map((it) => cam(it.imageId, c))));
      let worst = 0;
      wantTrue.forEach((w, p) => (worst = Math.max(worst, Math.abs(view.meanByTrue![p] - w))));
      expect(worst).toBeLessThan(1e-5 * Math.max(1, Math.max(...wantTrue)));
      if (predictedAs.length) {
        const wantPred = meanByHand(await Promise.all(predictedAs.map((it) => cam(it.imageId, c))));
        wantPred.forEach((w, p) => expect(Math.abs(view.meanByPredicted![p] - w)).toBeLessThan(1e-5 * Math.max(1, Math.max(...wantPred))));
      } else expect(view.meanByPredicted).toBeNull();
      // up to 3 prototypes (half the class, rounded up) and the rest up to 3 least typical: all of this class, none twice
      const counts: Record<number, [number, number]> = { 2: [1, 1], 3: [2, 1], 4: [2, 2] };
      const picked = [...view.prototypes, ...view.leastTypical].map((i) => i.imageId);
      expect([view.prototypes.length, view.leastTypical.length]).toEqual(counts[ofClass.length]);
      expect(new Set(picked).size).toBe(ofClass.length);
      for (const id of picked) expect(ofClass.map((it) => it.imageId)).toContain(id);
    }
    expect(tf.memory().numTensors).toBe(DEMO_WEIGHTS);
  }, 180_000);

  it('refuses a validation set of another model, and one whose images are all gone', async () => {
    const serial = engine.currentModel().origin.serial;
    await expect(engine.classViews({ serial: serial + 1, items: [{ imageId: gallery[1].id, trueLabel: 0 }] })).rejects.toThrow(/another model/);
    await expect(engine.classViews({ serial, items: [{ imageId: 'gone', trueLabel: 0 }] })).rejects.toThrow(/no longer loaded/);
    expect(tf.memory().numTensors).toBe(DEMO_WEIGHTS);
  });
});
