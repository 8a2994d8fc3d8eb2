import { describe, expect, it } from 'vitest';
import { describeForget, forgetStores, type KeyStore, type StoreEnv } from './forget';
import { isGlassboxStore } from '../shared/storeNames';

/** Web Storage over a Map: key(i) in insertion order, as browsers do for a store nobody else writes to. */
class FakeStorage implements KeyStore {
  readonly items = new Map<string, string>();
  constructor(keys: string[]) {
    for (const k of keys) this.items.set(k, 'v');
  }
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

type Outcome = 'success' | 'blocked' | 'error';

/** indexedDB with deleteDatabase answering asynchronously, like the real one. */
function fakeIndexedDB(names: Array<string | undefined>, o: { listing?: boolean; outcome?: Outcome } = {}) {
  const present = new Set(names.filter((n): n is string => n !== undefined));
  const deleted: string[] = [];
  const idb = {
    deleteDatabase(name: string) {
      const req = { error: new DOMException('disk on fire', 'UnknownError') } as unknown as IDBOpenDBRequest;
      setTimeout(() => {
        const outcome = o.outcome ?? 'success';
        if (outcome !== 'error') {
          present.delete(name);
          deleted.push(name);
        }
        const handler = outcome === 'success' ? req.onsuccess : outcome === 'blocked' ? req.onblocked : req.onerror;
        (handler as ((e: Event) => void) | null)?.(new Event(outcome));
      }, 1);
      return req;
    },
    ...(o.listing === false ? {} : { databases: async () => names.map((name) => (name === undefined ? {} : { name })) }),
  };
  return { idb, present, deleted };
}

function fakeCaches(names: string[]) {
  const present = new Set(names);
  return {
    present,
    caches: {
      keys: async () => [...present],
      delete: async (n: string) => present.delete(n),
    },
  };
}

describe('isGlassboxStore: which names are Glassbox\'s', () => {
  it.each([
    ['glassbox-models', true],
    ['glassbox-test-models', true],
    ['glassbox.settings', true],
    ['glassbox:recovery', true],
    ['glassbox', false],
    ['glassboxes', false],
    ['Glassbox-models', false],
    ['my-glassbox-notes', false],
    [' glassbox-models', false],
    ['workbox-precache-v2-http://127.0.0.1:5173/', false],
    ['tensorflowjs', false],
    ['keyval-store', false],
    ['', false],
  ])('%j → %s', (name, own) => {
    expect(isGlassboxStore(name)).toBe(own);
  });
});

describe('forgetStores', () => {
  it('removes exactly Glassbox\'s databases, keys and caches, and lists only those', async () => {
    const db = fakeIndexedDB(['other-app', 'glassbox-models', undefined, 'keyval-store', 'glassbox-test']);
    const local = new FakeStorage(['theme', 'glassbox.settings', 'other.glassbox.x', 'glassbox:recovery', 'token']);
    const session = new FakeStorage(['cart', 'glassbox.session']);
    const c = fakeCaches(['workbox-precache-v2-x', 'glassbox-user-images', 'other-cache']);
    const report = await forgetStores({ indexedDB: db.idb, localStorage: local, sessionStorage: session, caches: c.caches });
    expect(report).toEqual({
      databases: ['glassbox-models', 'glassbox-test'],
      localKeys: ['glassbox.settings', 'glassbox:recovery'],
      sessionKeys: ['glassbox.session'],
      caches: ['glassbox-user-images'],
    });
    expect(db.deleted).toEqual(['glassbox-models', 'glassbox-test']);
    expect([...db.present].sort()).toEqual(['keyval-store', 'other-app']);
    expect([...local.items.keys()]).toEqual(['theme', 'other.glassbox.x', 'token']);
    expect([...session.items.keys()]).toEqual(['cart']);
    expect([...c.present].sort()).toEqual(['other-cache', 'workbox-precache-v2-x']);
  });

  it('removes two adjacent own keys (collects before removing, so no index is skipped)', async () => {
    const local = new FakeStorage(['glassbox.a', 'glassbox.b', 'glassbox.c', 'x']);
    const report = await forgetStores({ localStorage: local });
    expect(report.localKeys).toEqual(['glassbox.a', 'glassbox.b', 'glassbox.c']);
    expect([...local.items.keys()]).toEqual(['x']);
  });

  it('without indexedDB.databases() deletes the library database by its known name only', async () => {
    const db = fakeIndexedDB(['glassbox-models', 'other-app'], { listing: false });
    const report = await forgetStores({ indexedDB: db.idb });
    expect(db.deleted).toEqual(['glassbox-models']);
    expect([...db.present]).toEqual(['other-app']);
    expect(report.databases).toEqual(['glassbox-models']);
  });

  it('finishes when another tab blocks the deletion, and rejects when IndexedDB fails', async () => {
    await expect(forgetStores({ indexedDB: fakeIndexedDB(['glassbox-models'], { outcome: 'blocked' }).idb })).resolves.toMatchObject({ databases: ['glassbox-models'] });
    await expect(forgetStores({ indexedDB: fakeIndexedDB(['glassbox-models'], { outcome: 'error' }).idb })).rejects.toThrow('disk on fire');
  });

  it('skips stores the browser does not offer', async () => {
    const env: StoreEnv = {};
    expect(await forgetStores(env)).toEqual({ databases: [], localKeys: [], sessionKeys: [], caches: [] });
  });
});

describe('describeForget', () => {
  it('names every database and setting removed, and nothing else', () => {
    const text = describeForget({ databases: ['glassbox-models'], localKeys: ['glassbox.settings'], sessionKeys: ['glassbox.session'], caches: [], images: 1, trainingImages: 0 });
    expect(text).toBe(
      'Removed 1 loaded image, 0 training images, 1 browser database (glassbox-models), 2 stored settings (glassbox.settings, glassbox.session), 0 caches of your data. ' +
        "Other applications' data in this browser was left alone, and the offline copy of the app itself stays: it holds nothing of yours.",
    );
  });
});
