import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  WAD,
  SECONDS_PER_YEAR,
  applyBps,
  apyToPerSecond,
  apyToPerSecondWad,
  bpsOf,
  deviationBps,
  divWad,
  growthToApy,
  mulDiv,
  mulWad,
  numberToWei,
  perSecondToApy,
  subtractBps,
  weiToNumber,
} from '../../../src/domain/units.ts';

describe('wad math', () => {
  it('multiplies and divides with explicit rounding', () => {
    expect(mulWad(3n, WAD / 2n)).toBe(1n);
    expect(mulWad(3n, WAD / 2n, 'up')).toBe(2n);
    expect(divWad(1n, 3n * WAD)).toBe(0n);
    expect(divWad(1n, 3n * WAD, 'up')).toBe(1n);
    expect(mulWad(2n * WAD, 1_050_000_000_000_000_000n)).toBe(2_100_000_000_000_000_000n);
  });

  it('refuses division by zero and negative operands', () => {
    expect(() => mulDiv(1n, 1n, 0n)).toThrow(RangeError);
    expect(() => mulDiv(-1n, 1n, 1n)).toThrow(RangeError);
  });

  it('rounds up by at most one', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.bigInt({ min: 1n, max: 10n ** 24n }), (a, b) => {
        const down = divWad(a, b);
        const up = divWad(a, b, 'up');
        return up - down <= 1n && down * b <= a * WAD && up * b >= a * WAD;
      }),
    );
  });
});

describe('bps helpers', () => {
  it('applies and subtracts bps', () => {
    expect(applyBps(10_000n, 30)).toBe(30n);
    expect(subtractBps(10_000n, 30)).toBe(9_970n);
    expect(subtractBps(1n, 30, 'up')).toBe(1n);
    expect(() => applyBps(1n, 10_001)).toThrow(RangeError);
    expect(() => applyBps(1n, 1.5)).toThrow(RangeError);
  });

  it('computes weights and deviations', () => {
    expect(bpsOf(25n, 100n)).toBe(2500);
    expect(bpsOf(1n, 0n)).toBe(0);
    expect(deviationBps(990n, 1000n)).toBe(-100);
    expect(deviationBps(1_000_500n, 1_000_000n)).toBe(5);
  });
});

describe('wei and number conversions', () => {
  it('keeps precision for large amounts', () => {
    expect(weiToNumber(1_500_000_000_000_000_000n)).toBe(1.5);
    expect(weiToNumber(123_456_789n * WAD + 5n * 10n ** 17n)).toBe(123_456_789.5);
    expect(numberToWei(1.5)).toBe(1_500_000_000_000_000_000n);
    expect(numberToWei(-2)).toBe(-2n * WAD);
    expect(numberToWei(30, 9)).toBe(30_000_000_000n);
  });

  it('converts numbers of 1e21 and more, which toFixed writes in exponent notation', () => {
    expect(numberToWei(1e21)).toBe(10n ** 39n);
    // 2^80 ≈ 1.2e24 is exact in a double, so the wei are too.
    expect(numberToWei(-(2 ** 80), 9)).toBe(-(2n ** 80n) * 10n ** 9n);
  });
});

describe('APY conversions', () => {
  it('round-trips APY through the per-second rate', () => {
    fc.assert(
      fc.property(fc.double({ min: -0.5, max: 2, noNaN: true }), (apy) => Math.abs(perSecondToApy(apyToPerSecond(apy)) - apy) < 1e-12),
    );
  });

  it('derives the APY of a year of growth', () => {
    expect(growthToApy(WAD, (WAD * 105n) / 100n, SECONDS_PER_YEAR)).toBeCloseTo(0.05, 12);
    expect(growthToApy(WAD, (WAD * 1001n) / 1000n, SECONDS_PER_YEAR / 365)).toBeCloseTo(1.001 ** 365 - 1, 9);
    expect(growthToApy(0n, WAD, 1)).toBe(0);
  });

  it('gives a per-second wad factor that compounds back to the APY', () => {
    const perSecond = apyToPerSecondWad(0.035);
    const compounded = Math.pow(Number(perSecond) / 1e18, SECONDS_PER_YEAR) - 1;
    expect(compounded).toBeCloseTo(0.035, 4);
  });
});
