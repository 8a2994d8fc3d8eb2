// The run history panel rendered to HTML (as optionsForm.test.ts renders the options form): the rows, the
// settings that differ, the accessible names of the pick boxes, and the two picked runs' legend and table.
import { afterEach, describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { i18n, setLanguage } from '../../shared/i18n';
import type { TrainingSettings } from '../../shared/training';
import type { TrainRunRecord } from '../../state/trainingSlice';
import { RunHistoryView } from './RunHistory';
import { seriesOf } from './RunCompare';

const SETTINGS: TrainingSettings = {
  inputSize: 64, grayscale: false, resize: 'stretch', width: 8, depth: 3, epochs: 2, batchSize: 16, learningRate: 0.003,
  validationFraction: 0.2, seed: 1, flip: true, rotateShift: true, brightnessContrast: true, earlyStopping: true, patience: 4,
};

function run(id: string, name: string, epochs: number[], settings: Partial<TrainingSettings>, stoppedBy: TrainRunRecord['stoppedBy'] = 'completed'): TrainRunRecord {
  const n = epochs.length;
  const fill = (v: number) => epochs.map(() => v);
  return {
    id, name, finishedAt: Date.UTC(2026, 10, 30, 1, 2), settings: { ...SETTINGS, ...settings }, labels: ['a', 'b'], trainCount: 16, validationCount: 4,
    epochsRun: epochs[n - 1], bestEpoch: epochs[n - 1], stoppedBy, validationAccuracy: 0.75, validationLoss: 0.4, trainMs: 3000, totalMs: 3500, backend: 'wasm',
    history: { epoch: epochs, loss: fill(0.5), acc: fill(0.8), valLoss: fill(0.4), valAcc: fill(0.75), lr: fill(0.003), epochMs: fill(1000), valMs: fill(50) },
  };
}

const html = (runs: TrainRunRecord[], picks: string[]) => renderToString(createElement(I18nextProvider, { i18n }, createElement(RunHistoryView, { runs, picks, dropped: 0, running: false })));
const count = (s: string, needle: string) => s.split(needle).length - 1;

describe('RunHistory (curves)', () => {
  afterEach(() => setLanguage('en'));

  it('renders nothing before the first training', () => {
    expect(html([], [])).toBe('');
  });

  it('lists the runs newest first with the settings that differ, and overlays the two picked', () => {
    setLanguage('en');
    const runs = [run('r1', 'first', [1, 2], {}), run('r2', 'second', [1, 2, 3], { learningRate: 0.01, epochs: 3 }), run('r3', 'third', [1, 1.5], { learningRate: 0.01 }, 'cancelled')];
    const out = html(runs, ['r1', 'r2']);
    expect(count(out, 'data-run="r')).toBeGreaterThanOrEqual(3);
    expect(out.indexOf('data-run="r3"')).toBeLessThan(out.indexOf('data-run="r1"'));
    expect(out).toContain('aria-label="Compare first"');
    expect(count(out, 'type="checkbox"')).toBe(3);
    expect(count(out, 'checked=""')).toBe(2);
    // epochs and learning rate differ; nothing else does
    expect(out).toContain('epochs 3 · learning rate 0.01');
    expect(out).toContain('epochs 2 · learning rate 0.003');
    expect(out).not.toContain('batch 16');
    expect(out).toContain('stopped');
    // The overlay: legend A = first, B = second; its table has a row per epoch either run validated at (1, 2, 3),
    // with no value for run A at epoch 3.
    expect(out).toContain('data-testid="run-compare"');
    expect(out).toMatch(/A: first, 3 s/);
    expect(out).toMatch(/B: second, 3 s/);
    const table = out.slice(out.indexOf('data-testid="run-compare-table"'));
    expect(count(table.slice(table.indexOf('<tbody>')), '<tr>')).toBe(3);
    expect(table).toContain('<th scope="row">3</th><td>—</td><td>75%</td>');
  });

  it('tells runs on different data apart, also when their settings are the same', () => {
    setLanguage('en');
    const easy = { ...run('r1', 'first', [1, 2], {}), dataset: { difficulty: 'easy' as const, shortcut: false } };
    const hard = { ...run('r2', 'second', [1, 2], {}), dataset: { difficulty: 'hard' as const, shortcut: true } };
    const out = html([easy, hard], []);
    expect(out).toContain('data: Easy (the demo model&#x27;s data)');
    expect(out).toContain('data: Hard: faint, noisy, overlapping (with the shortcut)');
    expect(out).not.toContain('same settings');
    // the same data and settings: "same settings"; synthetic against the person's own images: the data differs
    expect(html([easy, { ...easy, id: 'r3' }], [])).toContain('same settings');
    expect(html([easy, { ...run('r4', 'own', [1, 2], {}) }], [])).toContain('data: your images');
  });

  it('asks for a second run while there is one, and speaks Chinese', () => {
    setLanguage('zh');
    const out = html([run('r1', 'first', [1, 2], {})], ['r1']);
    expect(out).toContain('换一组设置再训练一次');
    expect(out).toContain('设置相同');
    expect(out).not.toContain('data-testid="run-compare"');
  });
});

describe('RunCompare series (curves)', () => {
  it('reads training seconds per epoch as a rate, so the part of an epoch before a Stop compares with whole ones', () => {
    const r = run('r1', 'x', [0, 1, 2, 2.2], {});
    r.history.epochMs = [0, 1000, 900, 300];
    r.history.valAcc = [0.5, NaN, 0.7, 0.8];
    // by hand: epoch 0 covers nothing (left out); 1000 ms over 1 epoch; 900 ms over 1; 300 ms over 0.2 epochs
    const time = seriesOf(r, 'time');
    expect(time.map((p) => p.x)).toEqual([1, 2, 2.2]);
    expect(time[0].y).toBeCloseTo(1, 10);
    expect(time[1].y).toBeCloseTo(0.9, 10);
    expect(time[2].y).toBeCloseTo(1.5, 10);
    expect(seriesOf(r, 'valAcc')).toEqual([{ x: 0, y: 0.5 }, { x: 2, y: 0.7 }, { x: 2.2, y: 0.8 }]);
  });
});
