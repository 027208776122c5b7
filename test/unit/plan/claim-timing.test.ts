import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { claimValueThresholdWei, rewardPriceRiskApy, shouldClaim } from '../../../src/plan/claim-timing.ts';
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

describe('claim timing with reward token price risk', () => {
  const DAY = 86_400;
  // 300 ETH restaked at 2 % AVS APR: r = 6 ETH/yr; a claim costs 0.005 ETH; reinvested at 3 %.
  const base = { costWei: 5e15, rewardWeiPerSecond: 6e18 / SECONDS_PER_YEAR, reinvestApy: 0.03, minValueToCostMultiple: 3 };

  it('prices a token that fell 92 % in a year at ≈ 12× a year, and a flat one at 0', () => {
    const falling = Array.from({ length: 13 }, (_, i) => ({ timestamp: i * 30 * DAY, price: 0.001 * Math.exp((Math.log(0.08) * i) / 12) }));
    // Drift ln(0.08) per 360 days ≈ −2.56/yr: e^{2.56} − 1 ≈ 11.9.
    expect(rewardPriceRiskApy(falling)).toBeCloseTo(Math.expm1((-Math.log(0.08) * 365) / 360), 6);
    expect(rewardPriceRiskApy(Array.from({ length: 10 }, (_, i) => ({ timestamp: i * DAY, price: 0.001 })))).toBe(0);
    expect(rewardPriceRiskApy([{ timestamp: 0, price: 1 }, { timestamp: DAY, price: 0.5 }])).toBe(0);
  });

  it('counts volatility as a cost even without a trend (σ²/2)', () => {
    // Alternating ±10 % every day around a flat level.
    const choppy = Array.from({ length: 61 }, (_, i) => ({ timestamp: i * DAY, price: i % 2 === 0 ? 1 : 1.1 }));
    const risk = rewardPriceRiskApy(choppy);
    expect(risk).toBeGreaterThan(0.5);
  });

  it('claims 2 ETH of rewards in a falling token that gas alone would leave waiting', () => {
    const threshold = claimValueThresholdWei(base);
    // Gas alone: wait for ≈ 1.4 ETH … 2 ETH is past it; take 1 ETH, below it.
    expect(threshold / 1e18).toBeGreaterThan(1.3);
    expect(shouldClaim({ ...base, valueWei: 1e18 })).toBe(false);
    // The token falls 92 % a year: the threshold drops to √(2Cr/(ρ + π)) ≈ 0.07 ETH.
    const priceRiskApy = Math.expm1(-Math.log(0.08));
    expect(claimValueThresholdWei({ ...base, priceRiskApy }) / 1e18).toBeCloseTo(Math.sqrt((2 * 0.005 * 6) / (Math.log1p(0.03) + Math.log1p(priceRiskApy))), 9);
    expect(shouldClaim({ ...base, valueWei: 1e18, priceRiskApy })).toBe(true);
  });

  it('property: price risk never delays a claim', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e15, max: 1e20, noNaN: true }), fc.double({ min: 0, max: 50, noNaN: true }), (value, risk) => {
        return !shouldClaim({ ...base, valueWei: value }) || shouldClaim({ ...base, valueWei: value, priceRiskApy: risk });
      }),
    );
  });
});
