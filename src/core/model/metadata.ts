// metadata.json: reading the three kinds a person may give (Glassbox's own, Teachable Machine's, a bare
// list of labels), and turning what it says together with what the model says into the ModelMetadata
// Glassbox runs with (labels, preprocessing), saying in warnings what was guessed or overruled.

import type { ModelMetadata, Preprocessing, ScaleMode } from '../../shared/types';
import { sideTooLarge } from './budget';
import { fail, isObject, listNames, type InvalidModelFiles } from './refusal';
import { t } from '../../shared/i18n';
import { MODEL_CLASSES } from './modelJson';
import { parseOodStatistics } from '../../shared/ood';

export type MetadataKind = 'glassbox' | 'teachable-machine' | 'labels-only';

export interface ParsedMetadata {
  kind: MetadataKind;
  name?: string;
  labels?: string[];
  /** Glassbox's own format only. */
  preprocessing?: Preprocessing;
  /** Teachable Machine's square input size. */
  imageSize?: number;
  /** Other ModelMetadata fields of Glassbox's own format, passed through. */
  extra?: Partial<ModelMetadata>;
}

const SCALES: readonly ScaleMode[] = ['zeroOne', 'minusOneOne', 'meanStd', 'raw255'];

function badMetadata(detail: string): InvalidModelFiles {
  return fail('bad-metadata', t('model:metadata.title'), detail, t('model:metadata.action'));
}

function parsePreprocessing(p: unknown): Preprocessing | string {
  if (!isObject(p)) return t('model:metadata.fields.notObject');
  const { width, height, channels, resize, scale, mean, std } = p;
  const posInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
  if (!posInt(width) || !posInt(height)) return t('model:metadata.fields.size', { width: String(JSON.stringify(width)), height: String(JSON.stringify(height)) });
  const tooLarge = sideTooLarge(width as number, height as number);
  if (tooLarge) return t('model:metadata.fields.tooLarge', { width, height, why: tooLarge });
  if (channels !== 1 && channels !== 3) return t('model:metadata.fields.channels', { value: String(JSON.stringify(channels)) });
  if (resize !== 'stretch' && resize !== 'centerCrop') return t('model:metadata.fields.resize', { value: String(JSON.stringify(resize)) });
  if (!SCALES.includes(scale as ScaleMode)) return t('model:metadata.fields.scale', { choices: SCALES.map((s) => `"${s}"`).join(', '), value: String(JSON.stringify(scale)) });
  const triple = (v: unknown) => Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
  if (scale === 'meanStd') {
    if (!triple(mean) || !triple(std)) return t('model:metadata.fields.meanStd');
    if ((std as number[]).some((s) => s <= 0)) return t('model:metadata.fields.std');
  }
  const out: Preprocessing = { width: width as number, height: height as number, channels, resize, scale: scale as ScaleMode };
  if (triple(mean)) out.mean = mean as [number, number, number];
  if (triple(std)) out.std = std as [number, number, number];
  if (p.grayscale === true) out.grayscale = true;
  const order = p.channelOrder ?? p.channel_order;
  if (order !== undefined) {
    const o = typeof order === 'string' ? order.toLowerCase() : order;
    if (o !== 'rgb' && o !== 'bgr') return t('model:metadata.fields.channelOrder', { value: String(JSON.stringify(order)) });
    if (o === 'bgr') out.channelOrder = 'bgr';
  }
  return out;
}

function parseLabels(v: unknown): string[] | string {
  if (!Array.isArray(v)) return t('model:metadata.fields.labelsList');
  if (!v.every((l) => typeof l === 'string' || typeof l === 'number')) return t('model:metadata.fields.labelsText');
  return v.map(String);
}

/**
 * Reads metadata.json's text as Glassbox's own format (labels + preprocessing), Teachable Machine's
 * (labels + imageSize) or a bare list of labels. Sizes past MAX_INPUT_SIDE (budget.ts) are refused here.
 * @returns the parsed metadata (null when it has no labels, with a warning), or the 'bad-metadata' refusal.
 */
