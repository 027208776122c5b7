import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { median } from '../../../src/yield/stats.ts';

/** The definition: sort, take the middle (mean of the middle two for even lengths). */
function sortedMiddle(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([2, 2, 2, 1, 2])).toBe(2);
    expect(median([-1e-9, 3e-9, 0, 0])).toBe(0);
    expect(median([])).toBeNaN();
  });

  it('puts NaN last, as a sort does', () => {
    expect(median([Number.NaN, 1, 2])).toBe(2);
    expect(median([3, Number.NaN, 1, 2])).toBe(2.5);
  });

  it('equals the sorted middle on any list, ties and sizes past its buffer included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.integer({ min: -3, max: 3 })), { minLength: 1, maxLength: 3000 }), (xs) => {
        // === and not Object.is: -0 and 0 are one value to a median.
        expect(median(xs) === sortedMiddle(xs)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves its input as it was', () => {
    const xs = [9, 8, 7, 6, 5, 4, 3, 2, 1];
    median(xs);
    expect(xs).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });
});
