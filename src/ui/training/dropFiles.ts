// Files from a drop or a picker, with their paths inside dropped folders, so that a folder of class
// folders can become classes. Directory drops go through DataTransferItem.webkitGetAsEntry (the only
// way a web page sees a dropped folder's contents); a directory picker gives webkitRelativePath.

import type { DragEvent as ReactDragEvent } from 'react';
import type { PickedFile } from '../../state/trainingController';

function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(dir: FileSystemDirectoryEntry, prefix: string, out: PickedFile[]): Promise<void> {
  const reader = dir.createReader();
  // readEntries hands out a directory's entries in batches (100 in Chromium) until it returns none.
  for (;;) {
    const batch = await readAll(reader);
    if (!batch.length) return;
    for (const e of batch) {
      const path = `${prefix}/${e.name}`;
      if (e.isDirectory) await walk(e as FileSystemDirectoryEntry, path, out);
      else if (e.isFile) out.push({ file: await fileOf(e as FileSystemFileEntry), path });
    }
  }
}

/**
 * Every file in a drop, folders walked recursively. The entries are taken synchronously, before the
 * first await: a DataTransfer is emptied once the drop handler returns.
 */
export function filesFromDataTransfer(dt: DataTransfer | null): Promise<PickedFile[]> {
  if (!dt) return Promise.resolve([]);
  const items = Array.from(dt.items ?? []).filter((i) => i.kind === 'file');
  const taken = items.map((i) => ({ entry: i.webkitGetAsEntry?.() ?? null, file: i.getAsFile() }));
  const plain = items.length ? [] : Array.from(dt.files ?? []);
  return (async () => {
    const out: PickedFile[] = plain.map((file) => ({ file, path: file.name }));
    for (const t of taken) {
      if (t.entry?.isDirectory) await walk(t.entry as FileSystemDirectoryEntry, t.entry.name, out);
      else if (t.file) out.push({ file: t.file, path: t.file.name });
    }
    return out;
  })();
}

/** Files from an <input type=file>, with folder paths when it was a directory picker. */
export function filesFromInput(list: FileList | null): PickedFile[] {
  return Array.from(list ?? []).map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

export function hasFiles(e: ReactDragEvent): boolean {
  return Array.from(e.dataTransfer?.types ?? []).includes('Files');
}
