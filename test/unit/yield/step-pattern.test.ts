import { describe, expect, it } from 'vitest';
import { judgeBreaks } from '../../../src/yield/step-pattern.ts';
import type { LevelBreak } from '../../../src/yield/level-breaks.ts';

/** A one-part break at x (days here) of log size `size`. */
const step = (at: number, size: number, excursion = false): LevelBreak => ({ at, size, parts: [{ at, size }], excursion });

describe('judgeBreaks', () => {
  it('takes two write-downs a week apart as two one-off losses, not a pattern', () => {
    const breaks = [step(5, -0.02), step(12, -0.02)];
    const judged = judgeBreaks(breaks, 30);
    expect(judged.patterns).toEqual([]);
    expect(judged.oneOff).toEqual(breaks);
    expect(judged.patternGrowth).toBe(0);
  });

  it('reads three weekly losses still coming as a negative growth: their mean size over their interval', () => {
    const judged = judgeBreaks([step(3, -0.01), step(10, -0.01), step(17, -0.01)], 22);
    expect(judged.patterns).toEqual([{ sign: -1, steps: 3, perX: expect.closeTo(-0.01 / 7, 12) }]);
    expect(judged.oneOff).toEqual([]);
    expect(judged.patternGrowth).toBeCloseTo(-0.01 / 7, 12);
  });

  it('takes a pattern whose newest step is more than two of its intervals old as stopped: one-off breaks', () => {
    // Interval 7 days: the newest loss (day 15) is overdue once more than 14 days old.
    const breaks = [step(1, -0.01), step(8, -0.01), step(15, -0.01)];
    expect(judgeBreaks(breaks, 30).patterns).toEqual([]);
    expect(judgeBreaks(breaks, 30).oneOff).toEqual(breaks);
    expect(judgeBreaks(breaks, 29).patterns).toHaveLength(1);
  });

  it('reads weekly reward payments as growth next to a one-off loss', () => {
    const loss = step(20, -0.02);
    const judged = judgeBreaks([step(2, 2e-4), step(9, 2e-4), step(16, 2e-4), loss, step(23, 2e-4)], 29);
    expect(judged.patterns).toEqual([{ sign: 1, steps: 4, perX: expect.closeTo(2e-4 / 7, 12) }]);
    expect(judged.oneOff).toEqual([loss]);
    expect(judged.breaks).toHaveLength(5);
  });

  it('never reads excursions (levels that came back) as a pattern', () => {
    const judged = judgeBreaks([step(2, -1e-5, true), step(9, -1e-5, true), step(16, -1e-5, true)], 20);
    expect(judged.patterns).toEqual([]);
    expect(judged.oneOff).toHaveLength(3);
  });
});
