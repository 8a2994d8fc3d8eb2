// Class-level views of a model (issue 17 "The model's insides"): which images excite a channel most, the
// mean Grad-CAM map of a class, and each class's most and least typical images by the model's own features.
//
// Prototypes follow MMD-critic (Kim, Khanna & Koyejo, "Examples are not Enough, Learn to Criticize!
// Criticism for Interpretability", NIPS 2016): with an RBF kernel k(x, y) = exp(−γ‖x − y‖²) on the features,
//   MMD²(X, S) = 1/n² Σ_ij k(x_i, x_j) − 2/(n|S|) Σ_i Σ_{s∈S} k(x_i, s) + 1/|S|² Σ_{s,s'∈S} k(s, s'),
// prototypes are chosen greedily, each the image whose addition makes MMD²(X, S) smallest (exactly, not the
// reference code's approximation). The paper's criticisms maximise |witness(x)|,
//   witness(x) = 1/n Σ_i k(x, x_i) − 1/|S| Σ_{s∈S} k(x, s),
// plus a log-det diversity term; mmdCriticisms does that. The studio's "least typical" images use a simpler
// rule instead (leastTypical): the lowest leave-one-out kernel density, 1/(n−1) Σ_{i≠x} k(x, x_i). Why: an
// isolated image's witness is at most 1/n (its own mass), while with a few prototypes every image of a tight
// group sits near −1/n, so with a class of 10-40 validation images |witness| ranks near-copies of the
// prototypes level with a true outlier (classViews.test.ts shows it). γ follows the median heuristic
// (Gretton et al. 2012): 1 / median of the class's pairwise squared distances.

import * as tf from '@tensorflow/tfjs';
import { runModel, isNestedModel } from './graph';

type Sym = tf.SymbolicTensor;

/**
 * A function running `model` only as far as the layer at `path` (names joined by '/', as walkLayers names
 * them), built with tfjs' functional API from the model's own layers (weights shared, nothing copied; never
 * dispose it). For a layer inside nested models, the outer model runs up to the nested model's input and the
 * nested one up to the layer. Null when the graph cannot be cut there (the caller then runs the whole model).
 */
export function subModelTo(model: tf.LayersModel, path: string): ((x: tf.Tensor) => tf.Tensor) | null {
  try {
    const [head, ...rest] = path.split('/');
    const layer = model.getLayer(head);
    if (!rest.length) {
      const sub = tf.model({ inputs: model.inputs, outputs: layer.output as Sym });
      return (x) => sub.apply(x, { training: false }) as tf.Tensor;
    }
    if (!isNestedModel(layer)) return null;
    const inner = subModelTo(layer, rest.join('/'));
    if (!inner) return null;
    const input = layer.input as Sym;
    // The nested model reads the outer model's own input: nothing to run before it.
    if (model.inputs.length === 1 && input === model.inputs[0]) return inner;
    const before = tf.model({ inputs: model.inputs, outputs: input });
    return (x) => inner(before.apply(x, { training: false }) as tf.Tensor);
  } catch {
    return null;
  }
}

/**
 * Mean activation of every channel of `layer` for each image of the batch `x` [B, H, W, C]: B rows of
 * `channels` values, row-major (mean over the map's positions; a rank-2 output is its own mean). One forward
 * pass, of `run` when given (subModelTo's function) else of the whole model capturing the layer.
 * Throws when the layer's output is not rank 2 or 4. Leaves no tensor behind.
 */
export async function channelMeans(model: tf.LayersModel, x: tf.Tensor4D, layer: string, run?: ((x: tf.Tensor) => tf.Tensor) | null): Promise<{ values: Float32Array; channels: number }> {
  const m = tf.tidy(() => {
    const a = run ? run(x) : runModel(model, x, { capture: [layer] }).captured.get(layer)!;
    if (a.rank !== 4 && a.rank !== 2) throw new Error(`Layer "${layer}" gives a rank-${a.rank} output; only feature maps (rank 4) and vectors (rank 2) can be ranked`);
    return a.rank === 4 ? tf.mean(a, [1, 2]) : a;
  });
  try {
    return { values: (await m.data()) as Float32Array, channels: m.shape[1] as number };
  } finally {
    m.dispose();
  }
}

/**
 * Indices 0..n−1 ordered by `values[i * stride + channel]`, largest first (ties: lower index first).
 */
