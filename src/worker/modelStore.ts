// The model library's storage: saved models in the browser's IndexedDB (through the `idb` wrapper).
// Two object stores: `entries` holds what the list shows (small), `files` holds model.json, the weight
// shards and the metadata, so listing never reads megabytes of weights. Every failure is a UserError
// that says what to do (a full disk, a private window, no IndexedDB at all).

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { ModelMetadata, UserErrorInfo } from '../shared/types';
import { t } from '../shared/i18n';
import type { SavedModelEntry } from '../shared/training';
import { UserError } from '../shared/errors';
import { MODEL_LIBRARY_DB } from '../shared/storeNames';

/** A saved model's files, as stored. */
export interface StoredFiles {
  id: string;
  modelJson: object;
  shards: { name: string; bytes: ArrayBuffer }[];
  metadata: ModelMetadata;
}

interface LibrarySchema extends DBSchema {
  entries: { key: string; value: SavedModelEntry };
  files: { key: string; value: StoredFiles };
}

/** The IndexedDB database that holds Glassbox's saved models: the one "Forget everything" must delete. */
/** The database's name lives with every other Glassbox store name, so Forget everything finds it. */
export const MODEL_DB_NAME = MODEL_LIBRARY_DB;

const err = (title: string, detail: string, action: string): UserErrorInfo => ({ title, detail, action });

function fail(e: UserErrorInfo): never {
  throw UserError.of(e);
}

function storageError(e: unknown, what: string): never {
  if (e instanceof UserError) throw e;
  const name = (e as { name?: string })?.name;
  if (name === 'QuotaExceededError') {
    throw new UserError(t('engine:storage.full.title'), t('engine:storage.full.detail', { what }), t('engine:storage.full.action'));
  }
  throw new UserError(t('engine:storage.failed.title'), t('engine:storage.failed.detail', { what, reason: (e as Error)?.message ?? String(e) }), t('engine:storage.failed.action'));
}

// ---------------------------------------------------------------------------------------------
// IndexedDB

/** Saved models in IndexedDB (MODEL_DB_NAME), opened lazily and let go of when the page deletes or upgrades the database. */
export class ModelLibrary {
  private db: Promise<IDBPDatabase<LibrarySchema>> | null = null;

  private open(): Promise<IDBPDatabase<LibrarySchema>> {
    if (!this.db) {
      if (typeof indexedDB === 'undefined') fail(err(t('engine:storage.unavailable.title'), t('engine:storage.unavailable.detail'), t('engine:storage.unavailable.action')));
      const opening = openDB<LibrarySchema>(MODEL_DB_NAME, 1, {
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
      storageError(e, t('engine:storage.while.list'));
    }
  }

  async put(entry: SavedModelEntry, files: StoredFiles): Promise<void> {
    try {
      const tx = (await this.open()).transaction(['entries', 'files'], 'readwrite');
      await Promise.all([tx.objectStore('entries').put(entry), tx.objectStore('files').put(files), tx.done]);
    } catch (e) {
      storageError(e, t('engine:storage.while.save', { name: entry.name }));
    }
  }

  async entry(id: string): Promise<SavedModelEntry> {
    let e: SavedModelEntry | undefined;
    try {
      e = await (await this.open()).get('entries', id);
    } catch (x) {
      storageError(x, t('engine:storage.while.readList'));
    }
    return e ?? fail(err(t('engine:storage.gone.title'), t('engine:storage.gone.detail'), t('engine:storage.gone.action')));
  }

  async files(id: string): Promise<StoredFiles> {
    let f: StoredFiles | undefined;
    try {
      f = await (await this.open()).get('files', id);
    } catch (x) {
      storageError(x, t('engine:storage.while.read'));
    }
    return f ?? fail(err(t('engine:storage.gone.title'), t('engine:storage.gone.filesDetail'), t('engine:storage.gone.action')));
  }

  async remove(id: string): Promise<void> {
    try {
      const tx = (await this.open()).transaction(['entries', 'files'], 'readwrite');
      await Promise.all([tx.objectStore('entries').delete(id), tx.objectStore('files').delete(id), tx.done]);
    } catch (e) {
      storageError(e, t('engine:storage.while.delete'));
    }
  }
}

