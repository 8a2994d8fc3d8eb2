import { describe, expect, it } from 'vitest';
import { scaleOf, scaleRelativeTo, sharedScalesByUnits } from './colormaps';
import type { Attribution } from '../shared/types';

const map = (values: number[], signed: boolean, units: Attribution['units']) => ({ values: Float32Array.from(values), signed, units });

describe('strength relative to the top class', () => {
  it('draws a weak class on the top class scale, not as bright as the top class', () => {
    // The top class map peaks at 72.6; a class at ~0% peaks at 0.9: on its own scale it would reach full colour.
    const weak = map([0, 0.45, 0.9], false, 'activation-x-logit-gradient');
    expect(scaleOf({ ...weak } as Attribution).max).toBeCloseTo(0.9, 6);
    const { scale, share } = scaleRelativeTo(weak, 72.6);
    expect(scale).toEqual({ min: 0, max: 72.6, signed: false });
    expect(share).toBeCloseTo(0.9 / 72.6, 6);
    // Its brightest pixel now sits at 1.2% of the colour scale instead of 100%.
    expect(0.9 / scale.max).toBeLessThan(0.02);
  });

  it('keeps a symmetric scale for signed maps and never clips a map stronger than the reference', () => {
    const { scale, share } = scaleRelativeTo(map([-0.3, 0.1], true, 'logit-change'), 0.2);
    expect(scale).toEqual({ min: -0.30000001192092896, max: 0.30000001192092896, signed: true });
    expect(share).toBe(1);
  });
});

describe("Compare's same colour scale joins only maps with the same units", () => {
  it('puts Grad-CAM-like maps (0-72.65) and probability changes (0-0.04) on separate scales', () => {
    const { byMethod, groups } = sharedScalesByUnits({
      gradcampp: map([0, 72.65], false, 'activation-x-logit-gradient'),
      gradcam: map([0, 10], false, 'activation-x-logit-gradient'),
      occlusion: map([-0.01, 0.04], true, 'probability-change'),
      lime: map([-0.03, 0.02], true, 'probability-change'),
      ig: map([-1.5, 0.5], true, 'logit-change'),
    });
    expect(byMethod.gradcam.max).toBeCloseTo(72.65, 4);
    expect(byMethod.gradcam.min).toBe(0);
    expect(byMethod.gradcampp).toBe(byMethod.gradcam);
    expect(byMethod.occlusion.max).toBeCloseTo(0.04, 6);
    expect(byMethod.lime.max).toBeCloseTo(0.04, 6);
    expect(byMethod.occlusion.min).toBeCloseTo(-0.04, 6);
    // Alone in its units: its own scale.
    expect(byMethod.ig.max).toBeCloseTo(1.5, 6);
    expect(groups.map((g) => [g.units, g.methods.length])).toEqual([
      ['activation-x-logit-gradient', 2],
      ['probability-change', 2],
      ['logit-change', 1],
    ]);
  });
});
