// Issue 13, pointing game and agreement: scores explanations against a reference region and against each
// other. Pure (no tfjs): the engine's thin methods referenceScores and agreement call these, and Node tests
// call them directly.
//   pointing game (Zhang et al. 2016) and energy-based pointing (Wang et al. 2020): core/metrics/agreement.ts;
//   agreement between methods, Spearman ρ and top-k% IoU: agreementMatrix there too.

import { agreementMatrix, energyPointing, pointingHit, type AgreementMatrix } from '../core/metrics/agreement';
import { energyPointingCheck, flatEnergyPointingCheck, flatPointingCheck, pointingCheck } from '../core/metrics/checks';
import { isFlatMap } from '../core/metrics/deletion';
import { rasteriseRegion, type MapToScore, type PixelBox, type ReferenceRegion, type ReferenceScore, type ReferenceScoring } from '../shared/region';

export type { AgreementMatrix };

/**
 * Scores each map against `region`: the region is rasterised on the map's grid laid over `box` (the part of
 * the image the model sees, in image pixels: shared/geometry.ts cropBox), then the pointing game
 * (pointingHit) and energy-based pointing (energyPointing) with their badges. A figure the map cannot give
 * has no badge and says why (status undefined): a flat map (isFlatMap: every value the same, e.g. an empty
 * Grad-CAM map of zeros) has no strongest point (hit null) instead of counting every pixel as its maximum,
 * and no energy figure (proportion NaN: its mass is spread evenly or is none); a map with no positive value
 * (all ≤ 0) has no positive mass to share (proportion NaN) but still a strongest point unless flat.
 * When the region covers no cell centre of a grid, regionCells is 0 and nothing is scored.
 * Maps of different grids each get their own rasterisation. Throws when a map's values do not fill its grid.
 */
export function scoreAgainstRegion(maps: readonly MapToScore[], region: ReferenceRegion, box: PixelBox): ReferenceScoring {
  const masks = new Map<string, Uint8Array>();
  const maskFor = (w: number, h: number) => {
    const key = `${w}x${h}`;
    let m = masks.get(key);
    if (!m) masks.set(key, (m = rasteriseRegion(region, w, h, box)));
    return m;
  };
  let regionCells = 0;
  let gridCells = 0;
  const scores: ReferenceScore[] = [];
  for (const map of maps) {
    if (map.values.length !== map.width * map.height) throw new Error(`The map of ${map.id} has ${map.values.length} values for a ${map.width}x${map.height} grid`);
    const mask = maskFor(map.width, map.height);
    let inside = 0;
    for (let i = 0; i < mask.length; i++) inside += mask[i];
    regionCells = inside;
    gridCells = mask.length;
    if (inside === 0) continue;
    if (isFlatMap(map.values)) {
      // every pixel is as strong as every other: no strongest point, and its mass "points" only as an even spread would
      scores.push({ id: map.id, hit: null, proportion: NaN, areaShare: inside / mask.length, checks: [flatPointingCheck(), flatEnergyPointingCheck()] });
      continue;
    }
    const hit = pointingHit(map.values, mask);
    const energy = energyPointing(map.values, mask);
    scores.push({ id: map.id, hit, proportion: energy.proportion, areaShare: energy.areaShare, checks: [pointingCheck(hit ? 1 : 0, 1), energyPointingCheck(energy)] });
  }
  if (scores.length === 0) return { regionCells: 0, gridCells, scores: [] };
  return { regionCells, gridCells, scores };
}

/**
 * Agreement between the compared maps (agreementMatrix): Spearman ρ and the IoU of their top `fraction`
 * pixels for every pair, in the order given. Names are the methods' labels. Throws when the maps differ in
 * size or `fraction` is not in (0, 1].
 */
export function agreementOf(maps: readonly { name: string; values: Float32Array }[], fraction: number): AgreementMatrix {
  if (!(fraction > 0 && fraction <= 1)) throw new Error(`The top fraction must be in (0, 1], got ${fraction}`);
  return agreementMatrix(maps.map((m) => ({ name: m.name, values: m.values })), fraction);
}
