// Class-level views in the worker (issue 17 "The model's insides"; maths in core/model/classViews.ts):
// - ChannelRanker: the stored images that excite a channel most. Every channel's mean activation of a layer
//   is computed for every image at once, in batches (one pass of the sub-model to the layer per batch), and
//   kept per (model, layer): picking another channel is then a sort. An image is computed again when its
//   pixels change (background, window), dropped when it leaves the store, added when it arrives.
// - computeClassViews: over a studio run's validation images, the mean Grad-CAM per class (Grad-CAM through
//   the registry, as Explain runs it) and each class's prototypes and least typical images by the model's
//   penultimate features.
// Each batch is a step of its own (the engine runs it as a short compute job), so explanations go between.

import * as tf from '@tensorflow/tfjs';
import type { LoadedModel } from '../core/model/loaded';
import type { Progress, RgbaImage } from '../shared/types';
import type { ChannelGallery, ClassView, ClassViews, ViewImage } from '../shared/classViews';
import { channelMeans, meanOfMaps, rankBy, subModelTo, typicality } from '../core/model/classViews';
import { penultimateLayer } from '../core/metrics/ood';
import { hasLayer, runModel } from '../core/model/graph';
import { getMethod } from '../core/explain/registry';
import { downscaleTo } from '../core/image/thumbnails';
import { JobCancelled, type CancelReason } from '../shared/jobs';
import { UserError } from '../shared/errors';
import { t } from '../shared/i18n';

/** Images per forward pass (capped by the model's memory budget, LoadedModel.maxBatch). */
export const RANK_BATCH = 16;
/** Longest side of the thumbnails the views carry. */
export const VIEW_THUMB = 64;

/** An image the engine holds, as the views read it. */
export interface HeldImage {
  name: string;
  pixels: RgbaImage;
}

/**
 * Runs one step as the engine's compute job and hands it the model active then; the engine throws
 * JobCancelled when the job was superseded (a model swap, a newer request in the same slot).
 */
export type Step = <T>(fn: (m: LoadedModel, signal: { aborted: boolean; reason: CancelReason | null }) => Promise<T>) => Promise<T>;

const thumbOf = (img: HeldImage, imageId: string, value: number): ViewImage => ({ imageId, name: img.name, thumb: downscaleTo(img.pixels, VIEW_THUMB), value });

interface LayerMeans {
  channels: number;
  rows: Map<string, { pixels: RgbaImage; means: Float32Array }>;
}

export class ChannelRanker {
  private model: LoadedModel | null = null;
  private layers = new Map<string, LayerMeans>();

  /** Channel means kept for `layer` of `model` (tests read it). */
  cached(model: LoadedModel, layer: string): LayerMeans | null {
    return this.model === model ? (this.layers.get(layer) ?? null) : null;
  }

  /**
   * The `top` images of `images` whose mean activation of `channel` in `layer` is highest, strongest first,
   * with how many were ranked. Computes what the cache lacks in batches through `step`.
   * @throws UserError for a layer the model lacks or a channel out of range; JobCancelled when superseded.
   */
  async rank(step: Step, images: ReadonlyMap<string, HeldImage>, layer: string, channel: number, top: number, onProgress?: (p: Progress) => void): Promise<ChannelGallery> {
    const entry = await this.fill(step, images, layer, onProgress);
    if (!Number.isInteger(channel) || channel < 0 || channel >= entry.channels) {
      throw new UserError(t('classviews:errors.channel.title', { channel }), t('classviews:errors.channel.detail', { layer, count: entry.channels }), t('classviews:errors.channel.action'));
    }
    const ids = [...images.keys()].filter((id) => entry.rows.has(id));
    const values = new Float32Array(ids.length);
    ids.forEach((id, i) => (values[i] = entry.rows.get(id)!.means[channel]));
    const order = rankBy(values, ids.length, 1, 0);
    return {
      layer,
      channel,
      channels: entry.channels,
      ranked: ids.length,
      top: order.slice(0, top).map((i) => thumbOf(images.get(ids[i])!, ids[i], values[i])),
    };
  }

