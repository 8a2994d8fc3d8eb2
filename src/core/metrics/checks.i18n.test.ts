// Trust figures' sentences, labels and badge rules follow the language of the moment (issue 16): made in
// Chinese, a figure keeps its numbers and badge and says them in Chinese; the rules read after a switch are
// in the new language. The expected Chinese is written here by hand.

import { afterEach, describe, expect, it } from 'vitest';
import { setLanguage } from '../../shared/i18n';
import { TRUST_RULES, energyPointingCheck, pointingCheck, stabilityCheck } from './checks';

afterEach(() => {
  setLanguage('en');
});

describe('trust figures in Chinese', () => {
  it('says the figure, the numbers and the rule in Chinese, with the same value and badge as in English', () => {
    const en = stabilityCheck(0.3, [7, 8]);
    setLanguage('zh');
    const zh = stabilityCheck(0.3, [7, 8]);
    expect(zh.label).toBe('种子 7 与 8 之间的秩相关');
    expect(zh.detail).toBe('换一个种子，像素排序就不同了：在细看之前请先增加样本数。 两个随机种子给出 ρ ≥ 0.8 时为良好；0.5 到 0.8 为偏弱；低于 0.5 为不合格。');
    expect([zh.value, zh.status]).toEqual([en.value, en.status]);
    expect(zh.status).toBe('fail');
    const e = energyPointingCheck({ proportion: 0.62, areaShare: 0.1 });
    expect(e.detail).toMatch(/^显著性图 62% 的能量落在区域内，而该区域占图像的 10%。/);
    expect(pointingCheck(0, 1).detail).toBe(`显著性图的最强点在区域外。${TRUST_RULES.pointing}`);
    expect(pointingCheck(3, 4).detail).toBe('在 4 幅图像中，有 3 幅的最强点在区域内。');
  });

  it('reads the rules in the language of the moment', () => {
    expect(TRUST_RULES.pointing).toBe('Good when the map’s strongest point lies in the region; fails otherwise.');
    setLanguage('zh');
    expect(TRUST_RULES.pointing).toBe('显著性图的最强点落在区域内时为良好；否则为不合格。');
  });
});
