/** The shipped ezETH depeg scenario matches its sources: a $688 low is about 0.22 ETH, not 0.688. */
import { describe, expect, it } from 'vitest';
import { buildMarket } from '../../../src/backtest/market.ts';
import { loadScenario } from '../../../src/backtest/scenario-load.ts';
import { weiToNumber } from '../../../src/domain/units.ts';

describe('ezeth-depeg scenario', () => {
  it('bottoms near 0.22 ETH for one hourly step, in a pool of 8,500 ETH thinned to 3,200 ETH', async () => {
    const scenario = await loadScenario(new URL('../../../scenarios/ezeth-depeg.json', import.meta.url).pathname);
    const market = buildMarket(scenario);
    const mid = (s: number): number => {
      const dex = market[s]?.lrt.ezETH?.dex;
      return dex === undefined ? 0 : weiToNumber(dex.weth) / weiToNumber(dex.token);
    };
    // $688 at ETH ≈ $3,150 is 0.218 ETH; the protocol rate was about 1.01.
    expect(mid(240)).toBeGreaterThan(0.21);
    expect(mid(240)).toBeLessThan(0.23);
    expect(market[240]?.lrt.ezETH?.dexDiscountBps).toBe(7800);
    // Under an hour at the bottom: half the discount an hour later, about 2 % after two.
    expect(market[241]?.lrt.ezETH?.dexDiscountBps).toBe(3900);
    expect(market[242]?.lrt.ezETH?.dexDiscountBps).toBe(200);
    expect(weiToNumber(market[239]?.lrt.ezETH?.dex?.weth ?? 0n)).toBeCloseTo(8500, 6);
    expect(weiToNumber(market[242]?.lrt.ezETH?.dex?.weth ?? 0n)).toBeCloseTo(3200, 6);
    expect(scenario.doc.sources.some((s) => s.includes('$688') && s.includes('0.22 ETH'))).toBe(true);
  });
});