export function parseMetadata(text: string): { ok: true; metadata: ParsedMetadata | null; warnings: string[] } | InvalidModelFiles {
  let m: unknown;
  try {
    m = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return badMetadata(t('model:metadata.notJson', { reason: (e as Error).message }));
  }
  if (!isObject(m)) return badMetadata(t('model:metadata.notObject'));
  const labels = m.labels === undefined ? undefined : parseLabels(m.labels);
  if (typeof labels === 'string') return badMetadata(labels);
  if (isObject(m.modelTopology) || Array.isArray(m.weightsManifest)) {
    return badMetadata(t('model:metadata.isModelJson'));
  }
  if (m.preprocessing !== undefined) {
    const p = parsePreprocessing(m.preprocessing);
    if (typeof p === 'string') return badMetadata(t('model:metadata.sentence', { text: p }));
    if (!labels) return badMetadata(t('model:metadata.noLabels'));
    const extra: Partial<ModelMetadata> = {};
    if (typeof m.description === 'string') extra.description = m.description;
    if (typeof m.testAccuracy === 'number') extra.testAccuracy = m.testAccuracy;
    if (typeof m.validationAccuracy === 'number') extra.validationAccuracy = m.validationAccuracy;
    if (typeof m.trainedWith === 'string') extra.trainedWith = m.trainedWith;
    if (typeof m.camLayer === 'string') extra.camLayer = m.camLayer;
    // (honest) Training-set statistics for the out-of-distribution verdict; unreadable ones are left out (verdict 'unknown').
    if (m.ood !== undefined) {
      const ood = parseOodStatistics(m.ood);
      if (typeof ood !== 'string') extra.ood = ood;
    }
    if (m.source === 'demo' || m.source === 'trained' || m.source === 'uploaded' || m.source === 'teachable-machine') extra.source = m.source;
    return { ok: true, warnings: [], metadata: { kind: 'glassbox', name: typeof m.name === 'string' ? m.name : undefined, labels, preprocessing: p, extra } };
  }
  const isTm = (typeof m.packageName === 'string' && /teachablemachine/i.test(m.packageName)) || typeof m.tmVersion === 'string';
  if (isTm) {
    if (!labels) return badMetadata(t('model:metadata.tmNoLabels'));
    const imageSize = typeof m.imageSize === 'number' && m.imageSize > 0 ? m.imageSize : undefined;
    if (imageSize !== undefined && sideTooLarge(imageSize, imageSize)) {
      return badMetadata(t('model:metadata.tmTooLarge', { size: imageSize, why: sideTooLarge(imageSize, imageSize) }));
    }
    return { ok: true, warnings: [], metadata: { kind: 'teachable-machine', name: typeof m.modelName === 'string' ? m.modelName : undefined, labels, imageSize } };
  }
  if (labels) return { ok: true, warnings: [], metadata: { kind: 'labels-only', name: typeof m.name === 'string' ? m.name : undefined, labels } };
  return { ok: true, metadata: null, warnings: [t('model:metadata.warnings.noLabels')] };
}


/** What the built model says, that metadata.json must agree with. */
export interface ModelFacts {
  /** [batch, H, W, C]; null where the model accepts any size. */
  inputShape: (number | null)[];
  /** Classes as Glassbox shows them (2 for a single sigmoid unit). */
  classes: number;
  /** Units of the model's output layer (1 for a binary classifier with one sigmoid unit). */
  outputUnits: number;
  layers: { path: string; className: string }[];
  topologyName?: string;
}

/** Labels of a binary classifier with one sigmoid unit when metadata.json does not name them: class 0 is 1 - p, class 1 is p. */
export const BINARY_LABELS: readonly [string, string] = ['negative', 'positive'];

/** The side Glassbox uses for a model that accepts any image size and metadata.json does not say (ImageNet's 224). */
export const DEFAULT_ANY_SIDE = 224;

/** Finds a Rescaling layer at the model's entrance: then the model expects raw 0-255 pixels. */
function startsWithRescaling(layers: { path: string; className: string }[]): boolean {
  const first = layers.find((l) => l.className !== 'InputLayer' && !MODEL_CLASSES.has(l.className));
  return first?.className === 'Rescaling';
}

