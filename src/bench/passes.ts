// How many images each explanation method pushes through the model, read from what the method itself
// reports in its run record (passFactsOf; falling back on its options), so the overhead ratio
//   overhead = method time / (forward images x best forward ms per image
//                             + gradient images x best forward+backward ms per image)
// charges the method only for work beyond the passes it cannot avoid.
//
//   gradcam     1 forward+backward of the one image (batch 1: a single image cannot be batched, so its
//               ideal cost is the batch-1 forward+backward latency, not the per-image cost of a batch)
//   intgrad     meta.total gradient passes (steps + 1 points for the trapezoid rule, steps for the midpoint
//               rule, times the noise draws) + (draws + 1) forward passes for the completeness check
//   smoothgrad  meta.total (= samples) gradient passes
//   occlusion   meta.total windows + 1 forward pass of the unoccluded image
//   rise        meta.total (= masks) forward passes
//   lime        meta.total (= samples) forward passes
//   shap        meta.done forward passes (coalitions evaluated, including the empty and the full one;
//               2M + 2048 + 2 for M superpixels with the default budget)
// Work that is not a model pass (segmenting superpixels, composing masked inputs, the regression,
// upsampling, reading scores back) is the overhead being measured. Methods run with the batch size the
// engine gives them (batchSizeFor), while the ideal uses the best batch size measured: a poor batch
// choice shows up as overhead too.

import type { Attribution, OptionValues } from '../shared/types';

/** The facts the pass count needs (meta.* below): evaluations done and planned, IG's path, SHAP's regions. */
export interface PassFacts {
  total?: number;
  done?: number;
  steps?: number;
  rule?: string;
  draws?: number;
  segmentCount?: number;
}

/** PassFacts from a result's run record (evaluations, options) and its regions. */
export function passFactsOf(a: Attribution): PassFacts {
  const o = a.run.options;
  return {
    total: a.run.evaluations.total,
    done: a.run.evaluations.done,
    ...(typeof o.steps === 'number' ? { steps: o.steps } : {}),
    ...(typeof o.rule === 'string' ? { rule: o.rule } : {}),
    // IG averages over noise draws only with the noise baseline.
    draws: o.baseline === 'noise' && typeof o.draws === 'number' ? o.draws : 1,
    ...(a.regions ? { segmentCount: a.regions.values.length } : {}),
  };
}

export interface Passes {
  forward: number;
  gradient: number;
  /** Grad-CAM's single pass is costed at the batch-1 latency. */
  singleImage: boolean;
  how: string;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function passesOf(id: string, meta: PassFacts, options: OptionValues): Passes {
  const total = num(meta.total);
  const opt = (k: string) => num(options[k]);
  switch (id) {
    case 'gradcam':
      return { forward: 0, gradient: 1, singleImage: true, how: '1 forward+backward at batch 1' };
    case 'intgrad': {
      const steps = num(meta.steps) ?? opt('steps') ?? 50;
      const rule = String(meta.rule ?? options.rule ?? 'trapezoid');
      const draws = num(meta.draws) ?? 1;
      const grads = total ?? (rule === 'midpoint' ? steps : steps + 1) * draws;
      return { forward: draws + 1, gradient: grads, singleImage: false, how: `${grads} gradients (${steps} steps, ${rule}${draws > 1 ? `, ${draws} draws` : ''}) + ${draws + 1} forward` };
    }
    case 'smoothgrad': {
      const g = total ?? opt('samples') ?? 50;
      return { forward: 0, gradient: g, singleImage: false, how: `${g} gradients` };
    }
    case 'occlusion': {
      const w = total ?? 0;
      return { forward: w + 1, gradient: 0, singleImage: false, how: `${w} windows + 1 forward` };
    }
    case 'rise':
    case 'lime': {
      const f = total ?? opt(id === 'rise' ? 'masks' : 'samples') ?? 0;
      return { forward: f, gradient: 0, singleImage: false, how: `${f} forward` };
    }
    case 'shap': {
      const f = num(meta.done) ?? total ?? 0;
      const M = num(meta.segmentCount);
      return { forward: f, gradient: 0, singleImage: false, how: `${f} coalitions${M !== undefined ? ` (M = ${M} superpixels)` : ''}` };
    }
    default: {
      const f = total ?? 1;
      return { forward: f, gradient: 0, singleImage: false, how: `${f} forward (meta.total)` };
    }
  }
}
