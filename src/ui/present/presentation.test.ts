import { describe, expect, it } from 'vitest';
import { presentationOrder, stepMethod } from './presentation';

const m = (id: string, kind: 'cam' | 'gradient' | 'perturbation', compatible = true) => ({ id, kind, compatible });

describe('presentation mode method order', () => {
  it('groups methods as the menu does (CAM, gradient, perturbation) and drops incompatible ones', () => {
    const methods = [m('saliency', 'gradient'), m('lime', 'perturbation'), m('gradcam', 'cam'), m('scorecam', 'cam', false), m('ig', 'gradient'), m('layercam', 'cam')];
    expect(presentationOrder(methods)).toEqual(['gradcam', 'layercam', 'saliency', 'ig', 'lime']);
  });
  it('is empty when nothing is compatible', () => {
    expect(presentationOrder([m('gradcam', 'cam', false)])).toEqual([]);
  });
});

describe('stepping through methods', () => {
  const order = ['a', 'b', 'c'];
  it('moves forward and back by one', () => {
    expect(stepMethod(order, 'a', 1)).toBe('b');
    expect(stepMethod(order, 'c', -1)).toBe('b');
  });
  it('wraps around at both ends', () => {
    expect(stepMethod(order, 'c', 1)).toBe('a');
    expect(stepMethod(order, 'a', -1)).toBe('c');
    expect(stepMethod(order, 'b', -4)).toBe('a'); // b(1) - 4 = -3 ≡ 0 (mod 3)
  });
  it('starts at the first method when the current one is not in the list', () => {
    expect(stepMethod(order, 'zzz', 1)).toBe('a');
  });
  it('returns null for an empty list', () => {
    expect(stepMethod([], 'a', 1)).toBeNull();
  });
});
