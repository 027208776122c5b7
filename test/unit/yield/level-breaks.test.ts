import { describe, expect, it } from 'vitest';
import { levelBreaks, withoutBreaks } from '../../../src/yield/level-breaks.ts';

// Log rates growing 0.01 per unit of x: every move beyond that growth is 0 unless stepped, so
// the bound is the floor (1e-4).
const bound = { floor: 1e-4, k: 5, jump: Number.POSITIVE_INFINITY };
const close = (v: number) => expect.closeTo(v, 9);

describe('levelBreaks', () => {
  it('finds a one-point step with normal moves on both sides', () => {
    expect(levelBreaks([0, 1, 2, 3, 4, 5], [0, 0.01, 0.02, -0.97, -0.96, -0.95], bound)).toEqual([
      { at: 3, size: close(-1), parts: [{ at: 3, size: close(-1) }], excursion: false },
    ]);
  });

  it('leaves a single bad read (out and back) and the newest point alone to outlier rejection', () => {
    expect(levelBreaks([0, 1, 2, 3, 4, 5], [0, 0.01, 0.02, -0.97, 0.04, 0.05], bound)).toEqual([]);
    expect(levelBreaks([0, 1, 2, 3, 4, 5], [0, 0.01, 0.02, 0.03, 0.04, -0.95], bound)).toEqual([]);
  });

  it('reads a drop over two samples (−0.01, −0.01) as one break of −0.02', () => {
    // Each part has a large move next to it: before the fix neither counted, and the drop was growth.
    expect(levelBreaks([0, 1, 2, 3, 4, 5, 6], [0, 0.01, 0.02, 0.02, 0.02, 0.03, 0.04], bound)).toEqual([
      {
        at: 4,
        size: close(-0.02),
        parts: [
          { at: 3, size: close(-0.01) },
          { at: 4, size: close(-0.01) },
        ],
        excursion: false,
      },
    ]);
  });

  it('reads a drop over three samples as one break, and four as the trend, not a step', () => {
    const three = levelBreaks([0, 1, 2, 3, 4, 5, 6, 7], [0, 0.01, 0.02, 0.025, 0.03, 0.035, 0.045, 0.055], bound);
    expect(three.map((b) => [b.at, b.size, b.parts.length])).toEqual([[5, close(-0.015), 3]]);
    // Growth 0.005 instead of 0.01 for four samples in a row.
    expect(levelBreaks([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0, 0.01, 0.02, 0.025, 0.03, 0.035, 0.04, 0.05, 0.06, 0.07], bound)).toEqual([]);
  });

  it('reads a bad read next to a step (−0.04 then +0.02) as the step of −0.02 it leaves', () => {
    const breaks = levelBreaks([0, 1, 2, 3, 4, 5, 6], [0, 0.01, 0.02, -0.01, 0.02, 0.03, 0.04], bound);
    expect(breaks.map((b) => [b.at, b.size, b.parts.length])).toEqual([[4, close(-0.02), 2]]);
  });

  it('takes a run of two that reaches the newest point already, not one point alone', () => {
    // Two of a week's seven daily prices cannot be rejected as outliers.
    expect(levelBreaks([0, 1, 2, 3, 4, 5], [0, 0.01, 0.02, 0.03, 0.02, 0.01], bound).map((b) => [b.at, b.size])).toEqual([[5, close(-0.04)]]);
  });

  it('reads a level that comes back days later as one excursion, not two breaks nor growth', () => {
    const xs = [0, 1, 2, 3, 4, 5, 6, 7];
    const ys = [0, 0.01, 0.02, -0.97, -0.96, -0.95, 0.06, 0.07];
    const breaks = levelBreaks(xs, ys, bound);
    expect(breaks.map((b) => [b.at, b.size, b.parts.length, b.excursion])).toEqual([[6, close(0), 2, true]]);
    expect(withoutBreaks(xs, ys, breaks)).toEqual([0, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07].map(close));
  });
});

describe('withoutBreaks', () => {
  it('takes each part of a break off the points at or after it', () => {
    const parts = [
      { at: 3, size: -0.01 },
      { at: 4, size: -0.01 },
    ];
    expect(withoutBreaks([0, 1, 2, 3, 4, 5], [0, 0.01, 0.02, 0.02, 0.02, 0.03], [{ at: 4, size: -0.02, parts, excursion: false }])).toEqual(
      [0, 0.01, 0.02, 0.03, 0.04, 0.05].map(close),
    );
  });
});
