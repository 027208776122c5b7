/**
 * The bound enters a liquid LRT as the planner does (src/plan/entry.ts): the pool up to where
 * its price reaches the rate, a mint for the rest. It used to take the pool for the whole buy
 * or not at all, so a strategy that split its entry could beat a "bound" that could not.
 */
import { describe, expect, it } from 'vitest';
import { dexEntryCost } from '../../../src/backtest/bound.ts';

// Rate 1; the pool sells at 0.985 (1.5 % under), 10 000 LRT deep, 30 bps fee.
const pool = { rate: 1, dex: { token: 10_000, weth: 9_850, keep: 0.997 } };

describe('bound entry', () => {
  it('pays 99.636 ETH for 100 ETH of LRT: 59.998 ETH on the pool for 60.363 LRT, 39.637 ETH minted', () => {
    // The whole 100 on the pool would cost 99.794 ETH, a mint 100.
    expect(dexEntryCost(pool, 100)).toBeCloseTo(99.635_634, 5);
  });

  it('takes the pool alone for a buy under its fill point: 10 ETH of LRT for 9.8895 ETH', () => {
    expect(dexEntryCost(pool, 10)).toBeCloseTo((10 * 9_850) / (9_990 * 0.997), 9);
  });

  it('mints when the pool is at the rate (its fee makes it dearer)', () => {
    expect(dexEntryCost({ rate: 1, dex: { token: 10_000, weth: 10_000, keep: 0.997 } }, 100)).toBe(100);
  });
});
