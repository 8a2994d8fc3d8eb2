// The DICOM decode figure (issue 14): the two files the bench times open, and buildFigures turns the run into
// figure 10's rows. Timings are printed, never asserted (the machine is shared).

import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../../src/core/testing/node';
import { dicomDecodeRun } from '../../src/bench/suite';
import { DICOM_BENCH_FILES, type BackendRun } from '../../src/bench/types';
import { buildFigures } from './figures';

const DIR = path.resolve(REPO_ROOT, '../shared/fixtures/dicom');

describe('dicomDecodeRun', () => {
  it('times the 512x512 CT and the 8-frame YBR ultrasound, and figure 10 lists them', async () => {
    const files = DICOM_BENCH_FILES.map((name) => ({ name, bytes: new Uint8Array(fs.readFileSync(path.join(DIR, name))) }));
    const logs: string[] = [];
    const run = await dicomDecodeRun(files, { env: 'node', loadDemo: () => Promise.reject(new Error('unused')), log: (m) => logs.push(m) }, 3);
    console.log(logs.join('\n'));
    expect(run.status).toBe('ok');
    // MANIFEST.tsv: CT1_UNC is 512x512, 1 frame; IM00001 is 240 rows x 320 columns, 8 frames.
    expect(run.files.map((f) => [f.file, f.width, f.height, f.frames, f.transferSyntax])).toEqual([
      [DICOM_BENCH_FILES[0], 512, 512, 1, 'Explicit VR Little Endian'],
      [DICOM_BENCH_FILES[1], 320, 240, 8, 'JPEG Baseline (Process 1)'],
    ]);
    expect(run.files[0].allFramesMs).toBeUndefined();
    expect(run.files[1].allFramesMs?.runs).toBeGreaterThanOrEqual(3);
    for (const f of run.files) expect(f.openMs.median).toBeGreaterThan(0);
    const node = { env: 'node', backend: 'wasm', status: 'ok', models: [], memory: { status: 'skipped', explanations: 0, method: 'gradcam' }, training: { status: 'skipped', trainer: 't' }, notes: [], wallMs: 1, dicomDecode: run } as BackendRun;
    const app = { coldStart: { status: 'skipped', backends: [], runs: 0 }, responsiveness: { lime: { status: 'skipped' }, training: { status: 'skipped' } }, ladder: { status: 'skipped' } } as Parameters<typeof buildFigures>[2];
    const f10 = buildFigures([], [node], app).find((f) => f.key === 'dicomDecode')!;
    expect(f10.id).toBe(10);
    expect(f10.rows.map((r) => r.item)).toEqual([`open ${DICOM_BENCH_FILES[0]}`, `open ${DICOM_BENCH_FILES[1]}`, `all frames of ${DICOM_BENCH_FILES[1]}`]);
    expect(f10.rows[0]).toMatchObject({ status: 'ok', unit: 'ms', value: run.files[0].openMs.median });
  });

  it('says so when there is nothing to time', async () => {
    expect(await dicomDecodeRun([], { env: 'node', loadDemo: () => Promise.reject(new Error('unused')), log: () => undefined })).toEqual({ status: 'skipped', reason: 'no DICOM files to time', files: [] });
  });
});