  private async fill(step: Step, images: ReadonlyMap<string, HeldImage>, layer: string, onProgress?: (p: Progress) => void): Promise<LayerMeans> {
    // Which images need computing is decided inside a step: the model of the moment says whether the cache holds.
    const todo = await step(async (m) => {
      if (!hasLayer(m.model, layer)) throw new UserError(t('classviews:errors.layer.title', { layer }), t('classviews:errors.layer.detail'), t('classviews:errors.layer.action'));
      if (this.model !== m) {
        this.model = m;
        this.layers = new Map();
      }
      let entry = this.layers.get(layer);
      if (!entry) this.layers.set(layer, (entry = { channels: 0, rows: new Map() }));
      for (const id of [...entry.rows.keys()]) if (images.get(id)?.pixels !== entry.rows.get(id)!.pixels) entry.rows.delete(id);
      return [...images.entries()].filter(([id]) => !entry.rows.has(id));
    });
    const total = todo.length;
    onProgress?.({ done: 0, total });
    for (let i = 0; i < todo.length; ) {
      const done = await step(async (m, signal) => {
        if (this.model !== m) throw new JobCancelled('superseded');
        if (signal.aborted) throw new JobCancelled(signal.reason ?? 'stopped');
        const entry = this.layers.get(layer)!;
        const batch = todo.slice(i, i + Math.max(1, Math.min(RANK_BATCH, m.maxBatch)));
        const x = tf.tidy(() => tf.concat(batch.map(([, img]) => m.inputTensor(img.pixels))) as tf.Tensor4D);
        try {
          const r = await channelMeans(m.model, x, layer, subModelOf(m, layer));
          entry.channels = r.channels;
          batch.forEach(([id, img], k) => entry.rows.set(id, { pixels: img.pixels, means: r.values.slice(k * r.channels, (k + 1) * r.channels) }));
        } finally {
          x.dispose();
        }
        return batch.length;
      });
      i += done;
      onProgress?.({ done: i, total });
    }
    const entry = this.layers.get(layer)!;
    if (!entry.channels && images.size === 0) {
      // Nothing to rank: learn the channel count from one pass on a blank input.
      entry.channels = await step(async (m) => {
        const [, H, W, C] = m.info.inputShape;
        const x = tf.zeros([1, H, W, C]) as tf.Tensor4D;
        try {
          return (await channelMeans(m.model, x, layer, subModelOf(m, layer))).channels;
        } finally {
          x.dispose();
        }
      });
    }
    return entry;
  }
}

/** The sub-model to `layer`, built once per (model, layer). */
const subModels = new WeakMap<LoadedModel, Map<string, ((x: tf.Tensor) => tf.Tensor) | null>>();
function subModelOf(m: LoadedModel, layer: string): ((x: tf.Tensor) => tf.Tensor) | null {
  let byLayer = subModels.get(m);
  if (!byLayer) subModels.set(m, (byLayer = new Map()));
  if (!byLayer.has(layer)) byLayer.set(layer, subModelTo(m.model, layer));
  return byLayer.get(layer)!;
}

/** A validation image with its pixels, as the engine found it in its store. */
export interface ClassViewInput {
  imageId: string;
  trueLabel: number;
  image: HeldImage;
}

/** How many prototypes and least typical images a class of n images shows: up to 3 each, never overlapping. */
export function typicalCounts(n: number): { prototypes: number; critics: number } {
  const prototypes = Math.min(3, Math.ceil(n / 2));
  return { prototypes, critics: Math.min(3, n - prototypes) };
}

/**
 * The class views of the active model over `items` (its validation images with their true classes):
 * predictions and penultimate features in batches, Grad-CAM (the registry's 'gradcam', the model's chosen CAM
 * layer) of each image for its true class and, when the model predicts another, for that one too; then per
 * class the mean maps, the MMD-critic prototypes and the least typical images. `missing` counts validation
 * images asked for that the engine no longer holds. Each batch and each image's maps are one `step`.
 * @throws UserError when the model has no layer Grad-CAM can use; JobCancelled when superseded.
 */
