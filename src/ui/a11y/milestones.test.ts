import { describe, expect, it } from 'vitest';
import { milestoneReached } from './milestones';

describe('milestoneReached', () => {
  it('announces each quarter once, skipping to the largest one passed', () => {
    expect(milestoneReached(10, 100, 0)).toBeNull();
    expect(milestoneReached(25, 100, 0)).toBe(0.25);
    expect(milestoneReached(30, 100, 0.25)).toBeNull();
    expect(milestoneReached(80, 100, 0.25)).toBe(0.75); // a jump from 25% to 80%: one announcement, not two
    expect(milestoneReached(100, 100, 0.75)).toBeNull(); // completion is announced by the result, not here
  });
  it('says nothing for a progress without a total', () => {
    expect(milestoneReached(0, 0, 0)).toBeNull();
    expect(milestoneReached(5, NaN, 0)).toBeNull();
  });
});