/**
 * The ModelMetadata to run the model with, from metadata.json (or null) and the built model's facts.
 * The model wins where the two disagree about the input; labels must match the classes one for one.
 * @param warnings receives, in plain language, what was guessed or overruled ("Please confirm" marks a guess).
 * @returns the metadata, or the refusal 'metadata-mismatch' when the labels do not fit the classes.
 */
export function metadataFor(meta: ParsedMetadata | null, model: ModelFacts, warnings: string[], nameHint?: string): ModelMetadata | InvalidModelFiles {
  const shape = model.inputShape;
  const classes = model.classes;
  const channels = shape[3] as 1 | 3;
  const inH = shape[1] ?? null;
  const inW = shape[2] ?? null;
  const name = meta?.name ?? nameHint ?? model.topologyName ?? 'Uploaded model';
  const binary = model.outputUnits === 1 && classes === 2;

  if (meta?.labels && meta.labels.length !== classes) {
    const what = t(binary ? 'model:metadata.mismatch.binaryWhat' : 'model:metadata.mismatch.outputs', { classes });
    return fail('metadata-mismatch', t('model:metadata.mismatch.title', { labels: meta.labels.length, what }),
      t('model:metadata.mismatch.detail', { names: listNames(meta.labels), binary: binary ? t('model:metadata.mismatch.binary') : '' }),
      t('model:metadata.mismatch.action'));
  }
  const labels = meta?.labels ?? (binary ? [...BINARY_LABELS] : Array.from({ length: classes }, (_, i) => `class ${i}`));
  // One warning for a model that accepts any size, however many sides are free.
  const anySize = (fallback: number): [number, number] => {
    if (inW === null || inH === null) warnings.push(t('model:metadata.warnings.anySize', { width: inW ?? fallback, height: inH ?? fallback }));
    return [inW ?? fallback, inH ?? fallback];
  };

  if (meta?.kind === 'teachable-machine') {
    // Teachable Machine crops the centre square, resizes it to 224x224 and computes x/127 - 1.
    // 'minusOneOne' is x/127.5 - 1: at most 0.008 apart (0.4% of the range), far below what changes
    // a prediction, and it keeps the preprocessing one of the four modes a person can read and edit.
    const [w, h] = anySize(meta.imageSize ?? DEFAULT_ANY_SIDE);
    if (meta.imageSize && (meta.imageSize !== w || meta.imageSize !== h)) {
      warnings.push(t('model:metadata.warnings.tmSize', { size: meta.imageSize, width: w, height: h }));
    }
    return { name, labels, source: 'teachable-machine', preprocessing: { width: w, height: h, channels, resize: 'centerCrop', scale: 'minusOneOne' } };
  }
  if (meta?.kind === 'glassbox' && meta.preprocessing) {
    const p = { ...meta.preprocessing };
    let needsReview = false;
    if ((inW !== null && p.width !== inW) || (inH !== null && p.height !== inH) || p.channels !== channels) {
      warnings.push(t('model:metadata.warnings.input', { given: `${p.width}x${p.height}x${p.channels}`, actual: `${inW ?? p.width}x${inH ?? p.height}x${channels}` }));
      p.width = inW ?? p.width;
      p.height = inH ?? p.height;
      p.channels = channels;
      needsReview = true;
    }
    return { ...meta.extra, name, labels, source: meta.extra?.source ?? 'uploaded', preprocessing: p, ...(needsReview ? { needsReview } : {}) };
  }
  // No usable preprocessing: guess it from the input shape and ask the person to confirm.
  const rescales = startsWithRescaling(model.layers);
  if (rescales) warnings.push(t('model:metadata.warnings.rescaling'));
  if (!meta) warnings.push(t('model:metadata.warnings.noMetadata'));
  const [width, height] = anySize(DEFAULT_ANY_SIDE);
  const preprocessing: Preprocessing = { width, height, channels, resize: 'stretch', scale: rescales ? 'raw255' : 'zeroOne' };
  return { name, labels, source: 'uploaded', preprocessing, needsReview: true };
}
