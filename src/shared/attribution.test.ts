import { afterEach, describe, expect, it } from 'vitest';
import { UNITS, attributionTransferables, progressTransferables, unitsLabel, unitsReading, type Attribution, type AttributionUnits } from './attribution';
import { setLanguage } from './i18n';
import type { Progress } from './types';

function attribution(values: Float32Array, segments?: Int32Array): Attribution {
  return {
    values,
    width: 4,
    height: 4,
    signed: true,
    ...(segments ? { segments } : {}),
    units: 'probability-change',
    checks: [{ id: 'evaluations', label: 'Model evaluations', value: 3, of: 3, format: 'count', status: 'ok' }],
    regions: { values: [0.5, -0.5], title: 'value per region' },
    run: { method: 'm', options: { seed: 1 }, target: 0, seed: 1, evaluations: { done: 3, total: 3, unit: 'passes' }, batchSize: 8, ms: 1, backend: 'cpu', cancelled: false },
  };
}

/** Posts `msg` through a real MessageChannel with `transfer`, as Comlink.transfer does, and returns what arrives. */
function post<T>(msg: T, transfer: ArrayBuffer[]): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  return new Promise<T>((resolve) => {
    port2.onmessage = (e) => {
      port1.close();
      port2.close();
      resolve(e.data as T);
    };
    port1.postMessage(msg, transfer);
  });
}

describe('big arrays cross the worker boundary by transfer', () => {
  it('moves values and segments (the sender is left with detached arrays) and keeps everything else', async () => {
    const values = Float32Array.from({ length: 16 }, (_, i) => i / 2);
    const segments = Int32Array.from({ length: 16 }, (_, i) => i % 2);
    const a = attribution(values, segments);
    const t = attributionTransferables(a);
    expect(t).toHaveLength(2);
    const got = await post(a, t);
    expect(values.byteLength).toBe(0); // transferred, not copied
    expect(segments.byteLength).toBe(0);
    expect(Array.from(got.values)).toEqual(Array.from({ length: 16 }, (_, i) => i / 2));
    expect(Array.from(got.segments!)).toEqual(Array.from({ length: 16 }, (_, i) => i % 2));
    expect(got.run).toEqual(attribution(new Float32Array(0)).run);
    expect(got.checks[0].of).toBe(3);
  });

  it('lists a buffer shared by two arrays once (a transfer list with a repeat is refused) and skips empty ones', async () => {
    const buf = new ArrayBuffer(16 * 4 * 2);
    const a = attribution(new Float32Array(buf, 0, 16), new Int32Array(buf, 64, 16));
    expect(attributionTransferables(a)).toEqual([buf]);
    await expect(post(a, attributionTransferables(a))).resolves.toBeDefined();
    expect(attributionTransferables(attribution(new Float32Array(0)))).toEqual([]);
  });

  it('moves a progress report’s running estimate', async () => {
    const values = Float64Array.from([1, 2, 3]);
    const stderr = Float64Array.from([0.1, 0.2, 0.3]);
    const p: Progress = { done: 1, total: 2, partial: { values, stderr } };
    const t = progressTransferables(p);
    expect(t).toHaveLength(2);
    const got = await post(p, t);
    expect(values.byteLength).toBe(0);
    expect(Array.from(got.partial!.stderr!)).toEqual([0.1, 0.2, 0.3]);
    expect(progressTransferables({ done: 0, total: 1 })).toEqual([]);
  });
});

describe('units in the studio’s language', () => {
  const ids = Object.keys(UNITS) as AttributionUnits[];
  afterEach(() => setLanguage('en'));

  it('reads the English of the data files in English, and Chinese words in Chinese for every unit', () => {
    setLanguage('en');
    for (const u of ids) {
      expect(unitsLabel(u)).toBe(UNITS[u].label);
      expect(unitsReading(u)).toBe(UNITS[u].reading);
    }
    expect(unitsLabel('probability-change')).toBe('change in probability');
    expect(unitsLabel('activation-x-logit-gradient')).toBe('activation × logit gradient (relative)');
    expect(ids).toHaveLength(9);
    setLanguage('zh');
    for (const u of ids) {
      expect(unitsLabel(u), u).toMatch(/[\u4e00-\u9fff]/);
      expect(unitsReading(u), u).toMatch(/[\u4e00-\u9fff]/);
      // only the field's term "logit" stays in Latin letters
      expect(unitsLabel(u).replace(/logit/g, ''), u).not.toMatch(/[A-Za-z]/);
    }
    // the labels tell the units apart in Chinese as they do in English
    expect(new Set(ids.map(unitsLabel)).size).toBe(ids.length);
  });
});
