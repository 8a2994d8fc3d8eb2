// One image of a batch (issue 13, "Batch"): predict, explain the top class with a method, and measure the
// map's deletion curve against random orders (Petsiuk, Das & Saenko 2018, RISE; deletion.ts), then keep
// only the figures. The map itself is dropped here, so a batch of hundreds of images holds a few numbers
// per image. Runs in the worker (src/worker/batch.ts) and in Node (tests, the bench's batch memory row).

import type * as tf from '@tensorflow/tfjs';
import type { ResultCheck } from '../../shared/attribution';
import type { BatchFigureOptions } from '../../shared/batch';
import type { ExplainScore, OptionValues } from '../../shared/types';
import { isSaturated } from '../../shared/readable';
import type { LoadedModel } from '../model/loaded';
import type { ExplainContext, ExplainMethod } from '../explain/types';
import { curveCheck, flatCurveCheck } from './checks';
import { deletionInsertionCurve, isFlatMap, type CurveResult } from './deletion';

export interface ImageFigures {
  /** Class probabilities through the model's head, and the top class (the one explained). */
  probabilities: number[];
  top: number;
  /** The attribution's units (what its numbers measure). */
  units: string;
  /** The class score explained and followed by the deletion curve. */
  score: ExplainScore;
  /** The deletion curve of the map's ranking, with the random orders' mean; null for a flat map (nothing to rank). */
  deletion: CurveResult | null;
  /** curveCheck(deletion): AUC, badge by TRUST_RULES.deletion, plain sentence. */
  deletionCheck: ResultCheck;
  /** The result's own checks (completeness, R², evaluations used…), as the method gave them. */
  checks: ResultCheck[];
  /** The method or the curve stopped before the end (ctx.signal): the figures are incomplete. */
  cancelled: boolean;
}

/**
 * Predicts `x` ([1, H, W, C], preprocessed for `m`), explains the top class with `method` and `options`
 * (already validated), and measures the map's deletion curve (the top class's `scoreChoice` score: 'auto' =
 * its logit when its probability is saturated, else the probability; baseline
 * `figures.baseline` made by baselines.ts, `figures.steps` steps, `figures.randomOrders` random orders seeded by `figures.seed`; region
 * methods are ranked and randomised by whole regions). Everything goes through ctx (batch size, signal,
 * progress). Disposes nothing it did not create; leaves no tensor behind. Throws what the method or
 * deletionInsertionCurve throws (OptionError for a map whose size is not the input's).
 */
export async function explainWithFigures(
  m: LoadedModel,
  ctx: ExplainContext,
  x: tf.Tensor4D,
  method: ExplainMethod,
  options: OptionValues,
  figures: BatchFigureOptions,
  scoreChoice: 'auto' | ExplainScore = 'auto',
): Promise<ImageFigures> {
  const probabilities = await m.probabilities(x);
  let top = 0;
  probabilities.forEach((p, i) => {
    if (p > probabilities[top]) top = i;
  });
  // As in the studio's Explain choice: 'auto' explains the logit of a saturated class (a probability stuck
  // at 1 barely moves, so its maps and deletion curves are flat), the probability otherwise.
  const score: ExplainScore = scoreChoice === 'auto' ? (isSaturated(probabilities[top]) ? 'logit' : 'probability') : scoreChoice;
  const a = await method.explain({ ...ctx, score }, x, top, options as never);
  // A flat map (every value the same) ranks no pixel above another: no curve, no model evaluation.
  const deletion = isFlatMap(a.values) ? null : await deletionInsertionCurve(ctx, x, top, a.values, {
    mode: 'deletion',
    steps: figures.steps,
    randomOrders: figures.randomOrders,
    seed: figures.seed,
    baseline: { kind: figures.baseline },
    segments: a.segments,
    score,
  });
  return {
    probabilities,
    top,
    units: a.units,
    score,
    deletion,
    deletionCheck: deletion ? curveCheck(deletion) : flatCurveCheck('deletion'),
    checks: a.checks,
    cancelled: Boolean(a.run.cancelled) || Boolean(deletion?.cancelled),
  };
}
