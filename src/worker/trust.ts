// The trust figures of one explanation, computed in the worker (issue 13, "Measures of the explanation"):
//   deletion and insertion curves with their AUC against a random ranking (Petsiuk, Das & Saenko 2018),
//   seed stability of sampled methods (Spearman ρ between the maps of two seeds),
//   the cascading model-parameter randomisation sanity check (Adebayo et al. 2018), on demand.
// The figures themselves are the pure functions of src/core/metrics; this module feeds them the model,
// the image and the map the person is looking at, and turns the results into shared/trust.ts data and
// badges (core/metrics/checks.ts). The engine (engine.ts) runs each call as a compute job in its own slot,
// so a new explanation supersedes the figures instead of waiting behind them.

import * as tf from '@tensorflow/tfjs';
import type { Attribution, OptionValues, Progress, ResultCheck } from '../shared/types';
import type { CurveFigure, SanityFigure, TrustFigures } from '../shared/trust';
import type { CancelSignal, ExplainContext, ExplainMethod } from '../core/explain/types';
import { yieldToEventLoop } from '../core/explain/batching';
import { deletionInsertionCurve, isFlatMap, type CurveMode, type CurveResult } from '../core/metrics/deletion';
import { cascadingRandomisation } from '../core/metrics/randomisation';
import { seedStability } from '../core/metrics/agreement';
import { curveCheck, flatCurveCheck, flatMapNoFigure, noFigureCheck, randomisationCheck, stabilityCheck, TRUST_RULES } from '../core/metrics/checks';
import { t } from '../shared/i18n';

/** A map the engine made, kept so the figures need not send it back from the page nor compute it again. */
export interface KeptMap {
  values: Float32Array;
  width: number;
  height: number;
  segments?: Int32Array;
  /** The seed the map was made with (sampled methods), else null. */
  seed: number | null;
}

/**
 * The identity of an explanation inside the engine: image, method, class and the options with their
 * defaults filled in (so the page's "nothing changed" and "defaults typed in" are the same key).
 */
