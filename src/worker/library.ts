// The model shelf: what the engine delegates to for models as files and in the library. Save the active
// model in the browser (modelStore.ts), list, load, rename and delete saved models, hand a model out as
// TensorFlow.js files, load the files of a model someone already has (validated by core/model/validate.ts
// before anything runs), and apply a person's corrections to the active model's metadata. Every refusal is
// a UserError and leaves the active model untouched. The pure file helpers live in core/model/files.ts and
// core/model/patch.ts.

import * as Comlink from 'comlink';
import type { ModelMetadata, UserErrorInfo } from '../shared/types';
import type { DownloadFile, MetadataPatch, ModelChange, SavedModelEntry } from '../shared/training';
import { fetchModelFiles, loadLayersModelFromFiles, saveLayersModelToFiles } from '../core/model/io';
import { loadValidatedModel } from '../core/model/validate';
import { memoryRefusal } from '../core/model/budget';
import { LoadedModel } from '../core/model/loaded';
import { classifyModelFiles, entryFor, isKerasFile, metadataJson, uniqueName } from '../core/model/files';
import { applyMetadataPatch } from '../core/model/patch';
import { UserError } from '../shared/errors';
import { ModelLibrary } from './modelStore';
import { expandModelZips } from './modelZip';
import type { ModelHost } from './training';

const err = (title: string, detail: string, action: string): UserErrorInfo => ({ title, detail, action });

function fail(e: UserErrorInfo): never {
  throw UserError.of(e);
}

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
  async loadFiles(dropped: GivenFile[], hint?: string): Promise<ModelChange> {
    // A model .zip (Teachable Machine) is unpacked into its files first (intake, issue 14).
    const { files: given, nameHint = hint } = await expandModelZips(dropped);
    const roles = classifyModelFiles(given.map((g) => g.name));
    if ('title' in roles) fail(roles);
    const jsonFile = given[roles.modelJson];
    const modelJson = isKerasFile(jsonFile.name) ? await jsonFile.blob.arrayBuffer() : await jsonFile.blob.text();
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
    const r = applyMetadataPatch(model.meta, patch, {
      inputShape: summary.inputShape,
      classes: model.info.classes,
      camLayers: summary.camLayers,
      memoryAt: (w, h, c) => memoryRefusal(model.model, h, w, c),
    });
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
