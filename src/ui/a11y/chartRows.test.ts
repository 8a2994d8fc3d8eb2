import { describe, expect, it } from 'vitest';
import { cell, epochRows } from './chartRows';

describe('epochRows', () => {
  it('pairs each validation point with the last training point at or before it, and adds the epoch in progress', () => {
    const train = [
      { x: 0.5, loss: 1.2, acc: 0.4 },
      { x: 1, loss: 0.9, acc: 0.6 },
      { x: 1.5, loss: 0.7, acc: 0.7 },
      { x: 2, loss: 0.5, acc: 0.8 },
      { x: 2.5, loss: 0.45, acc: 0.85 },
    ];
    const val = [
      { x: 1, loss: 1.0, acc: 0.55 },
      { x: 2, loss: 0.6, acc: 0.75 },
    ];
    expect(epochRows(train, val)).toEqual([
      [1, 0.9, 0.6, 1.0, 0.55],
      [2, 0.5, 0.8, 0.6, 0.75],
      [2.5, 0.45, 0.85, undefined, undefined],
    ]);
  });
  it('no points, no rows; validation before any training point has no training values', () => {
    expect(epochRows([], [])).toEqual([]);
    expect(epochRows([], [{ x: 1, loss: 2, acc: 0.5 }])).toEqual([[1, undefined, undefined, 2, 0.5]]);
  });
});

describe('cell', () => {
  it('keeps 3 significant digits and shows a dash for what is not a number', () => {
    expect(cell(0.123456, 'en')).toBe('0.123');
    expect(cell(1234.5, 'en')).toBe('1,230');
    expect(cell(NaN, 'en')).toBe('—');
    expect(cell(undefined, 'en')).toBe('—');
  });
});
