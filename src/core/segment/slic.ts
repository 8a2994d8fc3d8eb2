// SLIC superpixels — Achanta, Shaji, Smith, Lucchi, Fua, Süsstrunk, "SLIC Superpixels Compared to
// State-of-the-Art Superpixel Methods", IEEE TPAMI 34(11), 2012.
//   D = sqrt( d_lab^2 + (d_xy / S)^2 * m^2 ),  S = sqrt(N / K)
// k-means in (L, a, b, x, y) where each centre only searches a 2S x 2S window; m is the compactness.
// Afterwards connectivity is enforced (the paper's last step): every 4-connected component becomes its
// own segment, and components smaller than a quarter of the mean segment are merged into the
// neighbour they share the longest border with, so each label is one connected region and labels
// run 0..count-1 without gaps.

import type { RgbaImage } from '../../shared/types';

export interface Segmentation {
  /** Row-major segment id per pixel, 0..count-1. */
  labels: Int32Array;
  count: number;
  width: number;
  height: number;
}

export interface SlicOptions {
  /** Target number of segments (the result lands close to it, not exactly on it). */
  segments?: number;
  /** m: larger gives squarer, more regular segments; smaller follows colour edges more closely. */
  compactness?: number;
  maxIterations?: number;
  /** Fragments smaller than this fraction of the mean segment size are merged into a neighbour. */
  minSizeFactor?: number;
  /** Gaussian pre-smoothing of the Lab planes, in pixels (0 = none). */
  sigma?: number;
}

export const SLIC_DEFAULTS = { segments: 50, compactness: 10, maxIterations: 10, minSizeFactor: 0.25 } as const;

let srgbToLinear: Float64Array | null = null;

function linearLut(): Float64Array {
  if (!srgbToLinear) {
    srgbToLinear = new Float64Array(256);
    for (let i = 0; i < 256; i++) {
      const c = i / 255;
      srgbToLinear[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
  }
  return srgbToLinear;
}

function labF(t: number): number {
  return t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116;
}

/** CIELAB (D65) planes of an RGBA image; L in 0..100, a and b roughly -100..100. */
export function rgbaToLab(img: RgbaImage): { L: Float32Array; A: Float32Array; B: Float32Array } {
  const n = img.width * img.height;
  const lut = linearLut();
  const L = new Float32Array(n);
  const A = new Float32Array(n);
  const B = new Float32Array(n);
  const d = img.data;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const r = lut[d[o]];
    const g = lut[d[o + 1]];
    const b = lut[d[o + 2]];
    const x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
    const y = 0.2126729 * r + 0.7151522 * g + 0.072175 * b;
    const z = (0.0193339 * r + 0.119192 * g + 0.9503041 * b) / 1.08883;
    const fx = labF(x);
    const fy = labF(y);
    const fz = labF(z);
    L[i] = 116 * fy - 16;
    A[i] = 500 * (fx - fy);
    B[i] = 200 * (fy - fz);
  }
  return { L, A, B };
}

/** Separable Gaussian blur of one plane, edges clamped. */
export function gaussianBlur(src: Float32Array, W: number, H: number, sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(3 * sigma));
  const k = new Float64Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i] /= sum;
  const tmp = new Float32Array(W * H);
  const out = new Float32Array(W * H);
  for (let y = 0; y < H; y++) {
    const row = y * W;
    for (let x = 0; x < W; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) acc += k[i + r] * src[row + Math.min(W - 1, Math.max(0, x + i))];
      tmp[row + x] = acc;
    }
  }
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let acc = 0;
      for (let i = -r; i <= r; i++) acc += k[i + r] * tmp[Math.min(H - 1, Math.max(0, y + i)) * W + x];
      out[y * W + x] = acc;
    }
  }
  return out;
}

/** Columns x rows of a grid with about `k` cells whose cells are close to square. */
export function gridShape(width: number, height: number, k: number): { nx: number; ny: number } {
  const target = Math.max(1, Math.min(Math.round(k), width * height));
  const nx = Math.max(1, Math.min(width, Math.round(Math.sqrt((target * width) / height))));
  const ny = Math.max(1, Math.min(height, Math.round(target / nx)));
  return { nx, ny };
}

/**
 * SLIC superpixels of `img`, about `segments` of them. Deterministic: no randomness anywhere.
 * On textured images some seeds end up owning only scattered fragments, which the connectivity step
 * merges away, so a run can return noticeably fewer segments than seeds (10-20% at compactness 10 on
 * the synthetic tissue images). When the count misses the target by more than 10%, the number of seeds
 * is scaled by target/count and SLIC runs again (at most twice); the run closest to the target wins.
 */
export function slic(img: RgbaImage, options: SlicOptions = {}): Segmentation {
  const K = Math.max(1, Math.round(options.segments ?? SLIC_DEFAULTS.segments));
  let best = slicOnce(img, options, K);
  let seeds = K;
  for (let attempt = 0; attempt < 2 && best.count > 0 && Math.abs(best.count - K) > 0.1 * K; attempt++) {
    const next = Math.max(1, Math.round((seeds * K) / best.count));
    if (next === seeds) break;
    seeds = next;
    const s = slicOnce(img, options, seeds);
    if (Math.abs(s.count - K) < Math.abs(best.count - K)) best = s;
    else break;
  }
  return best;
}

