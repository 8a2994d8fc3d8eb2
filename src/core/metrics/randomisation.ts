// Model-parameter randomisation test — Adebayo, Gilmer, Muelly, Goodfellow, Hardt & Kim, "Sanity Checks
// for Saliency Maps", NeurIPS 2018, section 3 (cascading randomisation).
// An explanation of a model's decision must depend on the model. Re-initialise the weights layer by layer
// from the top (the output layer) down, explain the same image with each increasingly random model, and
// compare each map with the original one:
//   ρ_k    = Spearman rank correlation of |map_0| and |map_k| (ties by average rank; similarity.ts)
//   SSIM_k = structural similarity of the two |maps| scaled to [0, 1] (Wang et al. 2004; similarity.ts)
// A method whose map stays the same (ρ near 1) while the model becomes noise is explaining the image,
// not the model (an edge detector passes for a saliency method this way), and fails the check.

import * as tf from '@tensorflow/tfjs';
import type { Progress } from '../../shared/types';
import { gaussian, hashSeed, mulberry32, permutation } from '../data/rng';
import { disposeModel, isNestedModel, walkLayers } from '../model/graph';
import type { CancelSignal } from '../explain/types';
import { spearman, ssim } from './similarity';
import { t } from '../../shared/i18n';

/** The layers with weights, by path, from the output layer down to the input (the cascade's order). */
export function layersTopDown(model: tf.LayersModel): string[] {
  return walkLayers(model)
    .filter(({ layer }) => !isNestedModel(layer) && layer.weights.length > 0)
    .map(({ path }) => path)
    .reverse();
}

/** A copy of `model` (same architecture, same weight values) that can be changed without touching it. Dispose with disposeModel. */
export async function cloneModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  const topology = model.toJSON(null, false) as unknown as tf.io.ModelJSON['modelTopology'];
  const clone = await tf.models.modelFromJSON({ modelTopology: topology } as tf.io.ModelJSON);
  // setWeights assigns the values (the variables keep their own reference); the copies handed in are ours to free
  const copies = model.getWeights().map((t) => t.clone());
  clone.setWeights(copies);
  tf.dispose(copies);
  return clone;
}

/**
 * Re-initialises every weight of `layer` in place, seeded: kernels (rank ≥ 2) from He-normal N(0, 2/fan_in)
 * with fan_in = product of all but the last dimension (the usual initialiser of ReLU networks); rank-1
 * weights (biases, batch-norm scales, shifts and statistics) are a seeded shuffle of their own values, which
 * destroys what they learned while keeping them valid (a moving variance stays positive).
 */
export function randomiseLayer(layer: tf.layers.Layer, seed: number): void {
  const fresh = layer.getWeights().map((w, wi) => {
    const rng = mulberry32(hashSeed(seed, wi));
    const n = w.size;
    if (w.rank >= 2) {
      const fanIn = n / w.shape[w.rank - 1];
      const sd = Math.sqrt(2 / Math.max(1, fanIn));
      return tf.tensor(Float32Array.from({ length: n }, () => sd * gaussian(rng)), w.shape);
    }
    const v = w.dataSync();
    const p = permutation(n, rng);
    return tf.tensor(Float32Array.from(p, (i) => v[i]), w.shape);
  });
  layer.setWeights(fresh);
  tf.dispose(fresh);
}

export interface RandomisationOptions {
  /** The explanation to test, run on a given model for the fixed image and class: returns height x width values. */
  explain: (model: tf.LayersModel) => Promise<ArrayLike<number>>;
  width: number;
  height: number;
  /** Seeds the re-initialisation (default 0). */
  seed?: number;
  /**
   * Independent cascades, each with its own random weights (default 3): one random draw of a layer can,
   * by chance, leave the map much as it was, so each step reports the mean over the draws.
   */
  repeats?: number;
  /** Stop after randomising this many layers (default: every layer with weights). */
  maxLayers?: number;
  signal?: CancelSignal;
  onProgress?: (p: Progress) => void;
}

export interface RandomisationStep {
  /** The layer randomised at this step (all layers above it are random too). */
  layer: string;
  /**
   * Mean over the repeats of Spearman ρ between the |original| and |randomised| maps. A randomised map
   * that is flat (all evidence gone, e.g. every value clipped to 0 by Grad-CAM's ReLU) ranks nothing: it
   * counts as ρ = 0 (no correlation) and is counted in `flat`.
   */
  spearman: number;
  /** Mean over the repeats of the SSIM of the two |maps| scaled to [0, 1]. */
  ssim: number;
  /** ρ and SSIM of each repeat. */
  perRepeat: { spearman: number; ssim: number }[];
  /** How many repeats gave a flat map. */
  flat: number;
}

