// The explanation method contract. Every method is one file in ./methods and one line in
// ./registry.ts; the worker dispatches through the registry and the UI builds its forms from it.

import type * as tf from '@tensorflow/tfjs';
import type { Attribution, OptionSpec, OptionValues, Progress } from '../../shared/types';
import { t } from '../../shared/i18n';
import { methodText, translateOption } from './methodText';

/** What a method may ask of the model before it runs. */
export interface ModelInfo {
  inputShape: number[];
  classes: number;
  /** Layers with a spatial output, by path; empty for models CAM methods cannot use. */
  camLayers: string[];
  defaultCamLayer: string | null;
  /** How logits become probabilities (core/model/head.ts); absent means 'softmax'. */
  head?: import('../../shared/types').OutputHead;
}

/** A cancel flag shaped like AbortSignal, so a real AbortSignal works too. */
export interface CancelSignal {
  readonly aborted: boolean;
}

export interface ExplainContext {
  model: tf.LayersModel;
  info: ModelInfo;
  /** Layer for CAM methods (defaults to info.defaultCamLayer). */
  camLayer?: string | null;
  onProgress?: (p: Progress) => void;
  signal?: CancelSignal;
  /** Largest batch for sampled forward passes. */
  batchSize?: number;
  /**
   * How `input` was made from 0..255 pixels. Baselines (baselines.ts) use it to make black, a chosen colour
   * or noise in the model's input scale; superpixel methods to segment the real colours. Without it black
   * is the all-zeros input and colours span the input's own min..max.
   */
  preprocessing?: import('../../shared/types').Preprocessing;
  /**
   * The class score methods that measure it by forward passes explain (LIME, SHAP, occlusion, RISE):
   * 'probability' (after the output head; absent means this) or 'logit' (log-odds, before it: it does not
   * saturate). Gradient and CAM methods always differentiate the logit.
   */
  score?: import('../../shared/types').ExplainScore;
}

/** A preprocessed input: shape [1, H, W, C]. */
export type ImageTensor = tf.Tensor4D;

export interface ExplainMethod<O extends OptionValues = OptionValues> {
  id: string;
  label: string;
  /** One plain sentence for the UI. */
  summary: string;
  /** A plain-language paragraph: "what am I looking at?" */
  about: string;
  kind: 'gradient' | 'cam' | 'perturbation';
  /** Whether values can be negative (drawn with a diverging colormap centred on zero). */
  signed: boolean;
  defaultOptions: O;
  options: OptionSpec[];
  isCompatible(m: ModelInfo): boolean;
  /** Reads ctx.score: explains the probability or the logit as the person chose (see measuredScore in batching.ts). */
  followsScoreChoice?: boolean;
  /**
   * Explains class `target` for `input` [1, H, W, C]. Returns the H x W map with its result spec
   * (shared/attribution.ts): units, checks, regions for region methods, and the run record (result.ts).
   */
  explain(ctx: ExplainContext, input: ImageTensor, target: number, o: O): Promise<Attribution>;
}

/** The seed option of every sampled method: any 31-bit non-negative integer; `help` says what it fixes. */
export function seedOption(help: string): OptionSpec {
  return { key: 'seed', label: 'Random seed', type: 'number', min: 0, max: 2147483647, step: 1, integer: true, help };
}

export class OptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionError';
  }
}

/**
 * Fills defaults and rejects values the spec does not allow, with a message a person can act on (an
 * OptionError in the current language, naming the method, the option and the value).
 */
export function validateOptions<O extends OptionValues>(method: ExplainMethod<O>, given: Partial<OptionValues> = {}): O {
  const out: OptionValues = { ...method.defaultOptions };
  const name = methodText(method, 'label');
  for (const [key, value] of Object.entries(given)) {
    const raw = method.options.find((s) => s.key === key);
    if (!raw) throw new OptionError(t('methods:optionErrors.unknown', { method: name, key }));
    if (value === undefined) continue;
    const spec = translateOption(method.id, raw);
    const v = { method: name, option: spec.label, value: String(value) };
    switch (spec.type) {
      case 'number': {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw new OptionError(t('methods:optionErrors.notNumber', v));
        if (value < spec.min || value > spec.max) throw new OptionError(t('methods:optionErrors.range', { ...v, min: spec.min, max: spec.max }));
        if (spec.integer && !Number.isInteger(value)) throw new OptionError(t('methods:optionErrors.integer', v));
        break;
      }
      case 'select':
        if (!spec.choices.some((c) => c.value === value)) throw new OptionError(t('methods:optionErrors.choice', { ...v, choices: spec.choices.map((c) => c.value).join(', ') }));
        break;
      case 'boolean':
        if (typeof value !== 'boolean') throw new OptionError(t('methods:optionErrors.boolean', v));
        break;
      case 'layer':
        if (value !== null && typeof value !== 'string') throw new OptionError(t('methods:optionErrors.layer', v));
        break;
    }
    out[key] = value as OptionValues[string];
  }
  return out as O;
}