export function rankBy(values: ArrayLike<number>, n: number, stride: number, channel: number): number[] {
  return Array.from({ length: n }, (_, i) => i).sort((a, b) => values[b * stride + channel] - values[a * stride + channel] || a - b);
}

/** Elementwise mean of equally long maps; null for none. Throws when their lengths differ. */
export function meanOfMaps(maps: readonly ArrayLike<number>[]): Float32Array | null {
  if (!maps.length) return null;
  const len = maps[0].length;
  const sum = new Float64Array(len);
  for (const m of maps) {
    if (m.length !== len) throw new Error(`meanOfMaps: maps of ${len} and ${m.length} values`);
    for (let i = 0; i < len; i++) sum[i] += m[i];
  }
  return Float32Array.from(sum, (v) => v / maps.length);
}

/** Squared Euclidean distances between the n rows of d values: n x n, row-major. */
export function squaredDistances(features: ArrayLike<number>, n: number, d: number): Float64Array {
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) {
        const v = features[i * d + k] - features[j * d + k];
        s += v * v;
      }
      D[i * n + j] = s;
      D[j * n + i] = s;
    }
  }
  return D;
}

/**
 * The median heuristic's γ (Gretton et al. 2012): 1 / median of the pairwise squared distances (the lower
 * median for an even count). 1 when there are fewer than two rows or every distance is 0.
 */
export function medianGamma(D: Float64Array, n: number): number {
  const all: number[] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) all.push(D[i * n + j]);
  if (!all.length) return 1;
  all.sort((a, b) => a - b);
  const med = all[Math.floor((all.length - 1) / 2)];
  return med > 0 ? 1 / med : 1;
}

/** RBF kernel matrix exp(−γ D) from squared distances D (n x n). */
export function rbfKernel(D: Float64Array, gamma: number): Float64Array {
  return D.map((v) => Math.exp(-gamma * v));
}

/** MMD²(X, S) for the kernel matrix K of X (n x n) and the prototype indices S (non-empty). */
export function mmd2(K: Float64Array, n: number, S: readonly number[]): number {
  let xx = 0;
  for (let i = 0; i < n * n; i++) xx += K[i];
  let xs = 0;
  for (let i = 0; i < n; i++) for (const s of S) xs += K[i * n + s];
  let ss = 0;
  for (const s of S) for (const u of S) ss += K[s * n + u];
  return xx / (n * n) - (2 * xs) / (n * S.length) + ss / (S.length * S.length);
}

/**
 * MMD-critic's prototypes: `m` indices (at most n) chosen greedily, each the one whose addition gives the
 * smallest MMD²(X, S) (ties: lower index). Returns them in the order chosen.
 */
export function greedyPrototypes(K: Float64Array, n: number, m: number): number[] {
  const S: number[] = [];
  // colsum[c] = Σ_i k(x_i, c); cross[c] = Σ_{s∈S} k(s, c); self = Σ_{s,s'∈S} k(s, s')
  const colsum = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let c = 0; c < n; c++) colsum[c] += K[i * n + c];
  const cross = new Float64Array(n);
  let self = 0;
  const xs = () => S.reduce((a, s) => a + colsum[s], 0);
  while (S.length < Math.min(m, n)) {
    const base = xs();
    const size = S.length + 1;
    let best = -1;
    let bestValue = Infinity;
    for (let c = 0; c < n; c++) {
      if (S.includes(c)) continue;
      // MMD² without the constant 1/n² Σ k(x_i, x_j)
      const v = (-2 * (base + colsum[c])) / (n * size) + (self + 2 * cross[c] + K[c * n + c]) / (size * size);
      if (v < bestValue - 1e-15) {
        bestValue = v;
        best = c;
      }
    }
    self += 2 * cross[best] + K[best * n + best];
    for (let c = 0; c < n; c++) cross[c] += K[best * n + c];
    S.push(best);
  }
  return S;
}

/** MMD-critic's witness function at every point: 1/n Σ_i k(x, x_i) − 1/|S| Σ_{s∈S} k(x, s). */
export function witness(K: Float64Array, n: number, S: readonly number[]): Float64Array {
  const w = new Float64Array(n);
  for (let x = 0; x < n; x++) {
    let p = 0;
    for (let i = 0; i < n; i++) p += K[x * n + i];
    let q = 0;
    for (const s of S) q += K[x * n + s];
    w[x] = p / n - (S.length ? q / S.length : 0);
  }
  return w;
}

