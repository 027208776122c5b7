import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { claimValueThresholdWei, shouldClaim } from '../../../src/plan/claim-timing.ts';
import { SECONDS_PER_YEAR } from '../../../src/domain/units.ts';

describe('claim timing', () => {
  it('claims once the accrued value reaches r·T* = √(2Cr/ρ)', () => {
    // 300 ETH restaked at 2 % AVS APR: r = 6 ETH/yr; C = 0.005 ETH; ρ = ln(1.03)/yr.
    const r = 6e18 / SECONDS_PER_YEAR;
    const threshold = claimValueThresholdWei({ costWei: 5e15, rewardWeiPerSecond: r, reinvestApy: 0.03 });
    expect(threshold / 1e18).toBeCloseTo(Math.sqrt((2 * 0.005 * 6) / Math.log1p(0.03)), 9);
    const base = { costWei: 5e15, rewardWeiPerSecond: r, reinvestApy: 0.03, minValueToCostMultiple: 3 };
    expect(shouldClaim({ ...base, valueWei: threshold * 0.99 })).toBe(false);
    expect(shouldClaim({ ...base, valueWei: threshold * 1.01 })).toBe(true);
  });

  it('with rewards stopped, waiting gains nothing: only the value floor applies', () => {
    const base = { costWei: 5e15, rewardWeiPerSecond: 0, reinvestApy: 0.03, minValueToCostMultiple: 3 };
    expect(shouldClaim({ ...base, valueWei: 1.6e16 })).toBe(true);
    expect(shouldClaim({ ...base, valueWei: 1.5e16 })).toBe(false);
  });

  it('property: the threshold interval minimises the cost rate C/T + ρrT/2', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e6, max: 1e14, noNaN: true }), fc.double({ min: 1e13, max: 1e17, noNaN: true }), fc.double({ min: 0.001, max: 0.2, noNaN: true }), (r, c, apy) => {
        const rho = Math.log1p(apy) / SECONDS_PER_YEAR;
        const tStar = claimValueThresholdWei({ costWei: c, rewardWeiPerSecond: r, reinvestApy: apy }) / r;
        const f = (t: number): number => c / t + (rho * r * t) / 2;
        return f(tStar) <= f(tStar * 1.1) * (1 + 1e-12) && f(tStar) <= f(tStar * 0.9) * (1 + 1e-12);
      }),
    );
  });
});