export interface RandomisationResult {
  /** One entry per randomised layer, top (output) layer first. */
  steps: RandomisationStep[];
  /** Layers with weights, top first; steps covers a prefix of them. */
  layers: string[];
  cancelled: boolean;
}

const abs = (v: ArrayLike<number>) => Float64Array.from(v, Math.abs);

/**
 * Cascading model-parameter randomisation (Adebayo et al. 2018) of `model` for the explanation `o.explain`.
 * Each of `repeats` cascades works on its own clone of the model (the original is never touched; each clone
 * is disposed when its cascade ends, also on error or cancel). Step k re-initialises the k-th layer from the
 * top (randomiseLayer, seeded by hash(seed, repeat, k)) on top of the previous steps, explains, and compares
 * with the original map (absolute values, as the paper's rank correlation "with absolute value").
 * `signal` stops between explanations (cancelled: true; steps holds the completed cascades only).
 * Throws when the model has no layer with weights, the original map is flat, or a map has the wrong size.
 */
export async function cascadingRandomisation(model: tf.LayersModel, o: RandomisationOptions): Promise<RandomisationResult> {
  const layers = layersTopDown(model);
  if (layers.length === 0) throw new Error('The model has no layer with weights: there is nothing to randomise');
  const count = Math.min(layers.length, o.maxLayers ?? layers.length);
  const repeats = Math.max(1, Math.floor(o.repeats ?? 3));
  const n = o.width * o.height;
  const check = (m: ArrayLike<number>, what: string) => {
    if (m.length !== n) throw new Error(`The ${what} map has ${m.length} values, expected ${o.width}×${o.height}`);
    return m;
  };
  const total = 1 + count * repeats;
  o.onProgress?.({ done: 0, total, stage: t('metrics:stages.original') });
  const original = abs(check(await o.explain(model), 'original'));
  if (isFlat(original)) throw new Error('The original map is flat (every value the same): there is nothing to compare');
  o.onProgress?.({ done: 1, total, stage: t('metrics:stages.original') });
  const per: { spearman: number; ssim: number; flat: boolean }[][] = Array.from({ length: count }, () => []);
  for (let r = 0; r < repeats; r++) {
    const clone = await cloneModel(model);
    try {
      const byPath = new Map(walkLayers(clone).map(({ path, layer }) => [path, layer]));
      for (let k = 0; k < count; k++) {
        if (o.signal?.aborted) return { steps: summarise(per, layers, r), layers, cancelled: true };
        const layer = byPath.get(layers[k]);
        if (!layer) throw new Error(`Layer "${layers[k]}" is missing from the copy of the model`);
        randomiseLayer(layer, hashSeed(o.seed ?? 0, r, k));
        const m = abs(check(await o.explain(clone), 'randomised'));
        const flat = isFlat(m);
        per[k].push({ spearman: flat ? 0 : spearman(original, m), ssim: ssim(original, m, o.width, o.height), flat });
        o.onProgress?.({ done: 2 + r * count + k, total, stage: t('metrics:stages.randomised', { layer: layers[k] }) });
      }
    } finally {
      disposeModel(clone);
    }
  }
  return { steps: summarise(per, layers, repeats), layers, cancelled: false };
}

function isFlat(v: ArrayLike<number>): boolean {
  for (let i = 1; i < v.length; i++) if (v[i] !== v[0]) return false;
  return true;
}

/** Steps over the first `complete` repeats (the cascades that finished). */
function summarise(per: { spearman: number; ssim: number; flat: boolean }[][], layers: string[], complete: number): RandomisationStep[] {
  if (complete === 0) return [];
  return per.map((runs, k) => {
    const used = runs.slice(0, complete);
    const mean = (f: (x: { spearman: number; ssim: number }) => number) => used.reduce((s, x) => s + f(x), 0) / used.length;
    return {
      layer: layers[k],
      spearman: mean((x) => x.spearman),
      ssim: mean((x) => x.ssim),
      perRepeat: used.map(({ spearman: rho, ssim: q }) => ({ spearman: rho, ssim: q })),
      flat: used.filter((x) => x.flat).length,
    };
  });
}
