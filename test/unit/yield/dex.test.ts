import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { getAmountOut, maxSellWithinLoss, midPriceWad, sellTokenForWeth } from '../../../src/yield/dex.ts';

const E = 10n ** 18n;

describe('Uniswap V2 math', () => {
  it('matches getAmountOut of UniswapV2Library to the wei', () => {
    expect(getAmountOut(E, 100n * E, 100n * E)).toBe(987_158_034_397_061_298n);
    expect(getAmountOut(10n * E, 1000n * E, 1000n * E)).toBe(9_871_580_343_970_612_988n);
    expect(getAmountOut(0n, E, E)).toBe(0n);
    expect(getAmountOut(E, 0n, E)).toBe(0n);
  });

  it('equals the 997/1000 form for every input', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 27n }), fc.bigInt({ min: 1n, max: 10n ** 27n }), fc.bigInt({ min: 1n, max: 10n ** 27n }), (a, rIn, rOut) => {
        const v2 = (a * 997n * rOut) / (rIn * 1000n + a * 997n);
        return getAmountOut(a, rIn, rOut) === v2;
      }),
    );
  });

  it('property: slippage grows with size', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n ** 12n, max: 10n ** 22n }),
        fc.bigInt({ min: 10n ** 12n, max: 10n ** 22n }),
        fc.bigInt({ min: 10n ** 20n, max: 10n ** 24n }),
        fc.bigInt({ min: 10n ** 20n, max: 10n ** 24n }),
        (x, y, rT, rW) => {
          const [small, big] = x < y ? [x, y] : [y, x];
          const reserves = { token: rT, weth: rW };
          const outSmall = sellTokenForWeth(small, reserves);
          const outBig = sellTokenForWeth(big, reserves);
          // Average price per unit does not improve with size: outBig/big <= outSmall/small.
          return outBig * small <= outSmall * big + big && outBig >= outSmall;
        },
      ),
    );
  });

  it('finds the largest sale within a loss bound', () => {
    const reserves = { token: 1000n * E, weth: 1000n * E };
    const max = maxSellWithinLoss(reserves, midPriceWad(reserves), 50);
    const within = (x: bigint) => (x - sellTokenForWeth(x, reserves)) * 10_000n <= x * 50n;
    expect(within(max)).toBe(true);
    expect(within(max + 1n)).toBe(false);
    expect(max / E).toBe(2n);
    // The fee alone is 30 bps: nothing sells within 20.
    expect(maxSellWithinLoss(reserves, midPriceWad(reserves), 20)).toBe(0n);
  });
});
