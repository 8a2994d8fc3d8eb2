// "Forget everything": clears every trace of the person's work from this browser: Glassbox's saved models
// and other IndexedDB databases, its local and session storage keys, its caches of user data, and the images
// loaded in this session. Only Glassbox's own: another application on the same origin (a static host serving
// several tools, or any local HTML file on file://) keeps its databases and settings. What counts as
// Glassbox's is one rule, isGlassboxStore (src/shared/storeNames.ts). The service worker's copy of the app
// itself (workbox-precache-…) stays: it holds no data of theirs.

import { t } from '../shared/i18n';
import { actions, useStudio } from './store';
import { getEngine, settleEngine } from './controller';
import { clearClasses } from './trainingController';
import { clearBatch } from './batchController';
import { KNOWN_DATABASES, isGlassboxStore } from '../shared/storeNames';

/** What forgetStores removed, by name. */
export interface StoresReport {
  databases: string[];
  localKeys: string[];
  sessionKeys: string[];
  caches: string[];
}

export interface ForgetReport extends StoresReport {
  images: number;
  trainingImages: number;
}

/** The slice of Web Storage forgetStores uses (window.localStorage / sessionStorage). */
export type KeyStore = Pick<Storage, 'length' | 'key' | 'removeItem'>;

/** The browser stores forgetStores looks at; an absent one (unsupported, or blocked by settings) is skipped. */
export interface StoreEnv {
  indexedDB?: Pick<IDBFactory, 'deleteDatabase'> & { databases?: () => Promise<Array<{ name?: string }>> };
  localStorage?: KeyStore;
  sessionStorage?: KeyStore;
  caches?: Pick<CacheStorage, 'keys' | 'delete'>;
}

/** This page's stores; reading localStorage throws where the browser blocks storage, so each is guarded. */
export function browserStores(): StoreEnv {
  const get = <T>(read: () => T): T | undefined => {
    try {
      return read() ?? undefined;
    } catch {
      return undefined;
    }
  };
  return {
    indexedDB: get(() => globalThis.indexedDB),
    localStorage: get(() => globalThis.localStorage),
    sessionStorage: get(() => globalThis.sessionStorage),
    caches: get(() => globalThis.caches),
  };
}

function deleteDatabase(idb: NonNullable<StoreEnv['indexedDB']>, name: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const req = idb.deleteDatabase(name);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    // Another tab holding it open: deletion completes when that tab lets go.
    req.onblocked = () => resolve();
  });
}

function removeOwnKeys(store: KeyStore | undefined): string[] {
  if (!store) return [];
  const own: string[] = [];
  for (let i = 0; i < store.length; i++) {
    const k = store.key(i);
    if (k !== null && isGlassboxStore(k)) own.push(k);
  }
  // Removing shifts the indices, so collect first.
  for (const k of own) store.removeItem(k);
  return own;
}

/**
 * Deletes Glassbox's own IndexedDB databases, localStorage and sessionStorage keys and Cache Storage caches
 * from `env` (default: this page's), and nothing else: a name is Glassbox's when isGlassboxStore(name).
 * Where indexedDB.databases() is missing (older browsers) the databases Glassbox is known to create
 * (KNOWN_DATABASES) are deleted instead, and reported. Returns the names removed, sorted as found.
 * Throws what IndexedDB reports if a deletion fails (not when another tab blocks it: that one finishes later).
 */
export async function forgetStores(env: StoreEnv = browserStores()): Promise<StoresReport> {
  const report: StoresReport = { databases: [], localKeys: [], sessionKeys: [], caches: [] };
  const idb = env.indexedDB;
  if (idb) {
    const names =
      typeof idb.databases === 'function'
        ? (await idb.databases()).map((d) => d.name).filter((n): n is string => typeof n === 'string' && isGlassboxStore(n))
        : [...KNOWN_DATABASES];
    for (const name of names) {
      await deleteDatabase(idb, name);
      report.databases.push(name);
    }
  }
  report.localKeys = removeOwnKeys(env.localStorage);
  report.sessionKeys = removeOwnKeys(env.sessionStorage);
  if (env.caches) {
    for (const name of await env.caches.keys()) {
      if (!isGlassboxStore(name)) continue;
      await env.caches.delete(name);
      report.caches.push(name);
    }
  }
  return report;
}

/** Forgets Glassbox's stores (forgetStores) and the images and training sets of this session. */
export async function forgetEverything(): Promise<ForgetReport> {
  // No job may still read what is about to go (as for a model swap): cancel them and wait.
  await settleEngine();
  clearBatch(); // the batch's rows name the person's files
  const report: ForgetReport = { ...(await forgetStores()), images: 0, trainingImages: 0 };
  const user = useStudio.getState().images.filter((i) => i.source === 'user');
  for (const img of user) {
    actions.removeImage(img.id);
    await getEngine().removeImage(img.id);
  }
  report.images = user.length;
  report.trainingImages = useStudio.getState().trainClasses.reduce((n, c) => n + c.images.length, 0);
  await clearClasses();
  // Not refreshLibrary(): asking the worker would open (and so re-create) the deleted database.
  useStudio.setState({ savedModels: [] });
  return report;
}

/** One sentence naming what was removed, for the privacy panel and its notice. */
export function describeForget(r: ForgetReport): string {
  const keys = [...r.localKeys, ...r.sessionKeys];
  const named = (what: string, names: string[]) => (names.length ? t('state:forget.named', { what, names: names.join(', ') }) : what);
  const list = t('state:forget.list', {
    a: t('state:forget.images', { count: r.images }),
    b: t('state:forget.training', { count: r.trainingImages }),
    c: named(t('state:forget.databases', { count: r.databases.length }), r.databases),
    d: named(t('state:forget.settings', { count: keys.length }), keys),
    e: t('state:forget.caches', { count: r.caches.length }),
  });
  return t('state:forget.sentence', { list });
}
