// The names of what Glassbox keeps in the browser. One origin can hold many applications (a static host
// serving several tools; on file:// Chromium gives every local page one origin), so every IndexedDB
// database, localStorage/sessionStorage key and Cache Storage cache of Glassbox's is named "glassbox-…",
// "glassbox.…" or "glassbox:…", and "Forget everything" (src/state/forget.ts) removes exactly those.

/** The model library's IndexedDB database (src/worker/modelStore.ts). */
export const MODEL_LIBRARY_DB = 'glassbox-models';

/** localStorage key of the language the person chose (src/state/language.ts): "en" or "zh". */
export const LANGUAGE_KEY = 'glassbox-language';

/** Databases Glassbox is known to create: deleted even where indexedDB.databases() cannot list them. */
export const KNOWN_DATABASES: readonly string[] = [MODEL_LIBRARY_DB];

/**
 * Whether a store's name (IndexedDB database, storage key or cache) is Glassbox's: "glassbox" followed by
 * "-", "." or ":", matched case-sensitively. "glassboxes", "my-glassbox-notes", "Glassbox-x" and
 * "workbox-precache-…" (the service worker's copy of the app, which holds nothing of the person's) are not.
 */
export function isGlassboxStore(name: string): boolean {
  return /^glassbox[-.:]/.test(name);
}
