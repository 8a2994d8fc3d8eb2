// The bench's pure parts (pass counting, statistics, the completeness check) on fixed inputs. The end-to-end
// smoke run of `npm run bench` is in bench.slow.test.ts (npm run test:slow).
import { describe, expect, it } from 'vitest';
import { passesOf } from '../src/bench/passes';
import { stat } from '../src/bench/stats';
import { checkResults, FIGURE_KEYS } from './bench/figures';

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
