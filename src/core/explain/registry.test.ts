// The one test that loops over THE list: every registered method, including ones added later, must
// honour the contract (shape, finite values, determinism for fixed options, no tensor leak, clear
// errors for bad options). Sample counts are turned down generically, from the option specs.

import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNITS, type Attribution, type OptionSpec, type OptionValues, type Progress } from '../../shared/types';
import type { LoadedModel } from '../model/loaded';
import { useBackend } from '../testing/node';
import { describeMethods, getMethod, METHODS } from './registry';
import { demoModel, lesionSample, LESION } from './testkit';
import type { ExplainMethod } from './types';
import { OptionError, validateOptions } from './types';

const COUNT_OPTION = /sample|step|mask|draw|permutation|iteration|perturbation|evaluation/i;

/** Defaults, with every integer count option (samples, steps, masks, ...) at its minimum, for speed. */
function fastOptions(m: ExplainMethod): OptionValues {
  const o: OptionValues = { ...m.defaultOptions };
  for (const s of m.options) if (s.type === 'number' && s.integer && COUNT_OPTION.test(s.key)) o[s.key] = s.min;
  return o;
}

/** Option values the spec must refuse, with what each one is. */
function badValues(spec: OptionSpec): { value: unknown; what: string }[] {
  switch (spec.type) {
    case 'number': {
      const out: { value: unknown; what: string }[] = [
        { value: spec.max + 1, what: 'above max' },
        { value: spec.min - 1, what: 'below min' },
        { value: Number.NaN, what: 'NaN' },
        { value: Infinity, what: 'Infinity' },
        { value: '5', what: 'a string' },
      ];
      if (spec.integer) out.push({ value: spec.min + 0.5, what: 'a fraction' });
      return out;
    }
    case 'select':
      return [{ value: 'no-such-choice', what: 'an unknown choice' }, { value: 3, what: 'a number' }];
    case 'boolean':
      return [{ value: 'yes', what: 'a string' }];
    case 'layer':
      return [{ value: 42, what: 'a number' }];
  }
}

/**
 * The typed result spec every method states: its units, named checks, regions when it has segments, and
 * a run record of an uncancelled run with these options.
 */
function expectResultSpec(m: ExplainMethod, a: Attribution, o: OptionValues): void {
  expect(Object.keys(UNITS), `${m.id} states no known units`).toContain(a.units);
  const r = a.run;
  expect(r.method).toBe(m.id);
  expect(r.target).toBe(LESION);
  expect(r.options).toEqual(o);
  expect(r.seed).toBe(typeof o.seed === 'number' ? o.seed : null);
  expect(r.cancelled).toBe(false);
  expect(r.evaluations.total).toBeGreaterThan(0);
  // An "until stable" run (stopping.ts) may stop before its budget; any other uncancelled run does it all.
  if (r.stopping?.stoppedEarly) expect(r.evaluations.done).toBeLessThan(r.evaluations.total);
  else expect(r.evaluations.done).toBe(r.evaluations.total);
  expect(r.evaluations.unit.length).toBeGreaterThan(0);
  expect(r.batchSize === null || (Number.isInteger(r.batchSize) && r.batchSize > 0)).toBe(true);
  expect(Number.isFinite(r.ms) && r.ms >= 0).toBe(true);
  expect(r.backend).toBe(tf.getBackend());
  if (m.kind === 'cam') expect(lm.info.camLayers).toContain(r.layer);
  const ids = a.checks.map((c) => c.id);
  expect(new Set(ids).size).toBe(ids.length);
  for (const c of a.checks) {
    expect(c.label.length, `${m.id}: check ${c.id} has no label`).toBeGreaterThan(0);
    expect(Number.isFinite(c.value), `${m.id}: check ${c.id} is ${c.value}`).toBe(true);
    expect(['percent', 'count', 'number', 'probability']).toContain(c.format);
    if (c.status !== undefined) expect(['ok', 'warn', 'fail']).toContain(c.status);
  }
  if (a.segments) {
    const reg = a.regions;
    expect(reg, `${m.id} has segments but states no regions`).toBeDefined();
    expect(reg!.values).toHaveLength(Math.max(...a.segments) + 1);
    for (let p = 0; p < a.segments.length; p += 37) expect(a.values[p]).toBeCloseTo(reg!.values[a.segments[p]], 5);
    if (reg!.stderr) expect(reg!.stderr).toHaveLength(reg!.values.length);
    expect(reg!.title.length).toBeGreaterThan(0);
  }
}

let lm: LoadedModel;
let x: tf.Tensor4D;

beforeAll(async () => {
  await useBackend('wasm');
  lm = await demoModel();
  x = lm.inputTensor(lesionSample(0).image);
});
afterAll(() => {
  x?.dispose();
});

