// Builders for the typed result spec every method returns (shared/attribution.ts): the run record and the
// checks that more than one method states.

import * as tf from '@tensorflow/tfjs';
import { t } from '../../shared/i18n';
import type { OptionValues, ResultCheck, RunRecord } from '../../shared/types';
import { batchSizeOf } from './batching';
import type { ExplainContext } from './types';

export interface RunEnd {
  /** Stopped by ctx.signal before the planned evaluations were done. */
  cancelled?: boolean;
  /** The layer a CAM method read. */
  layer?: string;
  /** Whether the method batches its model evaluations (then the record carries ctx's batch size). */
  batched?: boolean;
  /** The class score the values measure (probability or logit). */
  score?: RunRecord['score'];
}

/**
 * Starts the clock of one explanation. Call at the top of explain(); the returned function makes the
 * run record at the end: method id, options (defaults filled), target, seed (options.seed, else null),
 * evaluations done/planned with their unit ('forward passes', 'gradients', ...), batch size (ctx's, for
 * batched methods), wall time in ms, the tfjs backend, and whether it was stopped early.
 */
export function startRun(ctx: ExplainContext, method: string, target: number, options: OptionValues): (evaluations: RunRecord['evaluations'], end?: RunEnd) => RunRecord {
  const t0 = performance.now();
  return (evaluations, end = {}) => ({
    method,
    options: { ...options },
    target,
    seed: typeof options.seed === 'number' ? options.seed : null,
    ...(end.layer !== undefined ? { layer: end.layer } : {}),
    ...(end.score !== undefined ? { score: end.score } : {}),
    evaluations: { ...evaluations },
    batchSize: end.batched ? batchSizeOf(ctx) : null,
    ms: Math.round(performance.now() - t0),
    backend: tf.getBackend(),
    cancelled: Boolean(end.cancelled),
  });
}

/** The units of model evaluations a check names (catalogue methods:checks.units): "gradients along the path"… */
export type EvaluationUnit = 'path' | 'masked' | 'combinations' | 'perturbed' | 'noisy' | 'windows';

/**
 * The "evaluations used" check of a sampled method: how many of the planned model evaluations the values
 * rest on, labelled in the current language ("Model evaluations (masked copies)"). Status 'warn' when
 * stopped early (the estimate is noisier), else 'ok'.
 */
export function evaluationsCheck(done: number, total: number, unit: EvaluationUnit, cancelled: boolean): ResultCheck {
  return {
    id: 'evaluations',
    label: t('methods:checks.evaluations.label', { unit: t(`methods:checks.units.${unit}`) }),
    value: done,
    of: total,
    format: 'count',
    status: cancelled ? 'warn' : 'ok',
    ...(cancelled ? { detail: t('methods:checks.evaluations.cancelled') } : {}),
  };
}

/** A reference figure without a rule (f(x), a logit, the share of variance explained...). */
export function figure(id: string, label: string, value: number, format: ResultCheck['format'] = 'number', detail?: string): ResultCheck {
  return { id, label, value: Number.isFinite(value) ? value : 0, format, ...(detail ? { detail } : {}) };
}

/** The check with this id, or undefined. */
export function findCheck(checks: readonly ResultCheck[], id: string): ResultCheck | undefined {
  return checks.find((c) => c.id === id);
}
