import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { realisedApy, realisedApys, sharePriceWad, type SharePriceSample } from '../../../src/perf/realised-apy.ts';

const WAD = 10n ** 18n;
const DAY = 86_400;
const sample = (day: number, price: number): SharePriceSample => ({ block: day * 7_200, timestamp: day * DAY, priceWad: BigInt(Math.round(price * 1e12)) * 10n ** 6n });

describe('sharePriceWad', () => {
  it('is assets per share, undefined without shares', () => {
    expect(sharePriceWad(1_050n * WAD, 1_000n * WAD)).toBe(1_050_000_000_000_000_000n);
    expect(sharePriceWad(5n, 0n)).toBeUndefined();
  });
});

describe('realisedApy', () => {
  it('annualises the growth over the window', () => {
    // 1.0 → 1.0025 in 30 days: (1.0025)^(365/30) − 1 = 3.0845%
    const samples = [sample(0, 1), sample(10, 1.001), sample(30, 1.0025)];
    const month = realisedApy(samples, 30 * DAY);
    expect(month?.apy).toBeCloseTo(0.030845, 5);
    expect(month?.growth).toBeCloseTo(0.0025, 9);
    expect(month?.fromTimestamp).toBe(0);
    // The last 20 days: 1.001 → 1.0025, (1.0025/1.001)^(365/20) − 1 = 2.7704%
    expect(realisedApy(samples, 20 * DAY)?.apy).toBeCloseTo(0.027704, 5);
  });

  it('shows a loss as a negative APY', () => {
    const apy = realisedApy([sample(0, 1), sample(7, 0.99)], 7 * DAY)?.apy ?? 0;
    // 0.99^(365/7) − 1 = −40.79%
    expect(apy).toBeCloseTo(-0.40788, 4);
  });

  it('reports nothing for a window the samples cover less than half of', () => {
    const samples = [sample(0, 1), sample(2, 1.0002)];
    expect(realisedApy(samples, 7 * DAY)).toBeUndefined();
    expect(realisedApy(samples, 3 * DAY)?.apy).toBeGreaterThan(0);
    expect(realisedApy([sample(0, 1), { block: 2, timestamp: 3_600, priceWad: WAD }], Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(realisedApy([], DAY)).toBeUndefined();
  });

  it('gives every window at once', () => {
    const samples = Array.from({ length: 31 }, (_, d) => sample(d, 1 + d * 0.0001));
    const all = realisedApys(samples);
    expect(Object.keys(all)).toEqual(['1d', '7d', '30d', 'inception']);
    expect(all['30d']?.apy).toBeCloseTo(all.inception?.apy ?? 0, 12);
    expect(all['1d']?.fromTimestamp).toBe(29 * DAY);
  });

  it('matches a constant compounding rate whatever the sampling', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.2, max: 0.5, noNaN: true }), fc.integer({ min: 2, max: 60 }), (apy, days) => {
        const samples = Array.from({ length: days + 1 }, (_, d) => sample(d, Math.pow(1 + apy, (d * DAY) / (365 * DAY))));
        const got = realisedApy(samples, Number.POSITIVE_INFINITY)?.apy ?? Number.NaN;
        expect(Math.abs(got - apy)).toBeLessThan(1e-4);
      }),
    );
  });
});
