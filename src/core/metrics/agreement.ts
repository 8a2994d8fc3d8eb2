// Stability, agreement and localisation of attribution maps. Pure functions on plain arrays (row-major,
// height x width), in the worker and in Node.
//   stability (sampled methods: LIME, SHAP, RISE, SmoothGrad): Spearman ρ between the maps of two seeds;
//   agreement between methods: a matrix of Spearman ρ and of top-k% IoU (similarity.ts);
//   pointing game (Zhang et al., "Top-down Neural Attention by Excitation Backprop", ECCV 2016): a hit
//     when the map's maximum lies inside the reference region;
//   energy-based pointing game (Wang et al., "Score-CAM: Score-Weighted Visual Explanations for CNNs",
//     CVPR-W 2020, section 5.2): the share of the map's positive mass inside the region,
//       proportion = Σ_{p in region} max(L_p, 0) / Σ_p max(L_p, 0).

import { spearman, topFractionIoU } from './similarity';

/**
 * Seed stability of a sampled method: Spearman ρ between the maps made with two seeds (same image, class,
 * options). NaN when either map is flat. Throws when the sizes differ.
 */
export function seedStability(mapSeedA: ArrayLike<number>, mapSeedB: ArrayLike<number>): number {
  return spearman(mapSeedA, mapSeedB);
}

export interface AgreementMatrix {
  /** Names of the maps, in the order of the rows and columns. */
  names: string[];
  /** spearman[i][j]: Spearman ρ of maps i and j (1 on the diagonal; NaN when either is flat). */
  spearman: number[][];
  /** iou[i][j]: IoU of their top `fraction` pixels (1 on the diagonal). */
  iou: number[][];
  /** The top fraction used, in (0, 1]. */
  fraction: number;
}

/**
 * Agreement between methods on one image and class: every pair's Spearman ρ and top-k% IoU (k = `fraction`,
 * default 0.1 = the top 10% of pixels). Symmetric matrices. Throws when the maps differ in size.
 */
export function agreementMatrix(maps: { name: string; values: ArrayLike<number> }[], fraction = 0.1): AgreementMatrix {
  const n = maps.length;
  const rho = Array.from({ length: n }, () => new Array<number>(n).fill(1));
  const iou = Array.from({ length: n }, () => new Array<number>(n).fill(1));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = maps[i].values;
      const b = maps[j].values;
      if (a.length !== b.length) throw new Error(`Maps "${maps[i].name}" and "${maps[j].name}" have different sizes (${a.length} and ${b.length} values)`);
      rho[i][j] = rho[j][i] = spearman(a, b);
      iou[i][j] = iou[j][i] = topFractionIoU(a, b, fraction);
    }
  }
  return { names: maps.map((m) => m.name), spearman: rho, iou, fraction };
}

function checkMask(map: ArrayLike<number>, mask: ArrayLike<number>): number {
  if (map.length !== mask.length) throw new Error(`The map has ${map.length} values but the reference region ${mask.length}`);
  let inside = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) inside++;
  if (inside === 0) throw new Error('The reference region is empty: draw or choose a region first');
  return inside;
}

/**
 * Pointing game: whether the map's maximum falls inside the reference region (mask: nonzero = inside,
 * same size as the map). With several pixels at the maximum, a hit when any of them is inside (the map
 * cannot say which one it means). Throws when the sizes differ or the region is empty.
 */
export function pointingHit(map: ArrayLike<number>, mask: ArrayLike<number>): boolean {
  checkMask(map, mask);
  let max = -Infinity;
  for (let i = 0; i < map.length; i++) if (map[i] > max) max = map[i];
  for (let i = 0; i < map.length; i++) if (map[i] === max && mask[i]) return true;
  return false;
}

/**
 * Energy-based pointing game (Wang et al. 2020): the share of the map's positive mass inside the region,
 * in [0, 1]; NaN when the map has no positive value. Compare with the region's share of the image
 * (`areaShare`), what a map spread evenly would score.
 */
export function energyPointing(map: ArrayLike<number>, mask: ArrayLike<number>): { proportion: number; areaShare: number } {
  const inside = checkMask(map, mask);
  let inMass = 0;
  let total = 0;
  for (let i = 0; i < map.length; i++) {
    const v = Math.max(0, map[i]);
    total += v;
    if (mask[i]) inMass += v;
  }
  return { proportion: total > 0 ? inMass / total : NaN, areaShare: inside / mask.length };
}
