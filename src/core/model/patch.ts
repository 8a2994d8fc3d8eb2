// A person's corrections to a model's metadata (name, labels, preprocessing, CAM layer), checked
// against what the model fixes (its input shape, its number of classes, the layers CAM can use) and
// against the input budget (budget.ts), before anything is applied.

import type { ModelMetadata, Preprocessing, ScaleMode, UserErrorInfo } from '../../shared/types';
import type { MetadataPatch } from '../../shared/training';
import { MAX_INPUT_SIDE, MIN_INPUT_SIDE } from './budget';
import { t } from '../../shared/i18n';

const SCALES: readonly ScaleMode[] = ['zeroOne', 'minusOneOne', 'meanStd', 'raw255'];

/** A refusal whose three parts are model:patch.<key>.title/detail/action (or `parts` overriding a part's key). */
const err = (key: string, values: Record<string, unknown> = {}, parts: Partial<Record<'title' | 'detail' | 'action', string>> = {}): UserErrorInfo => {
  const part = (p: 'title' | 'detail' | 'action') => t(`model:patch.${parts[p] ?? `${key}.${p}`}`, values);
  return { title: part('title'), detail: part('detail'), action: part('action') };
};

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
    if (!n) return err('name');
    next.name = n;
  }
  if (patch.labels !== undefined) {
    const labels = patch.labels.map((l) => l.trim());
    if (labels.length !== model.classes) {
      return err('count', { classes: model.classes, given: labels.length });
    }
    const empty = labels.findIndex((l) => !l);
    if (empty >= 0) return err('emptyLabel', { n: empty + 1 });
    const seen = new Map<string, number>();
    for (let i = 0; i < labels.length; i++) {
      const k = labels[i].toLowerCase();
      if (seen.has(k)) return err('duplicate', { name: labels[i], a: seen.get(k)! + 1, b: i + 1 });
      seen.set(k, i);
    }
    next.labels = labels;
  }
  if (patch.preprocessing) {
    const p: Preprocessing = { ...next.preprocessing, ...patch.preprocessing };
    const [, h, w, c] = model.inputShape;
    // A side the model fixes is checked against the model; a free side against the limits.
    const size = (v: number, fixed: number) => fixed > 0 || (Number.isInteger(v) && v >= MIN_INPUT_SIDE && v <= MAX_INPUT_SIDE);
    if (!size(p.width, w) || !size(p.height, h)) return err('sizeRange', { min: MIN_INPUT_SIDE, max: MAX_INPUT_SIDE, width: p.width, height: p.height });
    if ((w > 0 && p.width !== w) || (h > 0 && p.height !== h)) {
      return err('sizeFixed', { w: w > 0 ? w : t('model:any'), h: h > 0 ? h : t('model:any'), width: p.width, height: p.height });
    }
    if (c > 0 && p.channels !== c) return err('channels', { c }, { detail: c === 1 ? 'channels.one' : 'channels.three', action: c === 3 ? 'channels.actionThree' : 'channels.actionOne' });
    const was = meta.preprocessing;
    if (model.memoryAt && (p.width !== was.width || p.height !== was.height || p.channels !== was.channels)) {
      const tooBig = model.memoryAt(p.width, p.height, p.channels);
      if (tooBig) return tooBig;
    }
    if (p.resize !== 'stretch' && p.resize !== 'centerCrop') return err('resize', { value: String(p.resize) });
    if (!SCALES.includes(p.scale)) return err('scale', { value: String(p.scale), choices: SCALES.join(', ') });
    if (p.scale === 'meanStd') {
      const triple = (v: unknown) => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
      if (!triple(p.mean) || !triple(p.std)) return err('meanStd');
      if (p.std!.some((s) => s <= 0)) return err('std', { values: p.std!.join(', ') });
    }
    if (p.channelOrder !== undefined && p.channelOrder !== 'rgb' && p.channelOrder !== 'bgr') return err('channelOrder', { value: String(p.channelOrder) });
    if (!p.grayscale) delete p.grayscale;
    if (p.channelOrder !== 'bgr') delete p.channelOrder;
    next.preprocessing = p;
  }
  if (patch.camLayer !== undefined) {
    if (patch.camLayer === null) delete next.camLayer;
    else if (!model.camLayers.includes(patch.camLayer)) return err('camLayer', { layer: patch.camLayer, layers: model.camLayers.join(', ') || t('model:patch.camLayer.none') });
    else next.camLayer = patch.camLayer;
  }
  // The person looked at it: labels and preprocessing are no longer guesses.
  if (patch.labels !== undefined || patch.preprocessing !== undefined) delete next.needsReview;
  return next;
}
