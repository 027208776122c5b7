/**
 * Which level breaks of a rate's history are one-off and which recur, and what the recurring
 * ones add to its growth.
 *
 * Every break is taken off the series before the trend fit (level-breaks.ts): a step left in
 * a 7-day fit is read from −50 % to +3.3 % on alternate days as the robust line, outlier
 * rejection and the change-of-trend split each take it differently. Steps of one sign that
 * recur are how the rate grows or shrinks (rewards paid into the rate every week, a fee or a
 * loss booked every week), so their rate is added back to the growth explicitly: their mean
 * size over their mean interval. The interval is measured between the steps, not as the
 * history's span over their count: the span holds 4 or 5 weekly steps (3 or 4 while the
 * newest of a daily price waits a day for its confirmation) depending on where the week falls,
 * and read 1 %/yr of weekly rewards as 0.73 to 0.97 %/yr from one day to the next.
 *
 * What separates a pattern from separate events is evidence that they come on a schedule and
 * are still coming:
 * - three steps of one sign at least (MIN_PATTERN_STEPS). One incident is often booked as two
 *   steps (a write-down, then its true-up days later; a gain and a correction), so two say
 *   nothing about a schedule, while a weekly reward or loss shows four times in the 30-day
 *   history the keeper judges on. Two write-downs a week apart are two losses, each taken off
 *   as a level break: the vault has already taken them, and reading them as a yield (−81 %/yr
 *   on the 7-day fit) sells the LRT after the loss, paying the exit on top. Two +2 % gains a week apart are
 *   likewise not +100 %/yr.
 * - the newest of them no older than OVERDUE_GAPS of the pattern's interval, the rule the
 *   trend fit uses for an overdue update: a pattern that stopped is not a yield, and its steps
 *   are one-off level breaks from then on.
 * A recurring loss that passes both IS a negative yield, and the estimate says so.
 */
import type { LevelBreak } from './level-breaks.ts';

/** Steps of one sign needed before they are a pattern (see above: two can be one incident). */
export const MIN_PATTERN_STEPS = 3;
/** A pattern whose newest step is older than this many of its intervals has stopped. */
const OVERDUE_GAPS = 2;

export interface StepPattern {
  /** Steps of this sign recur: taken off the series and their rate added to the growth. */
  readonly sign: 1 | -1;
  readonly steps: number;
  /** Log growth the pattern adds per unit of x (negative for losses). */
  readonly perX: number;
}

export interface JudgedBreaks {
  /** Every break (one-off, excursion or recurring): all are taken off the series. */
  readonly breaks: readonly LevelBreak[];
  readonly oneOff: readonly LevelBreak[];
  readonly patterns: readonly StepPattern[];
  /** Sum of the patterns' perX. */
  readonly patternGrowth: number;
}

/**
 * Breaks found in a history whose newest point is at newestX, sorted by x.
 * @example judgeBreaks([{ at: 7, size: -0.01, … }, { at: 14, size: -0.01, … }, { at: 21, size: -0.01, … }], 24)
 *   // patterns: [{ sign: -1, steps: 3, perX: -0.01 / 7 }]
 */
export function judgeBreaks(breaks: readonly LevelBreak[], newestX: number): JudgedBreaks {
  const patterns: StepPattern[] = [];
  const recurring = new Set<LevelBreak>();
  for (const sign of [1, -1] as const) {
    const steps = breaks.filter((b) => !b.excursion && Math.sign(b.size) === sign);
    const first = steps[0];
    const newest = steps[steps.length - 1];
    if (first === undefined || newest === undefined || steps.length < MIN_PATTERN_STEPS) continue;
    const interval = (newest.at - first.at) / (steps.length - 1);
    if (!(interval > 0) || newestX - newest.at > OVERDUE_GAPS * interval) continue;
    for (const s of steps) recurring.add(s);
    const meanSize = steps.reduce((sum, s) => sum + s.size, 0) / steps.length;
    patterns.push({ sign, steps: steps.length, perX: meanSize / interval });
  }
  return {
    breaks,
    oneOff: breaks.filter((b) => !recurring.has(b)),
    patterns,
    patternGrowth: patterns.reduce((sum, p) => sum + p.perX, 0),
  };
}
