// "Forget everything": clears every trace of the person's work from this browser: saved models and
// anything else in IndexedDB, local and session storage, caches of user data, and the images loaded in
// this session. The service worker's copy of the app itself stays: it holds no data of theirs.

import { actions, useStudio } from './store';
import { getEngine } from './controller';
import { clearClasses } from './trainingController';

export interface ForgetReport {
  databases: string[];
  localKeys: number;
  sessionKeys: number;
  caches: string[];
  images: number;
  trainingImages: number;
}

/** Caches that hold the app's own files (workbox precache), not anything the person loaded. */
const APP_CACHE = /^workbox-precache/;

export async function forgetEverything(): Promise<ForgetReport> {
  const report: ForgetReport = { databases: [], localKeys: 0, sessionKeys: 0, caches: [], images: 0, trainingImages: 0 };
  if (typeof globalThis.indexedDB?.databases === 'function') {
    for (const db of await indexedDB.databases()) {
      if (!db.name) continue;
      await new Promise<void>((resolve, reject) => {
        const req = indexedDB.deleteDatabase(db.name!);
        req.onsuccess = () => resolve();
        req.onerror = () => reject(req.error);
        // Another tab holding it open: deletion completes when that tab lets go.
        req.onblocked = () => resolve();
      });
      report.databases.push(db.name);
    }
  }
  try {
    report.localKeys = localStorage.length;
    localStorage.clear();
    report.sessionKeys = sessionStorage.length;
    sessionStorage.clear();
  } catch {
    // storage disabled: nothing stored there
  }
  if (globalThis.caches) {
    for (const name of await caches.keys()) {
      if (APP_CACHE.test(name)) continue;
      await caches.delete(name);
      report.caches.push(name);
    }
  }
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

export function describeForget(r: ForgetReport): string {
  const parts = [
    `${r.images} loaded image${r.images === 1 ? '' : 's'}`,
    `${r.trainingImages} training image${r.trainingImages === 1 ? '' : 's'}`,
    `${r.databases.length} browser database${r.databases.length === 1 ? '' : 's'}${r.databases.length ? ` (${r.databases.join(', ')})` : ''}`,
    `${r.localKeys + r.sessionKeys} stored setting${r.localKeys + r.sessionKeys === 1 ? '' : 's'}`,
    `${r.caches.length} cache${r.caches.length === 1 ? '' : 's'} of your data`,
  ];
  return `Removed ${parts.join(', ')}. The offline copy of the app itself stays: it holds nothing of yours.`;
}
