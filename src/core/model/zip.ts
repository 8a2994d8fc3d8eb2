// A model that arrives as one .zip (Teachable Machine's "Download my model" gives model.json,
// weights.bin and metadata.json zipped): unpacked with fflate (PKWARE APPNOTE 6.3: central directory,
// stored and deflated entries) into the same named files a person would drop, before the usual checks.
// Zip bombs: the sizes the central directory declares are added up BEFORE anything is inflated, and fflate
// inflates each entry into a buffer of its declared size (never more), so the cap bounds the memory used.

import { unzipSync } from 'fflate';
import { UserError } from '../../shared/errors';
import { t } from '../../shared/i18n';
import { quoteName } from '../../shared/names';

/** Most bytes a model zip may unpack to (all entries together). The demo model is 0.1 MB; MobileNet v2 is 14 MB. */
export const MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;
/** Most entries a model zip may hold. */
export const MAX_ZIP_ENTRIES = 2000;

/** A file taken out of a zip: its base name, its path inside the zip, and its bytes. */
export interface UnzippedFile {
  name: string;
  path: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** Whether a file is a zip: a .zip name, or bytes starting with a local file header ("PK\x03\x04") or an empty archive's end record. */
export function looksLikeZip(name: string, head?: Uint8Array): boolean {
  if (/\.zip$/i.test(name)) return true;
  return Boolean(head && head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && ((head[2] === 3 && head[3] === 4) || (head[2] === 5 && head[3] === 6)));
}

function mb(n: number): string {
  return `${(n / (1024 * 1024)).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

/**
 * The files of a model zip (`bytes`, named `zipName` in messages): folders, macOS "__MACOSX" copies and
 * hidden files are left out. Refuses, naming the zip:
 * @throws UserError when the bytes are not a readable zip (corrupt, truncated, encrypted, or an unknown
 *   compression); when the entries declare more than `limits.maxBytes` (default MAX_UNZIPPED_BYTES) in all
 *   or more than `limits.maxEntries` entries (checked before inflating anything); when no model.json is
 *   inside (the message lists what is).
 */
export function unzipModelFiles(bytes: Uint8Array, zipName: string, limits: { maxBytes?: number; maxEntries?: number } = {}): UnzippedFile[] {
  const maxBytes = limits.maxBytes ?? MAX_UNZIPPED_BYTES;
  const maxEntries = limits.maxEntries ?? MAX_ZIP_ENTRIES;
  const q = quoteName(zipName);
  let declared = 0;
  let entries = 0;
  let tooBig: UserError | null = null;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter: (f) => {
        entries++;
        declared += f.originalSize;
        if (entries > maxEntries) tooBig = new UserError(t('model:zipFile.tooMany.title', { name: q }), t('model:zipFile.tooMany.detail', { max: maxEntries }), t('model:zipFile.tooMany.action'));
        else if (declared > maxBytes) tooBig = new UserError(t('model:zipFile.tooLarge.title', { name: q }), t('model:zipFile.tooLarge.detail', { max: mb(maxBytes), declared: mb(declared) }), t('model:zipFile.tooLarge.action'));
        if (tooBig) throw tooBig;
        return !f.name.endsWith('/');
      },
    });
  } catch (e) {
    if (tooBig) throw tooBig;
    throw new UserError(t('model:zipFile.unreadable.title', { name: q }), t('model:zipFile.unreadable.detail', { reason: e instanceof Error ? e.message : String(e) }), t('model:zipFile.unreadable.action'));
  }
  const files: UnzippedFile[] = [];
  for (const [path, data] of Object.entries(unzipped)) {
    const parts = path.split('/');
    const name = parts[parts.length - 1];
    if (!name || name.startsWith('.') || parts[0] === '__MACOSX') continue;
    files.push({ name, path, bytes: data as Uint8Array<ArrayBuffer> });
  }
  if (!files.some((f) => f.name.toLowerCase() === 'model.json')) {
    const shown = files.slice(0, 8).map((f) => `"${f.path}"`).join(', ');
    const list = files.length ? (files.length > 8 ? t('model:zipFile.noModel.more', { list: shown, count: files.length - 8 }) : shown) : t('model:zipFile.noModel.nothing');
    throw new UserError(t('model:zipFile.noModel.title', { name: q }), t('model:zipFile.noModel.detail', { list }), t('model:zipFile.noModel.action'));
  }
  return files;
}