function slicOnce(img: RgbaImage, options: SlicOptions, K: number): Segmentation {
  const { width: W, height: H } = img;
  const N = W * H;
  const m = options.compactness ?? SLIC_DEFAULTS.compactness;
  const maxIter = Math.max(1, Math.round(options.maxIterations ?? SLIC_DEFAULTS.maxIterations));
  if (N === 0) return { labels: new Int32Array(0), count: 0, width: W, height: H };
  const lab = rgbaToLab(img);
  const sigma = options.sigma ?? 0;
  const L = sigma > 0 ? gaussianBlur(lab.L, W, H, sigma) : lab.L;
  const A = sigma > 0 ? gaussianBlur(lab.A, W, H, sigma) : lab.A;
  const B = sigma > 0 ? gaussianBlur(lab.B, W, H, sigma) : lab.B;

  const { nx, ny } = gridShape(W, H, K);
  const stepX = W / nx;
  const stepY = H / ny;
  const S = Math.sqrt(N / (nx * ny));
  const nc = nx * ny;
  const cl = new Float64Array(nc);
  const ca = new Float64Array(nc);
  const cb = new Float64Array(nc);
  const cx = new Float64Array(nc);
  const cy = new Float64Array(nc);

  const gradient = (x: number, y: number): number => {
    const xm = Math.max(0, x - 1), xp = Math.min(W - 1, x + 1);
    const ym = Math.max(0, y - 1), yp = Math.min(H - 1, y + 1);
    const i1 = y * W + xp, i2 = y * W + xm, i3 = yp * W + x, i4 = ym * W + x;
    const dx = (L[i1] - L[i2]) ** 2 + (A[i1] - A[i2]) ** 2 + (B[i1] - B[i2]) ** 2;
    const dy = (L[i3] - L[i4]) ** 2 + (A[i3] - A[i4]) ** 2 + (B[i3] - B[i4]) ** 2;
    return dx + dy;
  };

  // Seeds on a regular grid, each moved to the lowest gradient in its 3x3 neighbourhood so it does
  // not start on an edge or a noisy pixel.
  for (let j = 0, k = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++, k++) {
      let bx = Math.min(W - 1, Math.floor((i + 0.5) * stepX));
      let by = Math.min(H - 1, Math.floor((j + 0.5) * stepY));
      if (W >= 3 && H >= 3 && S >= 3) {
        let best = Infinity;
        const x0 = bx, y0 = by;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            const x = x0 + dx, y = y0 + dy;
            if (x < 0 || y < 0 || x >= W || y >= H) continue;
            const g = gradient(x, y);
            if (g < best) { best = g; bx = x; by = y; }
          }
        }
      }
      const p = by * W + bx;
      cl[k] = L[p]; ca[k] = A[p]; cb[k] = B[p]; cx[k] = bx; cy[k] = by;
    }
  }

  const labels = new Int32Array(N).fill(-1);
  const dist = new Float64Array(N);
  const spatial = (m / S) ** 2;
  const reach = Math.ceil(Math.max(stepX, stepY));
  const sums = new Float64Array(nc * 6);
  for (let iter = 0; iter < maxIter; iter++) {
    dist.fill(Infinity);
    for (let k = 0; k < nc; k++) {
      const x0 = Math.max(0, Math.floor(cx[k] - reach)), x1 = Math.min(W - 1, Math.ceil(cx[k] + reach));
      const y0 = Math.max(0, Math.floor(cy[k] - reach)), y1 = Math.min(H - 1, Math.ceil(cy[k] + reach));
      const kl = cl[k], ka = ca[k], kb = cb[k], kx = cx[k], ky = cy[k];
      for (let y = y0; y <= y1; y++) {
        const dyy = (y - ky) * (y - ky);
        let p = y * W + x0;
        for (let x = x0; x <= x1; x++, p++) {
          const dl = L[p] - kl, da = A[p] - ka, db = B[p] - kb;
          const D = dl * dl + da * da + db * db + ((x - kx) * (x - kx) + dyy) * spatial;
          if (D < dist[p]) { dist[p] = D; labels[p] = k; }
        }
      }
    }
    sums.fill(0);
    for (let y = 0, p = 0; y < H; y++) {
      for (let x = 0; x < W; x++, p++) {
        const k = labels[p];
        if (k < 0) continue;
        const o = k * 6;
        sums[o] += L[p]; sums[o + 1] += A[p]; sums[o + 2] += B[p]; sums[o + 3] += x; sums[o + 4] += y; sums[o + 5] += 1;
      }
    }
    let moved = 0;
    for (let k = 0; k < nc; k++) {
      const o = k * 6;
      const c = sums[o + 5];
      if (c === 0) continue; // a centre that lost every pixel stays where it is
      const nxk = sums[o + 3] / c, nyk = sums[o + 4] / c;
      moved += Math.abs(nxk - cx[k]) + Math.abs(nyk - cy[k]);
      cl[k] = sums[o] / c; ca[k] = sums[o + 1] / c; cb[k] = sums[o + 2] / c; cx[k] = nxk; cy[k] = nyk;
    }
    // Converged: centres moved less than a tenth of a pixel on average.
    if (moved / nc < 0.1) break;
  }

  const minSize = Math.max(1, Math.floor(((options.minSizeFactor ?? SLIC_DEFAULTS.minSizeFactor) * N) / nc));
  return enforceConnectivity(labels, W, H, minSize);
}

