import { describe, expect, it } from 'vitest';
import { gasGrowth, gasTolerance } from '../../../src/risk/gas-growth.ts';

const ETH = 10n ** 18n;

describe('gas paid from the vault raises every weight', () => {
  it('grows weights by T / (T − gas)', () => {
    // 0.0235 ETH of gas on 50 ETH: a group at 3999.7 bps ends at 4001.58.
    const g = gasGrowth(50n * ETH, 235n * 10n ** 14n);
    expect(g).toBeCloseTo(50 / 49.9765, 12);
    expect(3999.7 * g).toBeCloseTo(4001.58, 2);
    expect(gasGrowth(50n * ETH, undefined)).toBe(1);
    expect(gasGrowth(50n * ETH, 0n)).toBe(1);
    expect(gasGrowth(50n * ETH, 50n * ETH)).toBe(Number.POSITIVE_INFINITY);
  });

  it('tolerates the gas that takes the tightest group to its cap and the 1 bp of rounding', () => {
    // 3999.7 of 4000 (+1): 50 · (1 − 3999.7 / 4001) = 0.016244… ETH; a group at 2000 bps tolerates far more.
    const t = gasTolerance([{ exactBps: 2000, capBps: 4000 }, { exactBps: 3999.7, capBps: 4000 }], 50n * ETH).gasToleranceWei ?? 0n;
    expect(Number(t) / 1e18).toBeCloseTo(0.0162459, 6);
    // That much gas leaves the group at the cap plus the rounding, not past it.
    expect(3999.7 * gasGrowth(50n * ETH, t)).toBeLessThanOrEqual(4001 + 1e-9);
    expect(3999.7 * gasGrowth(50n * ETH, t + 10n ** 14n)).toBeGreaterThan(4001);
  });

  it('tolerates no gas for a group already past, and says nothing without a holding', () => {
    expect(gasTolerance([{ exactBps: 4001.5, capBps: 4000 }], 50n * ETH).gasToleranceWei).toBe(0n);
    expect(gasTolerance([{ exactBps: 0, capBps: 4000 }], 50n * ETH)).toEqual({});
    expect(gasTolerance([], 50n * ETH)).toEqual({});
  });
});
