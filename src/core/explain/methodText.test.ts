// Every method's texts in both languages (issue 16 "Two languages"): enumerating the registry, each method's
// label, summary, "what am I looking at?" and every option's label, help and choice labels exist in English
// and in Chinese; the English catalogue is the method file's own text (so the two cannot drift apart); and
// a bad option value is refused in Chinese naming the method, the option, the limits and the value given.

import { afterEach, describe, expect, it } from 'vitest';
import { i18n, setLanguage } from '../../shared/i18n';
import { METHODS, describeMethods, getMethod } from './registry';
import { UserError } from '../../shared/errors';
import { OptionError, validateOptions, type ExplainMethod } from './types';
import { occlusion } from './methods/occlusion';
import { evaluationsCheck } from './result';
import { ScoreRange } from './perturb';

const methods = METHODS as unknown as ExplainMethod[];
const has = (key: string, lng: 'en' | 'zh') => i18n.exists(key, { lng, fallbackLng: false });
const raw = (key: string, lng: 'en' | 'zh') => i18n.getResource(lng, 'methods', key) as unknown;

/** Every key a method shows: label, summary, about, and per option label, help and each choice. */
function keysOf(m: ExplainMethod): { key: string; english: string }[] {
  const out = [
    { key: `${m.id}.label`, english: m.label },
    { key: `${m.id}.summary`, english: m.summary },
    { key: `${m.id}.about`, english: m.about },
  ];
  for (const o of m.options) {
    const base = `${m.id}.options.${o.key}`;
    out.push({ key: `${base}.label`, english: o.label });
    if (o.help !== undefined) out.push({ key: `${base}.help`, english: o.help });
    if (o.type === 'select') for (const c of o.choices) out.push({ key: `${base}.choices.${c.value}`, english: c.label });
  }
  return out;
}

afterEach(() => {
  setLanguage('en');
});

describe('method texts in English and Chinese', () => {
  it('has every method text of the registry in both languages, the English being the method file’s own', () => {
    let n = 0;
    for (const m of methods) {
      for (const { key, english } of keysOf(m)) {
        expect(has(`methods:${key}`, 'en'), `${key} (en)`).toBe(true);
        expect(has(`methods:${key}`, 'zh'), `${key} (zh)`).toBe(true);
        expect(raw(key, 'en'), key).toBe(english);
        const zh = raw(key, 'zh') as string;
        expect(zh.trim().length, `${key} (zh) is empty`).toBeGreaterThan(0);
        n++;
      }
    }
    // 14 methods, each with 3 texts, plus their options: far more than 42 texts.
    expect(methods.length).toBe(14);
    expect(n).toBeGreaterThan(150);
  });

  it('translates the long texts (summary, about, option help) into Chinese rather than copying the English', () => {
    for (const m of methods) {
      for (const { key, english } of keysOf(m)) {
        if (!/\.(summary|about|help)$/.test(key)) continue;
        const zh = raw(key, 'zh') as string;
        expect(zh, key).not.toBe(english);
        expect(zh, key).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('describes the methods in the language of the moment, read when asked (not at module load)', () => {
    const en = describeMethods(null);
    setLanguage('zh');
    const zh = describeMethods(null);
    setLanguage('en');
    const enAgain = describeMethods(null);
    expect(en.find((m) => m.id === 'saliency')!.label).toBe('Vanilla gradient');
    expect(zh.find((m) => m.id === 'saliency')!.label).toBe('原始梯度');
    expect(zh.find((m) => m.id === 'smoothgrad')!.options.find((o) => o.key === 'seed')!.label).toBe('随机种子');
    // The "until stable" budget options of LIME, SHAP and RISE (shared with stopping.ts) come in Chinese too.
    for (const id of ['lime', 'shap', 'rise']) {
      const budget = zh.find((m) => m.id === id)!.options.find((o) => o.key === 'budget')!;
      expect(budget.label, id).toBe('采样预算');
      expect(budget.type === 'select' ? budget.choices.map((c) => c.label) : [], id).toEqual(['直到稳定', '固定']);
      expect(budget.help, id).toMatch(/^直到稳定：分轮采样/);
    }
    expect(zh.find((m) => m.id === 'lime')!.options.find((o) => o.key === 'settleTop')!.label).toBe('需稳定的区域数');
    expect(zh.find((m) => m.id === 'rise')!.options.find((o) => o.key === 'settleShare')!.label).toBe('需稳定的图面比例（%）');
    expect(en.find((m) => m.id === 'shap')!.options.find((o) => o.key === 'budget')!.label).toBe('Budget');
    expect(enAgain).toEqual(en);
    // Only the texts change: ids, kinds, defaults, option keys, limits and choice values stay.
    const strip = (ms: typeof en) => ms.map((m) => ({ id: m.id, kind: m.kind, d: m.defaultOptions, o: m.options.map((o) => ({ ...o, label: '', help: '', ...(o.type === 'select' ? { choices: o.choices.map((c) => c.value) } : {}) })) }));
    expect(strip(zh)).toEqual(strip(en));
  });

  it('refuses a bad option value in Chinese, naming the method, the option, the limits and the value', () => {
    setLanguage('zh');
    const window = occlusion.options.find((o) => o.key === 'window');
    if (window?.type !== 'number') throw new Error('occlusion has a number option "window"');
    let err: unknown;
    try {
      validateOptions(occlusion, { window: window.max + 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toBe(`遮挡：窗口大小（像素）必须在 ${window.min} 到 ${window.max} 之间，收到的是 ${window.max + 1}`);
    expect(() => validateOptions(occlusion, { baseline: 'plaid' })).toThrow('遮挡：基线（被隐藏的像素变成什么）必须是 mean, blur, black, noise, color 之一，收到的是 plaid');
    expect(() => validateOptions(occlusion, { nope: 1 })).toThrow('遮挡：未知选项“nope”');
    // An unknown method id is refused in Chinese too, listing the ids that exist.
    let unknown: unknown;
    try {
      getMethod('nope');
    } catch (e) {
      unknown = e;
    }
    expect(unknown).toBeInstanceOf(UserError);
    expect((unknown as UserError).title).toBe('未知的解释方法“nope”');
    expect((unknown as UserError).detail).toContain('gradcam, gradcampp');
    // English again after the switch back.
    setLanguage('en');
    expect(() => validateOptions(occlusion, { window: 2.5 })).toThrow('Occlusion: Window size (pixels) must be a whole number, got 2.5');
  });

  it('labels the checks shown with a result in the language of the moment', () => {
    setLanguage('zh');
    const ev = evaluationsCheck(40, 500, 'masked', true);
    expect(ev.label).toBe('模型评估次数（遮罩副本）');
    expect(ev.detail).toBe('提前停止：这些值所依据的评估次数少于计划，因此噪声更大。');
    // A probability that never moves: the saturation check warns, with the advice for that baseline.
    const range = new ScoreRange('probability');
    range.add([0.99991, 0.99992]);
    const sat = range.check('blur');
    expect(sat.label).toBe('类别概率在各扰动副本上的变化幅度');
    expect(sat.status).toBe('warn');
    expect(sat.detail).toMatch(/^无论隐藏哪里，类别概率都停在 .+（变化小于 0\.0001）：这些值极小，可能只是舍入噪声。改为解释 logit/);
    setLanguage('en');
    expect(evaluationsCheck(40, 500, 'masked', false).label).toBe('Model evaluations (masked copies)');
    expect(range.check('regionMean').detail).toMatch(/^The class probability stayed at .+ whatever was hidden \(it moved by less than 0\.0001\): the values are tiny and may be rounding noise\. Regions filled with their own mean colour/);
  });
});
