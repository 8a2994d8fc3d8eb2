// A person's corrections to a model's metadata (name, labels, preprocessing, CAM layer), checked
// against what the model fixes (its input shape, its number of classes, the layers CAM can use) and
// against the input budget (budget.ts), before anything is applied.

import type { ModelMetadata, Preprocessing, ScaleMode, UserErrorInfo } from '../../shared/types';
import type { MetadataPatch } from '../../shared/training';
import { MAX_INPUT_SIDE, MIN_INPUT_SIDE } from './budget';

const SCALES: readonly ScaleMode[] = ['zeroOne', 'minusOneOne', 'meanStd', 'raw255'];

const err = (title: string, detail: string, action: string): UserErrorInfo => ({ title, detail, action });

/** What the model fixes, that a correction must respect. */
export interface PatchLimits {
  /** The model's input shape, [batch, H, W, C], -1 where it accepts any size. */
  inputShape: number[];
  classes: number;
  /** The layers CAM methods can use, by path. */
  camLayers: string[];
  /** Why one input at this size would not fit the memory budget (budget.ts memoryRefusal), or null. */
  memoryAt?: (width: number, height: number, channels: number) => UserErrorInfo | null;
}

/**
 * Applies a person's corrections to a model's metadata, or says why they cannot apply: labels that do not
 * fit the classes, a size or channel count the model fixes, a size outside MIN_INPUT_SIDE..MAX_INPUT_SIDE
 * or past the memory budget, an unknown scaling, a CAM layer without a spatial output.
 */
export function applyMetadataPatch(meta: ModelMetadata, patch: MetadataPatch, model: PatchLimits): { ok: true; meta: ModelMetadata } | { ok: false; error: UserErrorInfo } {
  const r = patchMetadata(meta, patch, model);
  return 'title' in r ? { ok: false, error: r } : { ok: true, meta: r };
}

function patchMetadata(meta: ModelMetadata, patch: MetadataPatch, model: PatchLimits): ModelMetadata | UserErrorInfo {
  const next: ModelMetadata = { ...meta, preprocessing: { ...meta.preprocessing } };
  if (patch.name !== undefined) {
    const n = patch.name.trim();
    if (!n) return err('The model needs a name', 'The name is empty.', 'Type a name for the model.');
    next.name = n;
  }
  if (patch.labels !== undefined) {
    const labels = patch.labels.map((l) => l.trim());
    if (labels.length !== model.classes) {
      return err(`The model has ${model.classes} classes, not ${labels.length}`, `It outputs ${model.classes} scores, one per class, in a fixed order; the labels name them one for one.`, `Give exactly ${model.classes} labels, in the order of the model's outputs.`);
    }
    const empty = labels.findIndex((l) => !l);
    if (empty >= 0) return err(`Label ${empty + 1} is empty`, 'Every class needs a name.', `Name class ${empty + 1}.`);
    const seen = new Map<string, number>();
    for (let i = 0; i < labels.length; i++) {
      const k = labels[i].toLowerCase();
      if (seen.has(k)) return err(`Two classes are called "${labels[i]}"`, `Classes ${seen.get(k)! + 1} and ${i + 1} have the same name, so their results could not be told apart.`, 'Give each class its own name.');
      seen.set(k, i);
    }
    next.labels = labels;
  }
  if (patch.preprocessing) {
    const p: Preprocessing = { ...next.preprocessing, ...patch.preprocessing };
    const [, h, w, c] = model.inputShape;
    // A side the model fixes is checked against the model; a free side against the limits.
    const size = (v: number, fixed: number) => fixed > 0 || (Number.isInteger(v) && v >= MIN_INPUT_SIDE && v <= MAX_INPUT_SIDE);
    if (!size(p.width, w) || !size(p.height, h)) return err(`The input size must be between ${MIN_INPUT_SIDE} and ${MAX_INPUT_SIDE} pixels`, `It is ${p.width} x ${p.height}.`, 'Enter the size the model was trained at (224 for most ImageNet models).');
    if ((w > 0 && p.width !== w) || (h > 0 && p.height !== h)) {
      return err(`This model takes ${w > 0 ? w : 'any'} x ${h > 0 ? h : 'any'} pixel images`, `Its input layer fixes the size, so ${p.width} x ${p.height} cannot be used.`, `Keep the input size at ${w} x ${h}.`);
    }
    if (c > 0 && p.channels !== c) return err(`This model takes ${c}-channel images`, `Its input layer fixes ${c === 1 ? 'one (grayscale) channel' : 'three (RGB) channels'}.`, c === 3 ? 'To feed it grey images, tick "grayscale" instead.' : 'Keep one channel.');
    const was = meta.preprocessing;
    if (model.memoryAt && (p.width !== was.width || p.height !== was.height || p.channels !== was.channels)) {
      const tooBig = model.memoryAt(p.width, p.height, p.channels);
      if (tooBig) return tooBig;
    }
    if (p.resize !== 'stretch' && p.resize !== 'centerCrop') return err('Unknown resize mode', `"${String(p.resize)}" is neither "stretch" nor "centerCrop".`, 'Choose stretch or centre crop.');
    if (!SCALES.includes(p.scale)) return err('Unknown scaling', `"${String(p.scale)}" is not one of ${SCALES.join(', ')}.`, 'Choose one of the scalings offered.');
    if (p.scale === 'meanStd') {
      const triple = (v: unknown) => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
      if (!triple(p.mean) || !triple(p.std)) return err('Mean/std scaling needs a mean and a std for each channel', 'Three numbers each, in the 0-1 range of pixel values (ImageNet: mean 0.485 0.456 0.406, std 0.229 0.224 0.225).', 'Enter the mean and std the model was trained with.');
      if (p.std!.some((s) => s <= 0)) return err('Every std must be greater than 0', `It is ${p.std!.join(', ')}.`, 'Enter positive standard deviations.');
    }
    if (p.channelOrder !== undefined && p.channelOrder !== 'rgb' && p.channelOrder !== 'bgr') return err('Unknown channel order', `"${String(p.channelOrder)}" is neither "rgb" nor "bgr".`, 'Choose RGB or BGR.');
    if (!p.grayscale) delete p.grayscale;
    if (p.channelOrder !== 'bgr') delete p.channelOrder;
    next.preprocessing = p;
  }
  if (patch.camLayer !== undefined) {
    if (patch.camLayer === null) delete next.camLayer;
    else if (!model.camLayers.includes(patch.camLayer)) return err(`Layer "${patch.camLayer}" cannot be used for CAM`, 'CAM methods need a layer with a spatial output (height and width above 1).', `Pick one of: ${model.camLayers.join(', ') || 'none (this model has no such layer)'}.`);
    else next.camLayer = patch.camLayer;
  }
  // The person looked at it: labels and preprocessing are no longer guesses.
  if (patch.labels !== undefined || patch.preprocessing !== undefined) delete next.needsReview;
  return next;
}
