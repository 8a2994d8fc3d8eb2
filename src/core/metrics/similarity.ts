// Comparing two attribution maps: Spearman rank correlation, SSIM, top-k% IoU. Pure functions on plain
// arrays (no tfjs), used by the sanity check (randomisation.ts), the stability of sampled methods and the
// agreement between methods (agreement.ts). Maps are row-major, height x width.

/**
 * Fractional ranks of `v` (1-based): tied values share the average of the ranks they span, so [10, 20, 20, 30]
 * ranks as [1, 2.5, 2.5, 4]. NaN is not allowed (the caller checks finiteness). Returns a new Float64Array.
 */
export function averageRanks(v: ArrayLike<number>): Float64Array {
  const n = v.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => v[a] - v[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && v[order[j + 1]] === v[order[i]]) j++;
    const r = (i + j) / 2 + 1; // positions i..j (0-based) are ranks i+1..j+1; their average
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Pearson correlation of two equally long arrays; NaN when either is constant or they are shorter than 2. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n !== b.length) throw new Error(`pearson: lengths differ (${n} and ${b.length})`);
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  if (saa === 0 || sbb === 0) return NaN;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/**
 * Spearman's rank correlation ρ (Spearman, 1904): the Pearson correlation of the two arrays' fractional
 * ranks (ties get the average rank, averageRanks), in [-1, 1]. With ties this is the standard definition
 * (as scipy.stats.spearmanr), not the shortcut 1 − 6Σd²/(n(n²−1)), which only holds without ties.
 * Returns NaN when either array is constant (ρ is undefined: a flat map ranks nothing).
 * Throws when the lengths differ or a value is not finite.
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`spearman: the maps have ${a.length} and ${b.length} values`);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]) || !Number.isFinite(b[i])) throw new Error(`spearman: value ${i} is not a finite number`);
  }
  return pearson(averageRanks(a), averageRanks(b));
}

/** The map scaled to [0, 1] by its own min and max (all zeros when it is constant). Returns a new Float64Array. */
export function minMaxScale(v: ArrayLike<number>): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    if (v[i] < lo) lo = v[i];
    if (v[i] > hi) hi = v[i];
  }
  const out = new Float64Array(v.length);
  if (hi > lo) for (let i = 0; i < v.length; i++) out[i] = (v[i] - lo) / (hi - lo);
  return out;
}

export interface SsimOptions {
  /** Side of the square sliding window, odd (default 7, as scikit-image). Clipped to the map's smaller side. */
  window?: number;
  /** Scale each map to [0, 1] by its own min/max first (default true, as Adebayo et al. 2018 compare maps). */
  normalise?: boolean;
}

/**
 * Mean structural similarity (SSIM; Wang, Bovik, Sheikh & Simoncelli, "Image quality assessment: from error
 * visibility to structural similarity", IEEE TIP 2004) of two height x width maps:
 *   SSIM(x, y) = (2 μx μy + C1)(2 σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2)),  C1 = (0.01 L)², C2 = (0.03 L)²
 * over every w x w window lying wholly inside the map (uniform weights, sample (co)variances with
 * 1/(N − 1)), averaged over the windows; L = 1 (the data range after scaling to [0, 1]). This is
 * scikit-image's structural_similarity with win_size = w, use_sample_covariance = True, data_range = 1,
 * gaussian_weights = False. Result in [-1, 1]; 1 for identical maps.
 * Throws when the sizes do not match the arrays.
 */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number, o: SsimOptions = {}): number {
  if (a.length !== width * height || b.length !== width * height) throw new Error(`ssim: the maps must both have ${width}×${height} values`);
  const x = o.normalise === false ? Float64Array.from(a) : minMaxScale(a);
  const y = o.normalise === false ? Float64Array.from(b) : minMaxScale(b);
  let w = o.window ?? 7;
  w = Math.max(1, Math.min(w, width, height));
  if (w % 2 === 0) w -= 1;
  const N = w * w;
  const C1 = 0.01 ** 2;
  const C2 = 0.03 ** 2;
  const cov = N > 1 ? N / (N - 1) : 1;
  let total = 0;
  let count = 0;
  for (let r0 = 0; r0 + w <= height; r0++) {
    for (let c0 = 0; c0 + w <= width; c0++) {
      let sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
      for (let r = r0; r < r0 + w; r++) {
        for (let c = c0; c < c0 + w; c++) {
          const p = x[r * width + c];
          const q = y[r * width + c];
          sx += p;
          sy += q;
          sxx += p * p;
          syy += q * q;
          sxy += p * q;
        }
      }
      const mx = sx / N;
      const my = sy / N;
      const vx = cov * (sxx / N - mx * mx);
      const vy = cov * (syy / N - my * my);
      const vxy = cov * (sxy / N - mx * my);
      total += ((2 * mx * my + C1) * (2 * vxy + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
      count++;
    }
  }
  return total / count;
}

/**
 * Indices of the top `fraction` of values (the ceil(fraction · n) largest; ties broken by the lower index),
 * as a membership mask. fraction in (0, 1].
 */
export function topFractionMask(v: ArrayLike<number>, fraction: number): Uint8Array {
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`top fraction must be in (0, 1], got ${fraction}`);
  const n = v.length;
  const k = Math.ceil(fraction * n);
  const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => v[q] - v[p] || p - q);
  const mask = new Uint8Array(n);
  for (let i = 0; i < k; i++) mask[order[i]] = 1;
  return mask;
}

/** Intersection over union of two 0/1 masks (1 when both are empty). */
export function iou(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`iou: masks have ${a.length} and ${b.length} values`);
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    const p = a[i] > 0;
    const q = b[i] > 0;
    if (p && q) inter++;
    if (p || q) union++;
  }
  return union === 0 ? 1 : inter / union;
}

/**
 * Top-k% IoU of two maps: the intersection over union of their top `fraction` pixels (topFractionMask),
 * the agreement measure of e.g. Quantus' "top-k intersection". In [0, 1]; 1 when both maps pick the same pixels.
 */
export function topFractionIoU(a: ArrayLike<number>, b: ArrayLike<number>, fraction: number): number {
  return iou(topFractionMask(a, fraction), topFractionMask(b, fraction));
}
