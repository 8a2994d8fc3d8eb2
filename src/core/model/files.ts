// Model files as a person hands them over or takes them away, as pure functions: which dropped file is
// model.json, which are weight shards and which is metadata.json; metadata.json as Glassbox writes it;
// names that never clash in the library; the library's list entry. No storage, no tensors.

import type { ModelMetadata, ModelSummary, UserErrorInfo } from '../../shared/types';
import type { SavedModelEntry } from '../../shared/training';

function baseName(p: string): string {
  const parts = p.split(/[\\/]/);
  return parts[parts.length - 1];
}

const FOREIGN_FORMATS: [RegExp, string][] = [
  [/\.onnx$/i, 'an ONNX model'],
  [/\.(pt|pth)$/i, 'a PyTorch model'],
  [/\.tflite$/i, 'a TensorFlow Lite model'],
  [/\.pb$/i, 'a TensorFlow SavedModel or frozen graph'],
  [/\.mlmodel$/i, 'a Core ML model'],
];
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
  if (!base.length) return { title: 'No files were given', detail: 'Loading a model needs model.json and its weight files.', action: 'Drop model.json together with its .bin files (and metadata.json when there is one).' };
  const metadata = base.findIndex((n) => n.toLowerCase() === 'metadata.json');
  const jsons = base.map((n, i) => (n.toLowerCase().endsWith('.json') && i !== metadata ? i : -1)).filter((i) => i >= 0);
  const images = base.map((n, i) => (IMAGE.test(n) ? i : -1)).filter((i) => i >= 0);
  let modelJson = jsons.find((i) => base[i].toLowerCase() === 'model.json') ?? (jsons.length === 1 ? jsons[0] : -1);
  if (jsons.length > 1 && modelJson < 0) {
    return {
      title: `${jsons.length} JSON files, and none is called model.json`,
      detail: `Given: ${jsons.map((i) => `"${base[i]}"`).join(', ')}. Glassbox cannot tell which one describes the model.`,
      action: 'Rename the model file to model.json (or drop only the model\'s own files).',
    };
  }
  if (modelJson < 0) {
    // A Keras file goes to the validator, which explains how to convert it.
    const keras = base.findIndex((n) => KERAS.test(n));
    if (keras >= 0) modelJson = keras;
  }
  if (modelJson < 0) {
    const foreign = base.map((n) => FOREIGN_FORMATS.find(([re]) => re.test(n))).find(Boolean);
    if (foreign) {
      return {
        title: `This is ${foreign[1]}, not a TensorFlow.js model`,
        detail: 'Glassbox runs TensorFlow.js layers models (model.json plus .bin weight files) in the browser.',
        action: 'Convert the model to TensorFlow.js (tensorflowjs_converter, from Keras) and drop model.json with its .bin files.',
      };
    }
    if (images.length === base.length) {
      return { title: 'These are images, not a model', detail: `${images.length} image file${images.length > 1 ? 's' : ''} and no model.json.`, action: 'Drop images on the Explain view\'s gallery or on a class in Train; here, drop model.json with its .bin files.' };
    }
    if (metadata >= 0 && base.length === 1) {
      return { title: 'Only metadata.json was given', detail: 'metadata.json holds the labels and preprocessing; the model itself is in model.json and its .bin weight files.', action: 'Drop model.json and its .bin files together with metadata.json.' };
    }
    return { title: 'model.json is missing', detail: `Given: ${base.map((n) => `"${n}"`).join(', ')}. A TensorFlow.js model is described by model.json, with its weights in .bin files.`, action: 'Drop model.json together with its .bin files (select them all, or drop the whole folder).' };
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