/**
 * Relabels `raw` so every segment is one 4-connected region: each connected component becomes a
 * segment, except components smaller than `minSize`, which join the already-labelled neighbour they
 * share the longest border with. Labels come out 0..count-1 in raster order of first appearance.
 */
export function enforceConnectivity(raw: Int32Array, W: number, H: number, minSize: number): Segmentation {
  const N = W * H;
  const out = new Int32Array(N).fill(-1);
  const queue = new Int32Array(N);
  const votes = new Map<number, number>();
  let count = 0;
  for (let start = 0; start < N; start++) {
    if (out[start] !== -1) continue;
    const lab = raw[start];
    // Flood fill the component of `start` (same raw label, 4-connected).
    let head = 0;
    let tail = 0;
    queue[tail++] = start;
    out[start] = count;
    while (head < tail) {
      const p = queue[head++];
      const x = p % W;
      if (x > 0 && out[p - 1] === -1 && raw[p - 1] === lab) { out[p - 1] = count; queue[tail++] = p - 1; }
      if (x < W - 1 && out[p + 1] === -1 && raw[p + 1] === lab) { out[p + 1] = count; queue[tail++] = p + 1; }
      if (p >= W && out[p - W] === -1 && raw[p - W] === lab) { out[p - W] = count; queue[tail++] = p - W; }
      if (p + W < N && out[p + W] === -1 && raw[p + W] === lab) { out[p + W] = count; queue[tail++] = p + W; }
    }
    if (tail >= minSize) {
      count++;
      continue;
    }
    // Too small: join the labelled neighbour with the longest shared border. Labelled pixels next to
    // the component belong to finished segments (labels < count), so the merged segment stays connected.
    votes.clear();
    for (let q = 0; q < tail; q++) {
      const p = queue[q];
      const x = p % W;
      const nb = [x > 0 ? p - 1 : -1, x < W - 1 ? p + 1 : -1, p >= W ? p - W : -1, p + W < N ? p + W : -1];
      for (const n of nb) {
        if (n < 0) continue;
        const l = out[n];
        if (l >= 0 && l < count) votes.set(l, (votes.get(l) ?? 0) + 1);
      }
    }
    let best = -1;
    let bestVotes = 0;
    for (const [l, v] of votes) {
      if (v > bestVotes || (v === bestVotes && l < best)) { best = l; bestVotes = v; }
    }
    if (best < 0) {
      // Nothing labelled next to it yet (only possible for the very first component): keep it for now.
      count++;
      continue;
    }
    for (let q = 0; q < tail; q++) out[queue[q]] = best;
  }
  // The first component may have been kept although small; fold it into its neighbour now.
  if (count > 1) {
    let size0 = 0;
    for (let p = 0; p < N; p++) if (out[p] === 0) size0++;
    if (size0 < minSize) {
      votes.clear();
      for (let p = 0; p < N; p++) {
        if (out[p] !== 0) continue;
        const x = p % W;
        const nb = [x > 0 ? p - 1 : -1, x < W - 1 ? p + 1 : -1, p >= W ? p - W : -1, p + W < N ? p + W : -1];
        for (const n of nb) if (n >= 0 && out[n] !== 0) votes.set(out[n], (votes.get(out[n]) ?? 0) + 1);
      }
      let best = -1;
      let bestVotes = 0;
      for (const [l, v] of votes) if (v > bestVotes || (v === bestVotes && l < best)) { best = l; bestVotes = v; }
      if (best > 0) {
        for (let p = 0; p < N; p++) {
          const l = out[p] === 0 ? best : out[p];
          out[p] = l - 1;
        }
        count--;
      }
    }
  }
  return { labels: out, count, width: W, height: H };
}

/**
 * Edge mask for drawing segment outlines: 1 on a pixel whose right or lower neighbour is in another
 * segment ('thin', one pixel wide), or whose any 4-neighbour is ('thick', both sides of the edge).
 */
export function boundaries(segments: Int32Array, w: number, h: number, mode: 'thin' | 'thick' = 'thin'): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0, p = 0; y < h; y++) {
    for (let x = 0; x < w; x++, p++) {
      const l = segments[p];
      if ((x < w - 1 && segments[p + 1] !== l) || (y < h - 1 && segments[p + w] !== l)) {
        out[p] = 1;
        if (mode === 'thick') {
          if (x < w - 1 && segments[p + 1] !== l) out[p + 1] = 1;
          if (y < h - 1 && segments[p + w] !== l) out[p + w] = 1;
        }
      }
    }
  }
  return out;
}
