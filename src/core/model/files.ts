// Model files as a person hands them over or takes them away, as pure functions: which dropped file is
// model.json, which are weight shards and which is metadata.json; metadata.json as Glassbox writes it;
// names that never clash in the library; the library's list entry. No storage, no tensors.

import type { ModelMetadata, ModelSummary, UserErrorInfo } from '../../shared/types';
import type { SavedModelEntry } from '../../shared/training';
import { t } from '../../shared/i18n';

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1];
}

/** Model formats Glassbox cannot run, by file name; the second item names the format (model:files.formats). */
const FOREIGN_FORMATS: [RegExp, string][] = [
  [/\.onnx$/i, 'onnx'],
  [/\.(pt|pth)$/i, 'pytorch'],
  [/\.tflite$/i, 'tflite'],
  [/\.pb$/i, 'pb'],
  [/\.mlmodel$/i, 'coreml'],
];

/** A refusal of the file set, its three parts from model:files.<key>. */
function refusal(key: string, values: Record<string, unknown> = {}): UserErrorInfo {
  return { title: t(`model:files.${key}.title`, values), detail: t(`model:files.${key}.detail`, values), action: t(`model:files.${key}.action`, values) };
}
export const KERAS = /\.(h5|hdf5|keras)$/i;
const IMAGE = /\.(png|jpe?g|webp|gif|bmp|tiff?|dcm)$/i;

/** Whether a file name is a Keras file (.h5, .hdf5, .keras): read as bytes, so the validator can say how to convert it. */
export function isKerasFile(name: string): boolean {
  return KERAS.test(name);
}

export interface ModelFileRoles {
  /** Index of the file to read as model.json. */
  modelJson: number;
  /** Indices of weight shards (every file that is not JSON). */
  shards: number[];
  metadata: number | null;
  /** Files that play no part (extra JSON files, images). */
  ignored: number[];
}

/** Which of the given files is model.json, which are weights and which is metadata.json. */
export function classifyModelFiles(names: readonly string[]): ModelFileRoles | UserErrorInfo {
  const base = names.map((n) => baseName(n));
  if (!base.length) return refusal('none');
  const metadata = base.findIndex((n) => n.toLowerCase() === 'metadata.json');
  const jsons = base.map((n, i) => (n.toLowerCase().endsWith('.json') && i !== metadata ? i : -1)).filter((i) => i >= 0);
  const images = base.map((n, i) => (IMAGE.test(n) ? i : -1)).filter((i) => i >= 0);
  let modelJson = jsons.find((i) => base[i].toLowerCase() === 'model.json') ?? (jsons.length === 1 ? jsons[0] : -1);
  if (jsons.length > 1 && modelJson < 0) {
    return refusal('jsons', { count: jsons.length, names: jsons.map((i) => `"${base[i]}"`).join(', ') });
  }
  if (modelJson < 0) {
    // A Keras file goes to the validator, which explains how to convert it.
    const keras = base.findIndex((n) => KERAS.test(n));
    if (keras >= 0) modelJson = keras;
  }
  if (modelJson < 0) {
    const foreign = base.map((n) => FOREIGN_FORMATS.find(([re]) => re.test(n))).find(Boolean);
    if (foreign) {
      return refusal('foreign', { format: t(`model:files.formats.${foreign[1]}`) });
    }
    if (images.length === base.length) {
      return refusal('images', { count: images.length });
    }
    if (metadata >= 0 && base.length === 1) {
      return refusal('onlyMetadata');
    }
    return refusal('missing', { names: base.map((n) => `"${n}"`).join(', ') });
  }
  const shards: number[] = [];
  const ignored: number[] = [];
  base.forEach((n, i) => {
    if (i === modelJson || i === metadata) return;
    if (n.toLowerCase().endsWith('.json') || IMAGE.test(n) || n.startsWith('.')) ignored.push(i);
    else shards.push(i);
  });
  return { modelJson, shards, metadata: metadata >= 0 ? metadata : null, ignored };
}

/** metadata.json as Glassbox writes it (and reads back: labels + preprocessing make it Glassbox's own format). */
export function metadataJson(meta: ModelMetadata): string {
  const out: Record<string, unknown> = {
    name: meta.name,
    labels: meta.labels,
    preprocessing: meta.preprocessing,
  };
  for (const k of ['description', 'source', 'validationAccuracy', 'testAccuracy', 'trainedWith', 'camLayer', 'needsReview'] as const) {
    if (meta[k] !== undefined) out[k] = meta[k];
  }
  return JSON.stringify(out, null, 2) + '\n';
}

/** "name", or "name (2)", "name (3)"… so that two saved models never share a name. */
export function uniqueName(name: string, taken: Iterable<string>): string {
  const base = name.trim() || 'Model';
  const set = new Set(Array.from(taken, (t) => t.toLowerCase()));
  if (!set.has(base.toLowerCase())) return base;
  for (let i = 2; ; i++) {
    const n = `${base} (${i})`;
    if (!set.has(n.toLowerCase())) return n;
  }
}

/** The library list's entry for a saved model: what the list shows, without the weights. `savedAt` in ms since the epoch, `sizeBytes` of the weights. */
export function entryFor(id: string, name: string, meta: ModelMetadata, summary: Pick<ModelSummary, 'params' | 'inputShape'>, sizeBytes: number, savedAt: number): SavedModelEntry {
  return {
    id,
    name,
    savedAt,
    labels: [...meta.labels],
    accuracy: meta.validationAccuracy ?? meta.testAccuracy ?? null,
    source: meta.source,
    params: summary.params,
    inputShape: [...summary.inputShape],
    sizeBytes,
  };
}
