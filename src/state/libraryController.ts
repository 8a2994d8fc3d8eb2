// The model library, as the page sees it: the saved models (IndexedDB, in the worker), saving the active
// model, loading, renaming and deleting saved ones, and handing a model's files out (the page turns them
// into downloads: ui/models/download.ts). Talks to the worker only through client.ts.

import { t } from '../shared/i18n';
import type { DownloadFile } from '../shared/training';
import { getEngine } from './controller';
import { actions, useStudio } from './store';
import { applyModelChange, libraryTask, refuseModelChange, report } from './activeModelController';

/** Reads the saved models' list from the worker into the store (an empty list, and a notice, when that fails). */
export async function refreshLibrary(): Promise<void> {
  try {
    useStudio.setState({ savedModels: await getEngine().listModels() });
  } catch (err) {
    useStudio.setState({ savedModels: [] });
    report(err);
  }
}

/** Saves the active model in the library under `name` (or its own name; a taken name gets a number). */
export async function saveCurrentModel(name?: string): Promise<void> {
  const r = await libraryTask(t('state:library.saving'), () => getEngine().saveModel(name));
  if (!r) return;
  useStudio.setState({ savedModels: r.entries });
  applyModelChange(r.change, { explanationsStillValid: true });
  actions.notify({ kind: 'info', title: t('state:library.savedTitle', { name: r.change.origin.metadata.name }), detail: t('state:library.savedDetail'), action: t('state:library.savedAction') });
}

/** Makes a saved model the active one (a model swap: refused while training). */
export async function loadSavedModel(id: string): Promise<void> {
  if (refuseModelChange()) return;
  const change = await libraryTask(t('state:library.loading'), () => getEngine().loadSavedModel(id));
  if (change) applyModelChange(change);
}

/** Deletes a saved model; the active model stays loaded, no longer marked as in the library. */
export async function deleteSavedModel(id: string): Promise<void> {
  const r = await libraryTask(t('state:library.deleting'), () => getEngine().deleteModel(id));
  if (!r) return;
  useStudio.setState({ savedModels: r.entries });
  if (r.change) applyModelChange(r.change, { explanationsStillValid: true });
}

/** Renames a saved model (a taken name gets a number); the active model's name follows when it is that one. */
export async function renameSavedModel(id: string, name: string): Promise<void> {
  const r = await libraryTask(t('state:library.renaming'), () => getEngine().renameModel(id, name));
  if (!r) return;
  useStudio.setState({ savedModels: r.entries });
  if (r.change) applyModelChange(r.change, { explanationsStillValid: true });
}

/** model.json, weights and metadata.json of a saved model (or of the active one, id null); undefined when that failed (reported). */
export function exportModelFiles(id: string | null): Promise<DownloadFile[] | undefined> {
  return libraryTask(t('state:library.preparing'), () => getEngine().exportModel(id));
}
