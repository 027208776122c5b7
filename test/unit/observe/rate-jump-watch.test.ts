/**
 * A rate that moved beyond the jump limit is refused, but one that holds its new level is a
 * real move (a loss written off at once): it is accepted after the confirmation time, or the
 * keeper, which stores only accepted samples, would judge every later read against the old
 * level and stay blind for good.
 */
import { describe, expect, it } from 'vitest';
import { RateJumpWatch } from '../../../src/observe/rate-jump-watch.ts';

const E = 10n ** 18n;
const stored = { ezETH: { timestamp: 0, rateWad: E } };
const read = (watch: RateJumpWatch, rate: bigint, at: number) => [...watch.confirmed('main', { ezETH: rate }, stored, at, 100)];

describe('rate jump watch', () => {
  it('accepts a 2 % drop that holds for 600 s, and not before', () => {
    const watch = new RateJumpWatch(600);
    expect(read(watch, 98n * E / 100n, 12)).toEqual([]);
    expect(read(watch, 98n * E / 100n, 300)).toEqual([]);
    // 0.9801: within the limit of the first read at the new level, 600 s after it.
    expect(read(watch, 9_801n * E / 10_000n, 612)).toEqual(['ezETH']);
    expect(read(watch, 9_801n * E / 10_000n, 624)).toEqual(['ezETH']);
  });

  it('forgets a move that came back within the limit, and starts over on another jump', () => {
    const watch = new RateJumpWatch(600);
    read(watch, 98n * E / 100n, 12);
    expect(read(watch, E, 24)).toEqual([]);
    expect(read(watch, 98n * E / 100n, 612)).toEqual([]);
    // 0.95 is 306 bps from the 0.98 first read: a new candidate from 700.
    expect(read(watch, 95n * E / 100n, 700)).toEqual([]);
    expect(read(watch, 95n * E / 100n, 1_299)).toEqual([]);
    expect(read(watch, 95n * E / 100n, 1_300)).toEqual(['ezETH']);
  });

  it('keeps vaults apart and never confirms a zero rate', () => {
    const watch = new RateJumpWatch(600);
    watch.confirmed('main', { ezETH: 98n * E / 100n }, stored, 0, 100);
    expect([...watch.confirmed('eoa', { ezETH: 98n * E / 100n }, stored, 600, 100)]).toEqual([]);
    watch.confirmed('main', { ezETH: 0n }, stored, 10, 100);
    expect([...watch.confirmed('main', { ezETH: 0n }, stored, 700, 100)]).toEqual([]);
  });
});
