// Model files as dropped, with any .zip among them replaced by the files inside it (core/model/zip.ts),
// so a Teachable Machine "Download my model" zip goes through the same checks as its unzipped files.

import { looksLikeZip, unzipModelFiles } from '../core/model/zip';
import type { GivenFile } from './library';

/**
 * `given` with every zip (by name, or by its first bytes) replaced by its files (paths prefixed with the
 * zip's name without ".zip"). `nameHint`: that name, when a zip was unpacked, for the model's name.
 * @throws UserError naming the zip: see unzipModelFiles (corrupt, too large unpacked, no model.json inside).
 */
export async function expandModelZips(given: GivenFile[]): Promise<{ files: GivenFile[]; nameHint?: string }> {
  const files: GivenFile[] = [];
  let nameHint: string | undefined;
  for (const g of given) {
    const head = new Uint8Array(await g.blob.slice(0, 4).arrayBuffer());
    if (!looksLikeZip(g.name, head)) {
      files.push(g);
      continue;
    }
    const base = g.name.replace(/\.zip$/i, '') || 'model';
    nameHint ??= base;
    for (const f of unzipModelFiles(new Uint8Array(await g.blob.arrayBuffer()), g.name)) {
      files.push({ name: f.name, path: `${base}/${f.path}`, blob: new Blob([f.bytes]) });
    }
  }
  return { files, nameHint };
}
