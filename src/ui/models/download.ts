// Hands a model's files to the browser's downloads: blob URLs and <a download>, nothing leaves the machine.
// The page's DOM work lives here, in the UI; the library controller only fetches the files from the worker.

import type { DownloadFile } from '../../shared/training';
import { exportModelFiles } from '../../state/libraryController';

/** Starts one download per file, one by one (browsers drop some of several downloads started in the same task). */
export async function saveFiles(files: DownloadFile[], gapMs = 150): Promise<void> {
  for (const f of files) {
    const url = URL.createObjectURL(new Blob([f.bytes], { type: f.type }));
    const a = document.createElement('a');
    a.href = url;
    a.download = f.name;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    await new Promise((r) => setTimeout(r, gapMs));
  }
}

/** Downloads model.json, the weights and metadata.json of a saved model, or of the active one (id null). */
export async function downloadModel(id: string | null): Promise<void> {
  const files = await exportModelFiles(id);
  if (files) await saveFiles(files);
}
