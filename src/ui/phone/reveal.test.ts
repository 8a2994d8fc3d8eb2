import { describe, expect, it } from 'vitest';
import { shouldReveal } from './reveal';

describe('shouldReveal (scroll the map into view after adding or picking an image)', () => {
  it('does not move the page for the studio\'s own first selection', () => {
    expect(shouldReveal(undefined, 'demo-1', true)).toBe(false);
  });
  it('reveals a newly picked or added image on a stacked layout', () => {
    expect(shouldReveal('demo-1', 'mine-7', true)).toBe(true);
    expect(shouldReveal(null, 'mine-7', true)).toBe(true); // the gallery was empty
  });
  it('stays put when the layout has columns (the map is beside the gallery)', () => {
    expect(shouldReveal('demo-1', 'mine-7', false)).toBe(false);
  });
  it('stays put when nothing changed or the last image was removed', () => {
    expect(shouldReveal('demo-1', 'demo-1', true)).toBe(false);
    expect(shouldReveal('demo-1', null, true)).toBe(false);
  });
});
