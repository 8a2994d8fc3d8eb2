// Named, human-readable image features for the interpretable baselines (issue 17 "Models that explain
// themselves"): a decision tree on these reads as sentences a person can check ("dark area larger than 8%
// of the image"). Every feature is computed on the image's RGB values scaled to 0..1.

/** The features, in the order featureVector returns them. Units: brightness and colour are 0..1; sizes are fractions of the image. */
export const FEATURES = [
  { id: 'brightness', unit: 'level' },
  { id: 'brightnessSpread', unit: 'level' },
  { id: 'red', unit: 'level' },
  { id: 'green', unit: 'level' },
  { id: 'blue', unit: 'level' },
  { id: 'redSpread', unit: 'level' },
  { id: 'greenSpread', unit: 'level' },
  { id: 'blueSpread', unit: 'level' },
  { id: 'edgeDensity', unit: 'fraction' },
  { id: 'darkArea', unit: 'fraction' },
  { id: 'darkContrast', unit: 'level' },
  { id: 'brightArea', unit: 'fraction' },
  { id: 'brightContrast', unit: 'level' },
] as const;

export type FeatureId = (typeof FEATURES)[number]['id'];

/** Sobel gradient magnitude (of brightness, 0..1) above which a pixel counts as an edge. */
export const EDGE_THRESHOLD = 0.25;

function meanStd(v: Float64Array): [number, number] {
  let s = 0;
  for (const x of v) s += x;
  const m = s / v.length;
  let q = 0;
  for (const x of v) q += (x - m) * (x - m);
  return [m, Math.sqrt(q / v.length)];
}

/**
 * The FEATURES of one image. `rgba` holds width x height RGBA bytes (alpha ignored). Brightness is the
 * Rec. 601 luma (0.299 R + 0.587 G + 0.114 B) / 255. Dark area: pixels darker than the mean brightness by
 * more than one standard deviation, as a fraction of the image; its contrast is the mean brightness of
 * the rest minus theirs (0 when there are none). Bright area likewise, above mean + 1 sd. Edge density:
 * the fraction of inner pixels whose Sobel magnitude exceeds EDGE_THRESHOLD.
 * Output: a vector of FEATURES.length numbers. Throws when the sizes do not match the buffer.
 */
export function featureVector(rgba: ArrayLike<number>, width: number, height: number): Float64Array {
  const n = width * height;
  if (rgba.length !== n * 4 || n === 0) throw new Error(`featureVector: ${width}x${height} needs ${n * 4} RGBA bytes, got ${rgba.length}`);
  const lum = new Float64Array(n);
  const ch = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < n; i++) {
    const r = rgba[i * 4] / 255;
    const g = rgba[i * 4 + 1] / 255;
    const b = rgba[i * 4 + 2] / 255;
    ch[0][i] = r;
    ch[1][i] = g;
    ch[2][i] = b;
    lum[i] = 0.299 * r + 0.587 * g + 0.114 * b;
  }
  const [lm, ls] = meanStd(lum);
  const [[rm, rs], [gm, gs], [bm, bs]] = ch.map(meanStd);
  let edges = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const p = (dx: number, dy: number) => lum[(y + dy) * width + x + dx];
      const gx = p(1, -1) + 2 * p(1, 0) + p(1, 1) - p(-1, -1) - 2 * p(-1, 0) - p(-1, 1);
      const gy = p(-1, 1) + 2 * p(0, 1) + p(1, 1) - p(-1, -1) - 2 * p(0, -1) - p(1, -1);
      if (Math.hypot(gx, gy) > EDGE_THRESHOLD) edges++;
    }
  }
  const inner = Math.max(1, (width - 2) * (height - 2));
  const area = (inside: (v: number) => boolean): [number, number] => {
    let k = 0;
    let sIn = 0;
    let sOut = 0;
    for (const v of lum) {
      if (inside(v)) {
        k++;
        sIn += v;
      } else sOut += v;
    }
    if (k === 0 || k === n) return [k / n, 0];
    return [k / n, Math.abs(sOut / (n - k) - sIn / k)];
  };
  const [darkArea, darkContrast] = area((v) => v < lm - ls);
  const [brightArea, brightContrast] = area((v) => v > lm + ls);
  return Float64Array.from([lm, ls, rm, gm, bm, rs, gs, bs, edges / inner, darkArea, darkContrast, brightArea, brightContrast]);
}
