import { describe, expect, it } from 'vitest';
import { rovingIndex } from './roving';

describe('rovingIndex (APG roving tabindex)', () => {
  it('moves one step with the arrows of its orientation and wraps at both ends', () => {
    expect(rovingIndex('ArrowRight', 0, 3, 'horizontal')).toBe(1);
    expect(rovingIndex('ArrowRight', 2, 3, 'horizontal')).toBe(0);
    expect(rovingIndex('ArrowLeft', 0, 3, 'horizontal')).toBe(2);
    expect(rovingIndex('ArrowDown', 1, 3, 'vertical')).toBe(2);
    expect(rovingIndex('ArrowUp', 1, 3, 'vertical')).toBe(0);
    expect(rovingIndex('ArrowDown', 4, 9, 'both')).toBe(5);
    expect(rovingIndex('ArrowLeft', 4, 9, 'both')).toBe(3);
  });
  it('ignores the arrows of the other orientation and non-navigation keys', () => {
    expect(rovingIndex('ArrowDown', 0, 3, 'horizontal')).toBeNull();
    expect(rovingIndex('ArrowLeft', 0, 3, 'vertical')).toBeNull();
    expect(rovingIndex('Enter', 0, 3, 'both')).toBeNull();
    expect(rovingIndex('a', 0, 3, 'both')).toBeNull();
  });
  it('Home and End go to the first and last item; no items gives null', () => {
    expect(rovingIndex('Home', 5, 7, 'both')).toBe(0);
    expect(rovingIndex('End', 0, 7, 'horizontal')).toBe(6);
    expect(rovingIndex('Home', 0, 0, 'both')).toBeNull();
  });
});
