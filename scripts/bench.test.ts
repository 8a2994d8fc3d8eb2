// Smoke test of `npm run bench`: speed is measured by the bench, never asserted here. This checks that
// the bench runs end to end (build, Chromium over the real app and bench.html, Node child) in its
// smallest form (--quick --smoke) and writes a results file with all nine figures; plus the pure parts
// (pass counting, the completeness check) on fixed inputs.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { passesOf } from '../src/bench/passes';
import { stat } from '../src/bench/stats';
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
    const r = await run(['--quick', '--smoke', `--out=${out}`, `--dist=${path.join(tmp, 'dist')}`], 170_000);
    expect(r.code, r.output.slice(-4000)).toBe(0);
    const results = JSON.parse(fs.readFileSync(out, 'utf8')) as BenchResults;
    expect(checkResults(results)).toEqual([]);
    expect(results.mode).toBe('smoke');
    expect(results.figures.map((f) => f.key)).toEqual([...FIGURE_KEYS]);
    expect(results.figures.map((f) => f.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Every backend appears in the per-backend figures, measured or with the reason it was not.
    const backends = new Set(results.figures.find((f) => f.key === 'forward')!.rows.map((x) => x.backend));
    for (const b of ['wasm', 'cpu', 'webgl', 'webgpu']) expect(backends).toContain(b);
    for (const f of results.figures) for (const row of f.rows) if (row.status !== 'ok') expect(row.detail, `${f.key} ${row.backend} ${row.item}`).not.toBe('');
    // The table went to stdout.
    expect(r.output).toContain('### 3. Overhead ratio');
  }, 180_000);
});

describe('bench helpers', () => {
  it('counts the passes each method needs from its meta', () => {
    expect(passesOf('gradcam', {}, {})).toMatchObject({ forward: 0, gradient: 1, singleImage: true });
    expect(passesOf('intgrad', { steps: 50, rule: 'trapezoid', draws: 1, total: 51 }, {})).toMatchObject({ forward: 2, gradient: 51 });
    expect(passesOf('intgrad', { steps: 50, rule: 'midpoint', draws: 4 }, {})).toMatchObject({ forward: 5, gradient: 200 });
    expect(passesOf('smoothgrad', { total: 50 }, {})).toMatchObject({ forward: 0, gradient: 50 });
    expect(passesOf('occlusion', { total: 225 }, {})).toMatchObject({ forward: 226, gradient: 0 });
    expect(passesOf('rise', { total: 2000 }, {})).toMatchObject({ forward: 2000 });
    expect(passesOf('lime', { total: 1000 }, {})).toMatchObject({ forward: 1000 });
    expect(passesOf('shap', { done: 2150, total: 2150, segmentCount: 51 }, {})).toMatchObject({ forward: 2150 });
  });

  it('keeps the median, min and max', () => {
    expect(stat([5, 1, 3])).toEqual({ median: 3, min: 1, max: 5, runs: 3 });
    expect(stat([4, 1, 3, 2])).toMatchObject({ median: 2.5, runs: 4 });
  });

  it('flags a results file with a figure missing or unmeasured', () => {
    const figures = FIGURE_KEYS.map((key, i) => ({ id: i + 1, key, title: key, unit: 'ms', rows: [{ env: 'browser', backend: 'wasm', model: 'demo', item: key === 'overhead' ? 'gradcam' : 'x', status: 'ok', value: 1, unit: 'ms', detail: '' }] }));
    const base = { schema: 'glassbox-bench/1', figures, browser: [], node: [] };
    const problems = checkResults(base);
    // only figure 3's other methods are missing
    expect(problems.every((p) => p.startsWith('figure 3 has no measured overhead'))).toBe(true);
    expect(checkResults({ ...base, figures: figures.filter((f) => f.key !== 'memory') })).toContain('figure 7 (memory) is missing');
    const unmeasured = figures.map((f) => (f.key === 'coldStart' ? { ...f, rows: [{ ...f.rows[0], status: 'failed', value: undefined }] } : f));
    expect(checkResults({ ...base, figures: unmeasured }).some((p) => p.startsWith('figure 8 (coldStart) has no measured row'))).toBe(true);
  });
});