export async function computeClassViews(step: Step, serial: number, items: readonly ClassViewInput[], missing: number, onProgress?: (p: Progress) => void): Promise<ClassViews> {
  const gradCam = getMethod('gradcam');
  const first = await step(async (m) => m);
  const same = (m: LoadedModel) => {
    if (m !== first) throw new JobCancelled('superseded');
  };
  if (!gradCam.isCompatible(first.info)) throw new UserError(t('classviews:errors.noCam.title'), t('classviews:errors.noCam.detail'), t('classviews:errors.noCam.action'));
  const labels = first.meta.labels;
  for (const it of items) if (!Number.isInteger(it.trueLabel) || it.trueLabel < 0 || it.trueLabel >= labels.length) throw new Error(`Validation image ${it.imageId} has class ${it.trueLabel}; the model has ${labels.length} classes`);
  const featureLayer = penultimateLayer(first.model);
  const chosen = first.summary('cpu').defaultCamLayer;
  const options = { layer: chosen && first.info.camLayers.includes(chosen) ? chosen : null };
  const [, H, W] = first.info.inputShape;
  const n = items.length;
  const total = n * 2;
  let done = 0;
  onProgress?.({ done, total, stage: t('classviews:stages.features') });

  // 1. Predictions and penultimate features, a batch at a time.
  const predicted = new Int32Array(n);
  let d = 0;
  let features = new Float32Array(0);
  for (let i = 0; i < n; ) {
    const size = await step(async (m, signal) => {
      same(m);
      if (signal.aborted) throw new JobCancelled(signal.reason ?? 'stopped');
      const batch = items.slice(i, i + Math.max(1, Math.min(RANK_BATCH, m.maxBatch)));
      const x = tf.tidy(() => tf.concat(batch.map((it) => m.inputTensor(it.image.pixels))) as tf.Tensor4D);
      const [f, top] = tf.tidy(() => {
        const r = runModel(m.model, x, { capture: [featureLayer], logits: true });
        return [tf.reshape(r.captured.get(featureLayer)!, [batch.length, -1]), tf.argMax(r.output, 1)];
      });
      try {
        const fv = (await f.data()) as Float32Array;
        const tv = await top.data();
        if (!d) {
          d = f.shape[1] as number;
          features = new Float32Array(n * d);
        }
        features.set(fv, i * d);
        batch.forEach((_, k) => (predicted[i + k] = tv[k]));
      } finally {
        x.dispose();
        f.dispose();
        top.dispose();
      }
      return batch.length;
    });
    i += size;
    done += size;
    onProgress?.({ done, total, stage: t('classviews:stages.features') });
  }

  // 2. Grad-CAM of each image for its true class and, when the model predicts another, for that one.
  const byTrue: Float32Array[][] = labels.map(() => []);
  const byPredicted: Float32Array[][] = labels.map(() => []);
  let camLayer = options.layer ?? first.info.defaultCamLayer ?? '';
  for (let i = 0; i < n; i++) {
    await step(async (m, signal) => {
      same(m);
      if (signal.aborted) throw new JobCancelled(signal.reason ?? 'stopped');
      const ctx = { model: m.model, info: m.info, preprocessing: m.meta.preprocessing, signal };
      const x = m.inputTensor(items[i].image.pixels);
      try {
        const own = await gradCam.explain(ctx, x, items[i].trueLabel, options as never);
        camLayer = own.run.layer ?? camLayer;
        byTrue[items[i].trueLabel].push(own.values);
        if (predicted[i] === items[i].trueLabel) byPredicted[predicted[i]].push(own.values);
        else byPredicted[predicted[i]].push((await gradCam.explain(ctx, x, predicted[i], options as never)).values);
      } finally {
        x.dispose();
      }
    });
    done++;
    onProgress?.({ done, total, stage: t('classviews:stages.maps') });
  }

  // 3. Per class: counts, mean maps, prototypes and least typical images by the features.
  const classes: ClassView[] = labels.map((label, c) => {
    const rows = items.map((_, i) => i).filter((i) => items[i].trueLabel === c);
    const f = new Float32Array(rows.length * d);
    rows.forEach((r, k) => f.set(features.subarray(r * d, (r + 1) * d), k * d));
    const counts = typicalCounts(rows.length);
    const typ = typicality(f, rows.length, d, counts.prototypes, counts.critics);
    const view = (k: number): ViewImage => thumbOf(items[rows[k]].image, items[rows[k]].imageId, typ.density[k]);
    return {
      label,
      trueCount: rows.length,
      predictedCount: byPredicted[c].length,
      correct: rows.filter((r) => predicted[r] === c).length,
      meanByTrue: meanOfMaps(byTrue[c]),
      meanByPredicted: meanOfMaps(byPredicted[c]),
      prototypes: typ.prototypes.map(view),
      leastTypical: typ.leastTypical.map(view),
    };
  });
  return { serial, width: W, height: H, camLayer, featureLayer, used: n, missing, classes };
}