/**
 * MMD-critic's criticisms (Kim et al. 2016, with their log-det regulariser): `c` indices outside S chosen
 * greedily, each maximising |witness(x)| + log(k(x, x) − k_xC K_CC⁻¹ k_Cx), the gain in log det K_CC of the
 * criticisms C chosen so far. Returns them in the order chosen.
 */
export function mmdCriticisms(K: Float64Array, n: number, S: readonly number[], c: number): number[] {
  const w = witness(K, n, S);
  const C: number[] = [];
  while (C.length < c) {
    let best = -1;
    let bestValue = -Infinity;
    for (let x = 0; x < n; x++) {
      if (S.includes(x) || C.includes(x)) continue;
      const residual = K[x * n + x] - schurTerm(K, n, C, x);
      const v = Math.abs(w[x]) + Math.log(Math.max(residual, 1e-300));
      if (v > bestValue) {
        bestValue = v;
        best = x;
      }
    }
    if (best < 0) break;
    C.push(best);
  }
  return C;
}

/** k_xC K_CC⁻¹ k_Cx by Gaussian elimination on the small |C| x |C| system. */
function schurTerm(K: Float64Array, n: number, C: readonly number[], x: number): number {
  const m = C.length;
  if (!m) return 0;
  const A = C.map((a) => C.map((b) => K[a * n + b]));
  const b = C.map((a) => K[a * n + x]);
  const y = b.slice();
  for (let i = 0; i < m; i++) {
    let p = i;
    for (let r = i + 1; r < m; r++) if (Math.abs(A[r][i]) > Math.abs(A[p][i])) p = r;
    [A[i], A[p]] = [A[p], A[i]];
    [y[i], y[p]] = [y[p], y[i]];
    if (Math.abs(A[i][i]) < 1e-12) return K[x * n + x]; // singular: no gain possible
    for (let r = i + 1; r < m; r++) {
      const f = A[r][i] / A[i][i];
      for (let k = i; k < m; k++) A[r][k] -= f * A[i][k];
      y[r] -= f * y[i];
    }
  }
  for (let i = m - 1; i >= 0; i--) {
    for (let k = i + 1; k < m; k++) y[i] -= A[i][k] * y[k];
    y[i] /= A[i][i];
  }
  return b.reduce((s, v, i) => s + v * y[i], 0);
}

/** Leave-one-out kernel density of every point: 1/(n−1) Σ_{i≠x} k(x, x_i) (0 for a single point). */
export function looDensity(K: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  if (n < 2) return out;
  for (let x = 0; x < n; x++) {
    let s = 0;
    for (let i = 0; i < n; i++) if (i !== x) s += K[x * n + i];
    out[x] = s / (n - 1);
  }
  return out;
}

/**
 * The studio's least typical images: `c` indices outside `exclude` with the lowest leave-one-out kernel
 * density (ties: lower index), least typical first.
 */
export function leastTypical(K: Float64Array, n: number, c: number, exclude: readonly number[] = []): number[] {
  const dens = looDensity(K, n);
  return Array.from({ length: n }, (_, i) => i)
    .filter((i) => !exclude.includes(i))
    .sort((a, b) => dens[a] - dens[b] || a - b)
    .slice(0, c);
}

/** What typicality finds for one class's features. */
export interface Typicality {
  /** Indices into the class's rows: MMD-critic prototypes, in the order chosen. */
  prototypes: number[];
  /** Indices of the least typical rows (lowest leave-one-out density), least typical first; none of them a prototype. */
  leastTypical: number[];
  /** Leave-one-out kernel density of every row (the "typicality" shown). */
  density: Float64Array;
  /** MMD²(X, prototypes). */
  mmd2: number;
  gamma: number;
}

/**
 * Prototypes and least typical rows of one class's features (n rows of d, row-major): up to `prototypes`
 * MMD-critic prototypes and up to `critics` least typical rows among the others, RBF kernel with the
 * median heuristic's γ. Empty lists for n = 0.
 */
export function typicality(features: ArrayLike<number>, n: number, d: number, prototypes = 3, critics = 3): Typicality {
  const D = squaredDistances(features, n, d);
  const gamma = medianGamma(D, n);
  const K = rbfKernel(D, gamma);
  const S = n ? greedyPrototypes(K, n, prototypes) : [];
  return { prototypes: S, leastTypical: leastTypical(K, n, critics, S), density: looDensity(K, n), mmd2: S.length ? mmd2(K, n, S) : 0, gamma };
}