describe('the method registry', () => {
  it('lists each method once, with a unique id, a one-sentence summary, an about paragraph and valid defaults', () => {
    const ids = METHODS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const raw of METHODS) {
      const m = raw as unknown as ExplainMethod;
      expect(m.id).toMatch(/^[a-z0-9-]+$/);
      expect(getMethod(m.id)).toBe(m);
      expect(m.label.length).toBeGreaterThan(0);
      expect(m.summary.trim()).toMatch(/^[^.]+[.!?]$/s);
      expect(m.about.length).toBeGreaterThan(m.summary.length);
      expect(['gradient', 'cam', 'perturbation']).toContain(m.kind);
      const keys = m.options.map((s) => s.key);
      expect(new Set(keys).size).toBe(keys.length);
      expect(Object.keys(m.defaultOptions).sort()).toEqual([...keys].sort());
      for (const s of m.options) {
        if (s.type === 'number') {
          expect(s.min).toBeLessThan(s.max);
          expect(Number.isFinite(s.min) && Number.isFinite(s.max)).toBe(true);
        }
        if (s.type === 'select') expect(s.choices.length).toBeGreaterThan(0);
      }
      expect(() => validateOptions(m, m.defaultOptions)).not.toThrow();
    }
    const described = describeMethods(lm.info);
    expect(described.map((d) => d.id)).toEqual(ids);
    expect(described.every((d) => d.compatible)).toBe(true);
    // The studio's defaults come from here, not from ids written into the UI.
    expect(described.filter((d) => d.openByDefault)).toHaveLength(1);
    expect(described.filter((d) => d.compareByDefault).length).toBeGreaterThan(1);
    expect(() => getMethod('no-such-method')).toThrow(/Unknown explanation method/);
  });

  for (const raw of METHODS) {
    const m = raw as unknown as ExplainMethod;
    describe(m.id, () => {
      it('returns an H x W map of finite values, the same twice, with no tensor left behind', async () => {
        const o = validateOptions(m, fastOptions(m));
        const reports: Progress[] = [];
        const ctx = { model: lm.model, info: lm.info, onProgress: (p: Progress) => reports.push(p) };
        const before = tf.memory().numTensors;
        const a = await m.explain(ctx, x, LESION, o);
        expect(tf.memory().numTensors).toBe(before);
        const b = await m.explain(ctx, x, LESION, o);
        expect(tf.memory().numTensors).toBe(before);
        const [, H, W] = x.shape;
        expect(a.width).toBe(W);
        expect(a.height).toBe(H);
        expect(a.values).toBeInstanceOf(Float32Array);
        expect(a.values.length).toBe(H * W);
        expect(a.values.every(Number.isFinite)).toBe(true);
        expect(a.signed).toBe(m.signed);
        if (!m.signed) expect(Math.min(...a.values)).toBeGreaterThanOrEqual(0);
        expect(Array.from(b.values)).toEqual(Array.from(a.values));
        if (a.segments) expect(a.segments.length).toBe(H * W);
        expect(reports.length).toBeGreaterThan(0);
        for (const p of reports) expect(p.done).toBeLessThanOrEqual(p.total);
        // Plain data only: everything must survive the worker boundary.
        expect(() => structuredClone(a)).not.toThrow();
        expectResultSpec(m, a, o);
      });

      it('refuses bad option values with a clear OptionError, and never answers with NaNs', async () => {
        expect(() => validateOptions(m, { 'no-such-option': 1 })).toThrow(OptionError);
        for (const spec of m.options) {
          for (const { value, what } of badValues(spec)) {
            const given = { [spec.key]: value } as Partial<OptionValues>;
            let err: unknown = null;
            try {
              validateOptions(m, given);
            } catch (e) {
              err = e;
            }
            expect(err, `${m.id}: ${spec.key} = ${String(value)} (${what}) was accepted`).toBeInstanceOf(OptionError);
            expect((err as Error).message).toContain(spec.label);
          }
          // Even when the caller skips validation, a below-range number or an unknown choice must not
          // come back as NaNs: the method refuses it (OptionError) or answers with finite values.
          const direct = spec.type === 'number' ? spec.min - 1 : spec.type === 'select' ? 'no-such-choice' : null;
          if (direct === null) continue;
          const before = tf.memory().numTensors;
          const o = { ...fastOptions(m), [spec.key]: direct } as OptionValues;
          try {
            const a = await m.explain({ model: lm.model, info: lm.info }, x, LESION, o as never);
            expect(a.values.every(Number.isFinite), `${m.id}: ${spec.key} = ${direct} gave non-finite values`).toBe(true);
          } catch (e) {
            expect(e, `${m.id}: ${spec.key} = ${direct} threw ${String(e)}`).toBeInstanceOf(OptionError);
          }
          expect(tf.memory().numTensors).toBe(before);
        }
      });

      it('refuses a class the model does not have, leaving no tensor behind', async () => {
        const before = tf.memory().numTensors;
        for (const bad of [-1, lm.info.classes, 1.5]) {
          await expect(m.explain({ model: lm.model, info: lm.info }, x, bad, validateOptions(m, fastOptions(m)))).rejects.toThrow(/class/i);
        }
        expect(tf.memory().numTensors).toBe(before);
      });

      it('refuses an unknown layer with a clear error', async () => {
        for (const spec of m.options.filter((s) => s.type === 'layer')) {
          const o = { ...fastOptions(m), [spec.key]: 'no/such/layer' } as OptionValues;
          await expect(m.explain({ model: lm.model, info: lm.info }, x, LESION, o as never)).rejects.toThrow(/layer/i);
        }
      });
    });
  }
});