export function mapKey(imageId: string, methodId: string, target: number, options: OptionValues): string {
  const sorted = Object.fromEntries(Object.entries(options).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${imageId}/${methodId}/${target}/${JSON.stringify(sorted)}`;
}

/**
 * The last few maps the engine made, by mapKey, for one model (a new model empties it). Copies are kept:
 * the engine transfers the attribution's own buffers to the page.
 */
export class MapMemo {
  private entries: { key: string; owner: object; map: KeptMap }[] = [];
  constructor(private readonly capacity = 4) {}

  /** Keeps a copy of a finished map (a stopped, partial map is not kept: the figures need the full one). */
  remember(key: string, owner: object, a: Attribution): void {
    if (a.run.cancelled) return;
    const map: KeptMap = { values: a.values.slice(), width: a.width, height: a.height, segments: a.segments?.slice(), seed: a.run.seed };
    this.entries = [{ key, owner, map }, ...this.entries.filter((e) => e.key !== key)].slice(0, this.capacity);
  }

  /** The kept map for this key made with `owner` (the model), or null. */
  get(key: string, owner: object): KeptMap | null {
    return this.entries.find((e) => e.key === key && e.owner === owner)?.map ?? null;
  }

  forget(): void {
    this.entries = [];
  }
}

/** What the figures are about: a method run on one preprocessed image for one class of a model. */
export interface TrustSubject {
  /** Context the method and the curves run in: model, info, preprocessing, batch size. */
  ctx: ExplainContext;
  /** The preprocessed image [1, H, W, C]; the caller owns (and disposes) it. */
  input: tf.Tensor4D;
  target: number;
  method: ExplainMethod;
  /** The method's options, defaults filled in (validateOptions). */
  options: OptionValues;
}

export interface MeasureOptions {
  /** The map to measure (from MapMemo); computed with the method when absent. */
  map?: KeptMap | null;
  /** Points on each curve minus one (default 25: every 4% of the pixels). */
  steps?: number;
  /** Random rankings averaged for the yardstick (default 3). */
  randomOrders?: number;
  /** The score the curves follow (default the class probability). */
  score?: 'probability' | 'logit';
  /** Whether to measure seed stability for a method with a seed option (default true). */
  stability?: boolean;
  signal?: CancelSignal;
  onProgress?: (p: Progress) => void;
}

/** What measure() found; `cancelled` when the signal ended it early (the figures then say so). */
export interface Measured extends Omit<TrustFigures, 'key'> {
  cancelled: boolean;
}

/** Whether a method draws random samples: it has a seed option (LIME, SHAP, RISE, SmoothGrad, IG with noise). */
export function isSampled(method: ExplainMethod): boolean {
  return method.options.some((o) => o.key === 'seed');
}

async function runMethod(s: TrustSubject, options: OptionValues, extra: Partial<ExplainContext> = {}): Promise<Attribution> {
  return s.method.explain({ ...s.ctx, ...extra }, s.input, s.target, options);
}

/**
 * What removed pixels become (deletion) and what the image starts as (insertion): a blurred copy of the
 * image for both. Petsiuk et al. use black for deletion, but on the demo model scattered black pixels are
 * themselves evidence (measured on held-out lesions: 4% of the pixels blacked out in ANY order drops the
 * probability from 1.00 to 0.00, so the map's and the random order's AUCs were equal, 0.020 and 0.020);
 * with the blur, Grad-CAM's deletion AUC was 0.036 against a random order's 0.834. A blur removes the
 * detail the map points at without adding strong new evidence.
 */
export const CURVE_BASELINE = 'blur' as const;

function curveFigure(r: CurveResult): CurveFigure {
  return {
    mode: r.mode,
    baseline: CURVE_BASELINE,
    x: r.curve.fractions,
    y: r.curve.scores,
    randomY: r.random?.scores ?? [],
    auc: r.curve.auc,
    randomAuc: r.random?.auc ?? NaN,
    units: r.score,
  };
}

/**
 * The cheap figures of one explanation: deletion and insertion curves of the map's ranking and of
 * `randomOrders` random rankings (Petsiuk et al. 2018; baselines from core/explain/baselines.ts in the
 * model's input scale: the blurred image for both, see CURVE_BASELINE), and for a
 * sampled method the Spearman ρ between this map and the map of the next seed (seed + 1).
 * Forward passes go in batches of ctx.batchSize. `signal` stops it after the current batch: the figures
 * computed so far are returned with cancelled = true (an unfinished curve's badge says it was stopped; no
 * stability figure). A flat map (isFlatMap: every value the same) gets no figures: deletion, insertion
 * and stability checks without a badge saying why, no curves, and no model evaluation beyond the map.
 * Errors: those of the method and of deletionInsertionCurve (OptionError).
 * Leaves no tensor behind.
 */
export async function measure(s: TrustSubject, o: MeasureOptions = {}): Promise<Measured> {
  const { signal } = o;
  const [, H, W] = s.input.shape;
  const checks: ResultCheck[] = [];
  const out: Measured = { checks, cancelled: false };
  let map = o.map ?? null;
  const sampled = (o.stability ?? true) && isSampled(s.method);
  const phases = 2 + (map ? 0 : 1) + (sampled ? 1 : 0);
  let phase = 0;
  const report = (stage: string) => (p: Progress) => o.onProgress?.({ done: phase * 1000 + Math.round((1000 * p.done) / Math.max(1, p.total)), total: phases * 1000, stage });
  const stopped = (): Measured => {
    // What was not measured says so (a figure missing without a word would read as "not applicable").
    for (const mode of ['deletion', 'insertion'] as CurveMode[]) {
      if (!out[mode]) checks.push(notMeasured(`${mode}-auc`, t(`metrics:labels.${mode}`), t(`metrics:notMeasured.${mode}`)));
    }
    if (sampled && !out.stability) checks.push(notMeasured('stability', t('metrics:labels.stabilityTwo'), t('metrics:notMeasured.stability')));
    return { ...out, cancelled: true };
  };
  if (!map) {
    const a = await runMethod(s, s.options, { signal, onProgress: report(t('metrics:stages.map')) });
    if (a.run.cancelled) return withRules(stopped());
    map = { values: a.values, width: a.width, height: a.height, segments: a.segments, seed: a.run.seed };
    phase++;
  }
  if (map.width !== W || map.height !== H) throw new Error(`The map is ${map.width}×${map.height} but the model's input is ${W}×${H}`);
  if (isFlatMap(map.values)) {
    // A flat map (an empty Grad-CAM map: all zeros) ranks no pixel above another: its "curves" would follow
    // an arbitrary order and its seeds have no ranking to compare. No figure, no badge, no model evaluation.
    checks.push(flatCurveCheck('deletion'), flatCurveCheck('insertion'));
    if (sampled) checks.push(noFigureCheck('stability', t('metrics:labels.stabilityTwo'), 'number', flatMapNoFigure()));
    return withRules(out);
  }
  for (const mode of ['deletion', 'insertion'] as CurveMode[]) {
    if (signal?.aborted) return withRules(stopped());
    const r = await deletionInsertionCurve({ ...s.ctx, signal, onProgress: report(t(`metrics:stages.curve.${mode}`)) }, s.input, s.target, map.values, {
      mode,
      steps: o.steps ?? 25,
      randomOrders: o.randomOrders ?? 3,
      score: o.score ?? 'probability',
      segments: map.segments,
      baseline: { kind: CURVE_BASELINE },
    });
    out[mode] = curveFigure(r);
    checks.push(curveCheck(r));
    phase++;
    if (r.cancelled) return withRules(stopped());
  }
  if (sampled && !signal?.aborted) {
    const seedA = typeof s.options.seed === 'number' ? s.options.seed : 0;
    const seedB = (seedA + 1) % 2147483648;
    const b = await runMethod(s, { ...s.options, seed: seedB }, { signal, onProgress: report(t('metrics:stages.seed', { seed: seedB })) });
    if (b.run.cancelled) return withRules(stopped());
    const rho = seedStability(map.values, b.values);
    out.stability = { rho, seeds: [seedA, seedB] };
    const c = stabilityCheck(rho, [seedA, seedB]);
    // A seed option that draws nothing with these options (IG with a fixed baseline) gives the same map:
    // nothing was measured, so no figure and no badge (a 'good 1.00' would read as evidence).
    const same = map.values.every((v, i) => v === b.values[i]);
    checks.push(same ? noFigureCheck(c.id, c.label, c.format, t('metrics:stability.sameMap', { rule: TRUST_RULES.stability })) : c);
  }
  if (signal?.aborted) return withRules(stopped());
  return withRules(out);
}

function withRules<T extends { checks: ResultCheck[] }>(f: T): T & { rules: Record<string, string> } {
  // a check without a badge (no figure) has no rule to show
  return { ...f, rules: Object.fromEntries(f.checks.filter((c) => RULE_OF[c.id] && c.status).map((c) => [c.id, RULE_OF[c.id]])) };
}

/** The rule behind each badge, by check id (the panel shows it apart from the figure's sentence). */
export const RULE_OF: Readonly<Record<string, string>> = {
  // i18n: getters, so each read is in the current language
  get 'deletion-auc'() {
    return TRUST_RULES.deletion;
  },
  get 'insertion-auc'() {
    return TRUST_RULES.insertion;
  },
  get stability() {
    return TRUST_RULES.stability;
  },
  get randomisation() {
    return TRUST_RULES.randomisation;
  },
};

function notMeasured(id: string, label: string, what: string): ResultCheck {
  return { id, label, value: NaN, format: 'number', status: 'warn', detail: t('metrics:notMeasured.detail', { what }) };
}

export interface SanityOptions {
  /**
   * The explanation under test, run on a (randomised) copy of the model; default: the subject's method
   * with its options. Tests pass a model-independent "explanation" here to see it fail.
   */
  explain?: (model: tf.LayersModel) => Promise<ArrayLike<number>>;
  /** Independent cascades averaged at each step (default 3). */
  repeats?: number;
  /** Seeds the random weights (default 0). */
  seed?: number;
  signal?: CancelSignal;
  onProgress?: (p: Progress) => void;
}

export interface SanityResult {
  randomisation: SanityFigure;
  /** The rule behind the badge (TRUST_RULES.randomisation). */
  rule: string;
  check: ResultCheck;
  cancelled: boolean;
}

/**
 * The cascading model-parameter randomisation sanity check (Adebayo et al. 2018) of the subject's method:
 * re-initialise the model's layers from the output down, explain again at each step, and compare with the
 * original map (Spearman ρ and SSIM of |maps|; core/metrics/randomisation.ts), on copies of the model
 * (the model in use is never touched). Badge by TRUST_RULES.randomisation: a map that keeps ρ ≥ 0.9 at
 * every step fails, "it shows the image, not what the model learned". `signal` stops it between
 * explanations: the completed cascades are returned with cancelled = true, or, when not one cascade
 * finished, empty curves and a 'warn' badge saying so.
 * Throws when the model has no layer with weights or the original map is flat (nothing to rank).
 */
export async function sanityCheck(s: TrustSubject, o: SanityOptions = {}): Promise<SanityResult> {
  const [, H, W] = s.input.shape;
  const given =
    o.explain ??
    (async (model: tf.LayersModel) => {
      const a = await runMethod(s, s.options, { model, signal: o.signal });
      return a.values;
    });
  // A gradient method's passes resolve as microtasks on wasm: let the worker read its messages (the
  // heartbeat, a cancel) between the explanations, which may be many on a deep model.
  const explain = async (model: tf.LayersModel) => {
    await yieldToEventLoop();
    return given(model);
  };
  const r = await cascadingRandomisation(s.ctx.model, { explain, width: W, height: H, repeats: o.repeats ?? 3, seed: o.seed ?? 0, signal: o.signal, onProgress: o.onProgress });
  const randomisation: SanityFigure = {
    layers: r.steps.map((x) => x.layer),
    spearman: r.steps.map((x) => x.spearman),
    ssim: r.steps.map((x) => x.ssim),
  };
  if (r.steps.length === 0) {
    return {
      randomisation,
      rule: TRUST_RULES.randomisation,
      cancelled: true,
      check: { id: 'randomisation', label: t('metrics:randomisationModel.label'), value: NaN, format: 'number', status: 'warn', detail: t('metrics:randomisationModel.stopped', { layers: r.layers.length, rule: TRUST_RULES.randomisation }) },
    };
  }
  return { randomisation, rule: TRUST_RULES.randomisation, check: randomisationCheck(r), cancelled: r.cancelled };
}
