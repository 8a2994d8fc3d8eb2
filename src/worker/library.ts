// The model library and model files: save the active model in the browser (IndexedDB, through the
// `idb` wrapper), list, load, rename and delete saved models, hand a model out as TensorFlow.js files,
// and load the files of a model someone already has (validated by src/core/model/validate.ts before
// anything runs; every refusal is a UserError and leaves the active model untouched).
//
// Two object stores: `entries` holds what the list shows (small), `files` holds model.json, the weight
// shards and the metadata, so listing never reads megabytes of weights.

import * as Comlink from 'comlink';
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ModelMetadata, ModelSummary, Preprocessing, ScaleMode, UserErrorInfo } from '../shared/types';
import type { DownloadFile, MetadataPatch, ModelChange, SavedModelEntry } from '../shared/training';
import { fetchModelFiles, loadLayersModelFromFiles, saveLayersModelToFiles } from '../core/model/io';
import { loadValidatedModel } from '../core/model/validate';
import { LoadedModel } from '../core/model/loaded';
import { UserError } from '../shared/errors';
import type { ModelHost } from './training';

interface StoredFiles {
  id: string;
  modelJson: object;
  shards: { name: string; bytes: ArrayBuffer }[];
  metadata: ModelMetadata;
}

interface LibrarySchema extends DBSchema {
  entries: { key: string; value: SavedModelEntry };
  files: { key: string; value: StoredFiles };
}

const DB_NAME = 'glassbox-models';
const SCALES: readonly ScaleMode[] = ['zeroOne', 'minusOneOne', 'meanStd', 'raw255'];

// ---------------------------------------------------------------------------------------------
// Pure helpers

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
const KERAS = /\.(h5|hdf5|keras)$/i;
const IMAGE = /\.(png|jpe?g|webp|gif|bmp|tiff?|dcm)$/i;

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

const err = (title: string, detail: string, action: string): UserErrorInfo => ({ title, detail, action });

/**
 * Applies a person's corrections to a model's metadata, or says why they cannot apply. `inputShape`
 * is the model's ([batch, H, W, C], -1 where it accepts any size); `camLayers` the layers CAM can use.
 */
export function applyMetadataPatch(meta: ModelMetadata, patch: MetadataPatch, model: { inputShape: number[]; classes: number; camLayers: string[] }): { ok: true; meta: ModelMetadata } | { ok: false; error: UserErrorInfo } {
  const r = patchMetadata(meta, patch, model);
  return 'title' in r ? { ok: false, error: r } : { ok: true, meta: r };
}

