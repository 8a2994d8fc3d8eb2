// Smoke test of `npm run bench` (npm run test:slow: it builds the app and drives Chromium for minutes):
// speed is measured by the bench, never asserted here. This checks that the bench runs end to end (build,
// Chromium over the real app and bench.html, Node child) in its smallest form (--quick --smoke) and writes
// a results file with all nine figures.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkResults, FIGURE_KEYS, type BenchResults } from './bench/figures';

const ROOT = path.resolve(import.meta.dirname, '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'glassbox-bench-test-'));

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], timeoutMs: number): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/bench.ts'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('npm run bench', () => {
  it('--quick (smoke form) runs end to end and writes results with every figure present', async () => {
    const out = path.join(tmp, 'results.json');
    // Its own build folder, so a bench run elsewhere (bench/dist) is left alone.
    // About 1 minute on a quiet 2-core machine and 1.5 under a full load; the limit leaves room for a slower,
    // shared CI machine (a 170 s limit was once too tight there).
    const r = await run(['--quick', '--smoke', `--out=${out}`, `--dist=${path.join(tmp, 'dist')}`], 600_000);
    expect(r.code, `${r.code === null ? 'killed after 600 s; ' : ''}${r.output.slice(-4000)}`).toBe(0);
    const results = JSON.parse(fs.readFileSync(out, 'utf8')) as BenchResults;
    expect(checkResults(results)).toEqual([]);
    expect(results.mode).toBe('smoke');
    // Figure 10 (DICOM decode) is there when ../shared/fixtures/dicom is, as on CI and here.
    const dicom = fs.existsSync(path.join(ROOT, '..', 'shared', 'fixtures', 'dicom'));
    expect(results.figures.map((f) => f.key)).toEqual([...FIGURE_KEYS, ...(dicom ? ['dicomDecode'] : [])]);
    expect(results.figures.map((f) => f.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, ...(dicom ? [10] : [])]);
    // Every backend appears in the per-backend figures, measured or with the reason it was not.
    const backends = new Set(results.figures.find((f) => f.key === 'forward')!.rows.map((x) => x.backend));
    for (const b of ['wasm', 'cpu', 'webgl', 'webgpu']) expect(backends).toContain(b);
    for (const f of results.figures) for (const row of f.rows) if (row.status !== 'ok') expect(row.detail, `${f.key} ${row.backend} ${row.item}`).not.toBe('');
    // The table went to stdout.
    expect(r.output).toContain('### 3. Overhead ratio');
  }, 660_000);
});
