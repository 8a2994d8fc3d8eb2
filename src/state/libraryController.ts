// The model library, as the page sees it: the saved models (IndexedDB, in the worker), saving the active
// model, loading, renaming and deleting saved ones, and handing a model's files out (the page turns them
// into downloads: ui/models/download.ts). Talks to the worker only through client.ts.

import type { DownloadFile } from '../shared/training';
import { getEngine } from './controller';
import { actions, useStudio } from './store';
import { applyModelChange, libraryTask, refuseModelChange, report } from './activeModelController';

export async function refreshLibrary(): Promise<void> {
  try {
    useStudio.setState({ savedModels: await getEngine().listModels() });
  } catch (err) {
    useStudio.setState({ savedModels: [] });
    report(err);
  }
}

export async function saveCurrentModel(name?: string): Promise<void> {
  const r = await libraryTask('Saving…', () => getEngine().saveModel(name));
  if (!r) return;
  useStudio.setState({ savedModels: r.entries });
  applyModelChange(r.change, { explanationsStillValid: true });
  actions.notify({ kind: 'info', title: `Saved "${r.change.origin.metadata.name}"`, detail: 'It is kept in this browser (IndexedDB) and survives a reload.', action: 'Find it under Models; download it to keep a copy elsewhere.' });
}

export async function loadSavedModel(id: string): Promise<void> {
  if (refuseModelChange()) return;
  const change = await libraryTask('Loading…', () => getEngine().loadSavedModel(id));
  if (change) applyModelChange(change);
}

export async function deleteSavedModel(id: string): Promise<void> {
  const r = await libraryTask('Deleting…', () => getEngine().deleteModel(id));
  if (!r) return;
  useStudio.setState({ savedModels: r.entries });
  if (r.change) applyModelChange(r.change, { explanationsStillValid: true });
}

export async function renameSavedModel(id: string, name: string): Promise<void> {
  const r = await libraryTask('Renaming…', () => getEngine().renameModel(id, name));
  if (!r) return;
  useStudio.setState({ savedModels: r.entries });
  if (r.change) applyModelChange(r.change, { explanationsStillValid: true });
}

/** model.json, weights and metadata.json of a saved model (or of the active one, id null); undefined when that failed (reported). */
export function exportModelFiles(id: string | null): Promise<DownloadFile[] | undefined> {
  return libraryTask('Preparing files…', () => getEngine().exportModel(id));
}
