// "Until stable" against the fixed budget (issue 15 §2): for each image, the method at its defaults (budget
// 'stable') and the same seed at budget 'fixed'; does the stable answer's top-5 regions equal the full
// budget's, and how many evaluations did it save? Used by the slow test (a few images) and by the bench figure
// scripts/bench/stable.ts (the full measurement). Node only (tfjs, wasm or cpu backend).

import type { LoadedModel } from '../core/model/loaded';
import type { ExplainMethod } from '../core/explain/types';
import { validateOptions } from '../core/explain/types';
import { NEGLIGIBLE_SHARE } from '../core/explain/stopping';
import type { OptionValues, RgbaImage } from '../shared/types';

export interface StableComparison {
  image: number;
  /** Evaluations the stable answer used, and the fixed budget. */
  used: number;
  budget: number;
  stoppedEarly: boolean;
  confidence: number;
  /** The top-5 sets (by value) are the same. */
  sameTop: boolean;
  /** The same, ignoring regions whose full-budget value is negligible (below 1% of its largest |value|). */
  sameRelevantTop: boolean;
  stableMs: number;
  fixedMs: number;
}

function topSet(values: readonly number[], k: number): number[] {
  return values
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1])
    .slice(0, k)
    .map(([, i]) => i)
    .sort((a, b) => a - b);
}

/**
 * Runs `method` on each image twice, budget 'stable' and 'fixed' (same `options`, seed = image index unless
 * given), explaining `target(i)`, and compares their top-k regions (k = the stable run's settleTop). Needs a
 * region method (LIME, SHAP). Returns one row per image.
 */
export async function compareStable(method: ExplainMethod, lm: LoadedModel, images: RgbaImage[], target: (x: Awaited<ReturnType<LoadedModel['probabilities']>>, i: number) => number, options: OptionValues = {}, batchSize = 64): Promise<StableComparison[]> {
  const out: StableComparison[] = [];
  for (let i = 0; i < images.length; i++) {
    const x = lm.inputTensor(images[i]);
    try {
      const t = target(await lm.probabilities(x), i);
      const ctx = { model: lm.model, info: lm.info, preprocessing: lm.meta.preprocessing, batchSize };
      const t0 = performance.now();
      const s = await method.explain(ctx, x, t, validateOptions(method, { seed: i, ...options, budget: 'stable' }));
      const t1 = performance.now();
      const f = await method.explain(ctx, x, t, validateOptions(method, { seed: i, ...options, budget: 'fixed' }));
      const t2 = performance.now();
      const k = Number(s.run.options.settleTop ?? 5);
      const sv = s.regions!.values;
      const fv = f.regions!.values;
      const a = topSet(sv, k);
      const b = topSet(fv, k);
      const eps = NEGLIGIBLE_SHARE * Math.max(...fv.map(Math.abs));
      const relevant = (set: number[]) => set.filter((r) => Math.abs(fv[r]) >= eps).join();
      out.push({
        image: i,
        used: s.run.evaluations.done,
        budget: f.run.evaluations.done,
        stoppedEarly: Boolean(s.run.stopping?.stoppedEarly),
        confidence: s.run.stopping?.confidence ?? NaN,
        sameTop: a.join() === b.join(),
        sameRelevantTop: relevant(a) === relevant(b),
        stableMs: t1 - t0,
        fixedMs: t2 - t1,
      });
    } finally {
      x.dispose();
    }
  }
  return out;
}

/** One line: agreement and savings over the rows. */
export function summariseStable(label: string, rows: StableComparison[]): { line: string; sameTop: number; sameRelevantTop: number; saved: number } {
  const n = rows.length;
  const same = rows.filter((r) => r.sameTop).length;
  const rel = rows.filter((r) => r.sameRelevantTop).length;
  const used = rows.reduce((a, r) => a + r.used, 0);
  const budget = rows.reduce((a, r) => a + r.budget, 0);
  const early = rows.filter((r) => r.stoppedEarly).length;
  const ms = rows.reduce((a, r) => a + r.stableMs, 0);
  const fms = rows.reduce((a, r) => a + r.fixedMs, 0);
  const saved = budget > 0 ? 1 - used / budget : 0;
  const line =
    `${label}: ${n} images; top-5 equal to the full budget's in ${same}/${n} (${((100 * same) / n).toFixed(0)}%), ` +
    `ignoring negligible regions ${rel}/${n} (${((100 * rel) / n).toFixed(0)}%); stopped early in ${early}/${n}; ` +
    `evaluations ${used} of ${budget} (saved ${(100 * saved).toFixed(0)}%); time ${(ms / 1000).toFixed(1)} s vs ${(fms / 1000).toFixed(1)} s fixed`;
  return { line, sameTop: same / n, sameRelevantTop: rel / n, saved };
}
