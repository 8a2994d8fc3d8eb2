// Where the DICOM files the benchmark times (src/bench/types.ts DICOM_BENCH_FILES) are on disk: the shared
// fixtures beside the repository, when they are there.

import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

import { DICOM_BENCH_FILES } from '../../src/bench/types';

/** The files that exist, with their paths; [] without the shared fixtures. */
export function dicomBenchFiles(): { name: string; path: string }[] {
  const dir = path.join(ROOT, '..', 'shared', 'fixtures', 'dicom');
  return DICOM_BENCH_FILES.map((name) => ({ name, path: path.join(dir, name) })).filter((f) => fs.existsSync(f.path));
}
