import { describe, expect, it } from 'vitest';
import { initialState, type StudioState } from '../../state/store';
import type { MethodDescriptor } from '../../shared/types';
import { fakeAttribution } from './fixtures';
import { currentAttribution, shownAttributions } from './exportActions';

const method = (id: string): MethodDescriptor => ({ id, label: id, compatible: true } as MethodDescriptor);

describe('which maps an export takes', () => {
  const a = fakeAttribution();
  const base: StudioState = { ...initialState, selectedId: 'img1', methodId: 'lime', attribution: a, attributionKey: 'img1@wasm/lime/1' };
  it('single view: the map of this image and this method only (as the viewer shows it)', () => {
    expect(currentAttribution(base)).toBe(a);
    expect(currentAttribution({ ...base, selectedId: 'img2' })).toBeNull();
    expect(currentAttribution({ ...base, methodId: 'gradcam' })).toBeNull();
    expect(currentAttribution({ ...base, attributionKey: null })).toBeNull();
    expect(shownAttributions(base)).toEqual([a]);
  });
  it('compare view: the computed maps of the methods in the grid, in the registry’s order', () => {
    const g = fakeAttribution({ run: { ...a.run, method: 'gradcam' } });
    const s: StudioState = {
      ...base, mode: 'compare', methods: [method('gradcam'), method('lime'), method('rise')], compareMethods: ['lime', 'gradcam', 'rise'],
      compareResults: { lime: a, gradcam: g },
    };
    expect(shownAttributions(s)).toEqual([g, a]);
    expect(shownAttributions({ ...s, compareMethods: ['lime'] })).toEqual([a]);
  });
});
