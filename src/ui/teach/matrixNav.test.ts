import { describe, expect, it } from 'vitest';
import { nextError } from './MatrixNav';
import type { ValidationItem } from '../../shared/training';

const item = (id: string, trueLabel: number, predicted: number) => ({ image: { id }, trueLabel, predicted }) as unknown as ValidationItem;

describe('next error', () => {
  const validation = [item('a', 0, 0), item('b', 0, 1), item('c', 1, 1), item('d', 2, 0), item('e', 1, 1)];
  it('goes to the next misclassified image in order, wrapping round', () => {
    expect(nextError({ validation }, 'a')?.image.id).toBe('b');
    expect(nextError({ validation }, 'b')?.image.id).toBe('d');
    expect(nextError({ validation }, 'd')?.image.id).toBe('b');
    expect(nextError({ validation }, 'e')?.image.id).toBe('b');
  });
  it('is null when the current image is the only error, or there is none', () => {
    expect(nextError({ validation: [item('a', 0, 0), item('b', 1, 0)] }, 'b')).toBeNull();
    expect(nextError({ validation: [item('a', 0, 0)] }, 'a')).toBeNull();
  });
});