function patchMetadata(meta: ModelMetadata, patch: MetadataPatch, model: { inputShape: number[]; classes: number; camLayers: string[] }): ModelMetadata | UserErrorInfo {
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
    const size = (v: number) => Number.isInteger(v) && v >= 8 && v <= 1024;
    if (!size(p.width) || !size(p.height)) return err('The input size must be between 8 and 1024 pixels', `It is ${p.width} x ${p.height}.`, 'Enter the size the model was trained at (224 for most ImageNet models).');
    if ((w > 0 && p.width !== w) || (h > 0 && p.height !== h)) {
      return err(`This model takes ${w > 0 ? w : 'any'} x ${h > 0 ? h : 'any'} pixel images`, `Its input layer fixes the size, so ${p.width} x ${p.height} cannot be used.`, `Keep the input size at ${w} x ${h}.`);
    }
    if (c > 0 && p.channels !== c) return err(`This model takes ${c}-channel images`, `Its input layer fixes ${c === 1 ? 'one (grayscale) channel' : 'three (RGB) channels'}.`, c === 3 ? 'To feed it grey images, tick "grayscale" instead.' : 'Keep one channel.');
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

function fail(e: UserErrorInfo): never {
  throw new UserError(e.title, e.detail, e.action);
}

function storageError(e: unknown, what: string): never {
  if (e instanceof UserError) throw e;
  const name = (e as { name?: string })?.name;
  if (name === 'QuotaExceededError') {
    throw new UserError('Not enough storage space for the model library', `The browser refused to store more (${what}).`, 'Delete saved models you no longer need, or download this one as files instead.');
  }
  throw new UserError('The model library could not be used', `The browser's storage (IndexedDB) failed while ${what}: ${(e as Error)?.message ?? String(e)}.`, 'Private windows and some settings block storage: use a normal window, or download the model as files.');
}

// ---------------------------------------------------------------------------------------------
// IndexedDB

export class ModelLibrary {
  private db: Promise<IDBPDatabase<LibrarySchema>> | null = null;

  private open(): Promise<IDBPDatabase<LibrarySchema>> {
    if (!this.db) {
      if (typeof indexedDB === 'undefined') fail(err('The model library is not available here', 'This browser context has no IndexedDB, where saved models are kept.', 'Use a current Chrome, Edge or Firefox in a normal window, or download models as files.'));
      const opening = openDB<LibrarySchema>(DB_NAME, 1, {
        upgrade(db) {
          db.createObjectStore('entries', { keyPath: 'id' });
          db.createObjectStore('files', { keyPath: 'id' });
        },
        // The page wants the database gone ("Forget everything") or upgraded: let go of it at once,
        // and open it afresh next time.
        blocking: () => {
          if (this.db === opening) this.db = null;
          void opening.then((db) => db.close());
        },
        terminated: () => {
          if (this.db === opening) this.db = null;
        },
      });
      this.db = opening;
      opening.catch(() => {
        if (this.db === opening) this.db = null;
      });
    }
    return this.db;
  }

  async list(): Promise<SavedModelEntry[]> {
    try {
      const all = await (await this.open()).getAll('entries');
      return all.sort((a, b) => b.savedAt - a.savedAt);
    } catch (e) {
      storageError(e, 'listing the saved models');
    }
  }

  async put(entry: SavedModelEntry, files: StoredFiles): Promise<void> {
    try {
      const tx = (await this.open()).transaction(['entries', 'files'], 'readwrite');
      await Promise.all([tx.objectStore('entries').put(entry), tx.objectStore('files').put(files), tx.done]);
    } catch (e) {
      storageError(e, `saving "${entry.name}"`);
    }
  }

  async entry(id: string): Promise<SavedModelEntry> {
    let e: SavedModelEntry | undefined;
    try {
      e = await (await this.open()).get('entries', id);
    } catch (x) {
      storageError(x, 'reading the model list');
    }
    return e ?? fail(err('This model is no longer in the library', 'It may have been deleted in another tab.', 'Reload the list.'));
  }

  async files(id: string): Promise<StoredFiles> {
    let f: StoredFiles | undefined;
    try {
      f = await (await this.open()).get('files', id);
    } catch (x) {
      storageError(x, 'reading a saved model');
    }
    return f ?? fail(err('This model is no longer in the library', 'Its files are gone; it may have been deleted in another tab.', 'Reload the list.'));
  }

  async remove(id: string): Promise<void> {
    try {
      const tx = (await this.open()).transaction(['entries', 'files'], 'readwrite');
      await Promise.all([tx.objectStore('entries').delete(id), tx.objectStore('files').delete(id), tx.done]);
    } catch (e) {
      storageError(e, 'deleting a model');
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What the engine delegates to

export interface GivenFile {
  name: string;
  /** Path inside a dropped folder, when there was one. */
  path?: string;
  blob: Blob;
}

export class ModelShelf {
  private lib = new ModelLibrary();

  constructor(private readonly host: ModelHost) {}

  list(): Promise<SavedModelEntry[]> {
    return this.lib.list();
  }

  /** Saves the active model as a new library entry (a name already taken gets a number). */
  async saveCurrent(name?: string): Promise<{ entries: SavedModelEntry[]; change: ModelChange }> {
    const { model, origin } = this.host.current();
    const existing = await this.lib.list();
    const wanted = (name ?? model.meta.name).trim() || model.meta.name;
    const finalName = uniqueName(wanted, existing.map((e) => e.name));
    const meta: ModelMetadata = { ...model.meta, name: finalName };
    const saved = await saveLayersModelToFiles(model.model);
    const id = `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;
    const summary = model.summary(this.host.report().active);
    await this.lib.put(entryFor(id, finalName, meta, summary, saved.weights.byteLength, Date.now()), {
      id,
      modelJson: saved.modelJson,
      shards: [{ name: saved.shardName, bytes: saved.weights }],
      metadata: meta,
    });
    const change = this.host.adopt(new LoadedModel(model.model, meta), { libraryId: id, warnings: origin.warnings });
    return { entries: await this.lib.list(), change };
  }

  async loadSaved(id: string): Promise<ModelChange> {
    const entry = await this.lib.entry(id);
    const f = await this.lib.files(id);
    const r = await loadValidatedModel(
      { modelJson: f.modelJson, shards: new Map(f.shards.map((s) => [s.name, s.bytes])), metadataText: metadataJson(f.metadata) },
      { name: entry.name },
    );
    if (!r.ok) fail(r.error);
    // Our own metadata, as saved (validation would drop what it does not know, e.g. needsReview).
    return this.host.adopt(new LoadedModel(r.model, { ...f.metadata, name: entry.name }), { libraryId: id, warnings: r.warnings.filter((w) => !/Please confirm/.test(w)) });
  }

  async remove(id: string): Promise<{ entries: SavedModelEntry[]; change: ModelChange | null }> {
    await this.lib.remove(id);
    const { model, origin } = this.host.current();
    const change = origin.libraryId === id ? this.host.adopt(model, { libraryId: null, warnings: origin.warnings }) : null;
    return { entries: await this.lib.list(), change };
  }

  async rename(id: string, name: string): Promise<{ entries: SavedModelEntry[]; change: ModelChange | null }> {
    const n = name.trim();
    if (!n) fail(err('The model needs a name', 'The name is empty.', 'Type a name.'));
    const entry = await this.lib.entry(id);
    const f = await this.lib.files(id);
    const others = (await this.lib.list()).filter((e) => e.id !== id).map((e) => e.name);
    const finalName = uniqueName(n, others);
    await this.lib.put({ ...entry, name: finalName }, { ...f, metadata: { ...f.metadata, name: finalName } });
    const { model, origin } = this.host.current();
    const change = origin.libraryId === id ? this.host.adopt(new LoadedModel(model.model, { ...model.meta, name: finalName }), origin) : null;
    return { entries: await this.lib.list(), change };
  }

  /** model.json, the weights and metadata.json of a saved model, or of the active one when `id` is null. */
  async exportFiles(id: string | null): Promise<DownloadFile[]> {
    let modelJson: object;
    let shards: { name: string; bytes: ArrayBuffer }[];
    let meta: ModelMetadata;
    if (id) {
      const f = await this.lib.files(id);
      modelJson = f.modelJson;
      shards = f.shards.map((s) => ({ name: s.name, bytes: s.bytes.slice(0) }));
      meta = f.metadata;
    } else {
      const { model } = this.host.current();
      const saved = await saveLayersModelToFiles(model.model);
      modelJson = saved.modelJson;
      shards = [{ name: saved.shardName, bytes: saved.weights }];
      meta = model.meta;
    }
    const enc = new TextEncoder();
    const text = (s: string) => enc.encode(s).buffer as ArrayBuffer;
    const files: DownloadFile[] = [
      { name: 'model.json', type: 'application/json', bytes: text(JSON.stringify(modelJson)) },
      ...shards.map((s) => ({ name: s.name, type: 'application/octet-stream', bytes: s.bytes })),
      { name: 'metadata.json', type: 'application/json', bytes: text(metadataJson(meta)) },
    ];
    return Comlink.transfer(files, files.map((f) => f.bytes));
  }

  /** A model someone has: model.json + weight shards (+ metadata.json), checked before anything runs. */
  async loadFiles(given: GivenFile[], nameHint?: string): Promise<ModelChange> {
    const roles = classifyModelFiles(given.map((g) => g.name));
    if ('title' in roles) fail(roles);
    const jsonFile = given[roles.modelJson];
    const modelJson = KERAS.test(jsonFile.name) ? await jsonFile.blob.arrayBuffer() : await jsonFile.blob.text();
    const shards = new Map<string, ArrayBuffer>();
    for (const i of roles.shards) shards.set(given[i].path ?? given[i].name, await given[i].blob.arrayBuffer());
    const metadataText = roles.metadata !== null ? await given[roles.metadata].blob.text() : undefined;
    const r = await loadValidatedModel({ modelJson, shards, metadataText }, { name: nameHint });
    if (!r.ok) fail(r.error);
    return this.host.adopt(new LoadedModel(r.model, r.metadata), { libraryId: null, warnings: r.warnings });
  }

  /** Corrections to the active model's labels, preprocessing, name or CAM layer; kept in the library when it is saved there. */
  async updateCurrent(patch: MetadataPatch): Promise<{ change: ModelChange; entries: SavedModelEntry[] | null }> {
    const { model, origin } = this.host.current();
    const summary = model.summary(this.host.report().active);
    const r = applyMetadataPatch(model.meta, patch, { inputShape: summary.inputShape, classes: model.info.classes, camLayers: summary.camLayers });
    if (!r.ok) fail(r.error);
    const meta = r.meta;
    let entries: SavedModelEntry[] | null = null;
    if (origin.libraryId) {
      const entry = await this.lib.entry(origin.libraryId);
      const f = await this.lib.files(origin.libraryId);
      await this.lib.put({ ...entry, name: meta.name, labels: [...meta.labels] }, { ...f, metadata: meta });
      entries = await this.lib.list();
    }
    const warnings = patch.labels !== undefined || patch.preprocessing !== undefined ? [] : origin.warnings;
    return { change: this.host.adopt(new LoadedModel(model.model, meta), { libraryId: origin.libraryId, warnings }), entries };
  }

  /** Back to the built-in demo model. */
  async loadDemo(): Promise<ModelChange> {
    if (!this.host.demoUrl('model.json')) throw new Error('The engine has not started');
    const files = await fetchModelFiles((name) => this.host.demoUrl(name) as string);
    if (!files.metadata) throw new Error('The demo model has no metadata.json');
    return this.host.adopt(new LoadedModel(await loadLayersModelFromFiles(files), { source: 'demo', ...files.metadata }), { libraryId: null, warnings: [] });
  }
}
