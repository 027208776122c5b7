import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bandTicks, isToken0, rateFromSqrtPriceX96, sqrt, sqrtPriceX96FromRate, virtualWethReserve } from '../../../src/protocols/uniswap/v3-math.ts';
import { deepest, depegBpsFromDeepest } from '../../../src/protocols/uniswap/venue.ts';

const Q96 = 2n ** 96n;

describe('Uniswap V3 price arithmetic', () => {
  it('literal values', () => {
    expect(sqrtPriceX96FromRate(10n ** 18n, true)).toBe(Q96);
    expect(sqrtPriceX96FromRate(4n * 10n ** 18n, true)).toBe(2n * Q96);
    expect(sqrtPriceX96FromRate(4n * 10n ** 18n, false)).toBe(Q96 / 2n);
    expect(rateFromSqrtPriceX96(2n * Q96, true)).toBe(4n * 10n ** 18n);
    expect(sqrt(99n)).toBe(9n);
    expect(sqrt(10n ** 36n)).toBe(10n ** 18n);
    expect(isToken0('0x00000000000000000000000000000000000000a1', '0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2')).toBe(true);
    // L = 1e21 at price 1: a constant-product pool of the same depth holds 1,000 WETH.
    expect(virtualWethReserve(10n ** 21n, Q96, true)).toBe(10n ** 21n);
  });

  it('rate → sqrtPriceX96 → rate round-trips within 1e-12 either way round', () => {
    fc.assert(fc.property(fc.bigInt({ min: 5n * 10n ** 17n, max: 2n * 10n ** 18n }), fc.boolean(), (rate, first) => {
      const back = rateFromSqrtPriceX96(sqrtPriceX96FromRate(rate, first), first);
      const diff = back > rate ? back - rate : rate - back;
      expect(diff * 10n ** 12n).toBeLessThanOrEqual(rate);
    }));
  });

  it('integer square root is the floor', () => {
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 200n }), (v) => {
      const r = sqrt(v);
      expect(r * r <= v && (r + 1n) * (r + 1n) > v).toBe(true);
    }));
  });

  it('a band brackets the price and is aligned to the tick spacing', () => {
    const { lower, upper } = bandTicks(1_050_000_000_000_000_000n, true, 50, 10);
    const tick = Math.log(1.05) / Math.log(1.0001);
    expect(lower % 10).toBe(0);
    expect(upper % 10).toBe(0);
    expect(lower).toBeLessThan(tick);
    expect(upper).toBeGreaterThan(tick);
  });

  it('depeg is read from the deepest venue', () => {
    const thin = { spotRateWad: 900_000_000_000_000_000n, wethDepth: 10n ** 18n };
    const deep = { spotRateWad: 995_000_000_000_000_000n, wethDepth: 10n ** 21n };
    expect(deepest([thin, deep])).toBe(deep);
    expect(depegBpsFromDeepest([thin, deep], 10n ** 18n)).toBe(50);
    expect(depegBpsFromDeepest([], 10n ** 18n)).toBeUndefined();
  });
});
