/**
 * Buy cost by the cheaper entry (issue 10 item 2): a sound LRT trading 1.5 % under its rate is
 * an opportunity for a small buy (the pool pays more LRT than a mint) and a cost for a buy
 * too large for the pool (the mint pays par for tokens the market prices 1.5 % lower).
 */
import { describe, expect, it } from 'vitest';
import { buyCost, cheapDexSlice, marketDiscount, type CostContext } from '../../../strategies/lib/switching-costs.ts';
import { dexEntryGain } from '../../../src/plan/entry.ts';
import { E, WEETH, WEETH_RESTAKED, observation, snapshot } from '../domain/fixtures.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';

/** A 10 000 LRT / 9 850 ETH pool against a rate of 1: mid 1.5 % under the rate. */
const discounted = observation('weETH', 10n, { dex: { token: 10_000n * E, weth: 9_850n * E } });
const ctx = (totalEth: bigint): CostContext => ({ snapshot: snapshot(0n, [discounted]), totalWei: totalEth * E, opportunityApy: 0.03, maxSlippageBpsPerSwap: 60, maxTurnoverPerDayBps: 2000, safetyMultiple: 2 });

describe('entry cost', () => {
  it('reads the market discount from the pool mid: 1.5 %', () => {
    expect(marketDiscount(discounted)).toBeCloseTo(0.015, 12);
  });

  it('reads it from the deepest venue: a V3 pool alone, or deeper than a thin V2 pair at par', () => {
    const v3 = (spotRateWad: bigint, wethDepth: bigint) => ({ kind: 'uniswap-v3', label: 'weETH/WETH uniswap-v3', spotRateWad, wethDepth, ladder: [], buyLadder: [] });
    // rate 1.0 (observation's default): a V3 pool at 0.985 ETH per weETH, 20 000 ETH deep.
    const v3Only = observation('weETH', 10n, { venues: [v3(985n * 10n ** 15n, 20_000n * E)] });
    expect(marketDiscount(v3Only)).toBeCloseTo(0.015, 12);
    // A 100 ETH V2 pair at par does not hide the 2 % discount of the 20 000 ETH V3 pool.
    const both = observation('weETH', 10n, { dex: { token: 100n * E, weth: 100n * E }, venues: [v3(98n * 10n ** 16n, 20_000n * E)] });
    expect(marketDiscount(both)).toBeCloseTo(0.02, 12);
    expect(marketDiscount(observation('weETH', 10n, { venues: [v3(101n * 10n ** 16n, 20_000n * E)] }))).toBe(0);
  });

  it('a 5 ETH buy (50 ETH vault) on the pool gets 5.0583 weETH for 5 ETH: 1.17 % more than a mint', () => {
    // 5 × 0.997 × 10 000 / (9 850 + 5 × 0.997) = 5.05834 weETH
    expect(dexEntryGain(WEETH, discounted, 5n * E)).toBeCloseTo(0.011669, 5);
    // worth the rate through weETH's 7-day queue at 3 % (0.0575 %), less 200 000 gas × 10 gwei on 5 ETH (0.04 %): a negative cost
    expect(buyCost(WEETH, ctx(50n), discounted)).toBeCloseTo(-0.011669 + 0.000575 + 0.0004, 5);
  });

  it('a 5000 ETH buy (50 000 ETH vault) mints: the pool pays only 3360 weETH, and the mint costs the 1.5 % discount', () => {
    expect(dexEntryGain(WEETH, discounted, 5000n * E)).toBe(0);
    expect(buyCost(WEETH, ctx(50_000n), discounted)).toBeCloseTo(0.015 + 0.0000004, 9);
  });

  it('the cheaper first slice is the 60.0 ETH that lift the pool to the rate ((9850 + 0.997x)² = 0.997 × 10 000 × 9850): 0.607 % more than a mint on average', () => {
    const slice = cheapDexSlice(WEETH, ctx(50_000n), discounted);
    // 60.0 ETH of 50 000 ETH: 11 bps (floored); gain 0.6073 % less the queue's 0.0575 % and 200 000 gas × 10 gwei on 60 ETH (0.0033 %)
    expect(slice?.maxBps).toBe(11);
    expect(slice?.cost).toBeCloseTo(-0.006073 + 0.000575 + 0.0000333, 5);
    expect(cheapDexSlice(WEETH, ctx(50n), discounted)?.maxBps).toBe(11_999);
  });

  it('counts no gain on an LRT that cannot be redeemed at par (DEX only): only the market could close its discount', () => {
    const dexOnly = { ...WEETH, exits: { dex: { feeBps: 30 } } };
    expect(cheapDexSlice(dexOnly, ctx(50_000n), discounted)).toBeUndefined();
    // Worth the pool's mid (1.5 % under the rate) and no more: the 1.17 % more LRT than a mint
    // is paid for with the pool's fee and impact above its mid, 1.5 − 1.17 = 0.33 %, plus the
    // gas (it read as the gas alone, so a large buy on a paused LRT's pool looked free).
    expect(buyCost(dexOnly, ctx(50n), discounted)).toBeCloseTo(0.015 - 0.011669 + 0.0004, 5);
  });

  it('a paused LRT bought on its pool costs the fee and impact above its mid: 50 ETH into a 20 000 ETH ezETH pool 80 bps under its rate', () => {
    // 500 ETH vault: the typical trade is 50 ETH (half of 2000 bps). Pool 20 000 ezETH /
    // 19 840 ETH, 5 bps fee: 50 × 0.9995 × 20 000 / (19 840 + 49.975) = 50.2514 ezETH, 0.503 %
    // more than a mint; worth the mid 0.992 only, so 0.8 − 0.503 = 0.297 % is lost.
    const ez: PositionSpec = { ...WEETH, id: 'ezETH', symbol: 'ezETH', exits: { dex: { feeBps: 5 } } };
    const pool = observation('ezETH', 0n, { liquidBalance: 0n, dex: { token: 20_000n * E, weth: 19_840n * E } });
    const c: CostContext = { snapshot: snapshot(0n, [pool], { baseFeeWei: 0n }), totalWei: 500n * E, opportunityApy: 0.031, maxSlippageBpsPerSwap: 60, maxTurnoverPerDayBps: 2000, safetyMultiple: 2 };
    expect(dexEntryGain(ez, pool, 50n * E)).toBeCloseTo(0.005028, 5);
    expect(buyCost(ez, c, pool)).toBeCloseTo(0.008 - 0.005028, 5);
    // With a 7-day queue open the token is worth par less 7 days at 3.1 % (0.059 %): a gain.
    const open: PositionSpec = { ...ez, exits: { ...ez.exits, queued: { delaySeconds: 7 * 86_400 } } };
    expect(buyCost(open, c, pool)).toBeCloseTo((7 / 365) * 0.031 - 0.005028, 5);
  });

  it('has no cheaper slice at or above the rate, nor for a restaked position', () => {
    expect(cheapDexSlice(WEETH, ctx(50_000n), observation('weETH', 10n))).toBeUndefined();
    expect(cheapDexSlice(WEETH_RESTAKED, ctx(50_000n), { ...discounted, positionId: 'weETH-restaked' })).toBeUndefined();
  });

  it('a restaked position mints and restakes: gas only, no discount either way', () => {
    expect(buyCost(WEETH_RESTAKED, ctx(50n), { ...discounted, positionId: 'weETH-restaked' })).toBeCloseTo(0.0008, 9);
  });
});

describe('cheap DEX slice, worth its own transaction', () => {
  // 50 000 ETH vault; ezETH's pool 30 bps under the rate, 20 000 deep, 5 bps fee, 7-day queue:
  // 25 ETH lift it to the rate and gain ~0.12 % over a mint, 0.06 % of it realisable at par
  // after the queue's 7 days at 3.1 %. Arbitrage puts the discount back every tick.
  const ez: PositionSpec = { ...WEETH, id: 'ezETH', symbol: 'ezETH', exits: { dex: { feeBps: 5 }, queued: { delaySeconds: 7 * 86_400 } } };
  const pool = observation('ezETH', 0n, { liquidBalance: 0n, dex: { token: 20_000n * E, weth: 19_940n * E } });
  const at = (gwei: bigint): CostContext => ({ snapshot: snapshot(0n, [pool], { baseFeeWei: gwei * 1_000_000_000n }), totalWei: 50_000n * E, opportunityApy: 0.031, maxSlippageBpsPerSwap: 60, maxTurnoverPerDayBps: 2000, safetyMultiple: 2 });

  it('is not offered at 55 gwei, where its gain does not beat 2 × its gas (it was bought every tick)', () => {
    expect(cheapDexSlice(ez, at(55n), pool)).toBeUndefined();
  });

  it('is offered at 10 gwei: 4 bps of the vault at a net gain', () => {
    const slice = cheapDexSlice(ez, at(10n), pool);
    expect(slice?.maxBps).toBe(4);
    expect(slice?.cost).toBeCloseTo(-0.000578, 6);
  });
});

describe('buy size for the gas of a buy from idle cash', () => {
  // 50 ETH vault, 2000 bps of daily turnover, a weETH pool at par (no discount either way):
  // the cost is the deposit's gas alone, 200 000 gas × 10 gwei = 0.002 ETH.
  const par = observation('weETH', 10n);
  const withCash = (cashEth?: bigint): CostContext => ({
    snapshot: snapshot(0n, [par]),
    totalWei: 50n * E,
    opportunityApy: 0.03,
    maxSlippageBpsPerSwap: 60,
    maxTurnoverPerDayBps: 2000,
    safetyMultiple: 2,
    ...(cashEth === undefined ? {} : { cashNowWei: cashEth * E }),
  });

  it('a sale-funded buy is half the day turnover: 0.002 ETH on 5 ETH', () => {
    expect(buyCost(WEETH, withCash(), par)).toBeCloseTo(0.0004, 9);
    expect(buyCost(WEETH, withCash(3n), par)).toBeCloseTo(0.0004, 9);
  });

  it('idle cash is bought in one deposit of up to the whole day turnover: 0.002 ETH on 7 ETH, and on 10 ETH of 14', () => {
    expect(buyCost(WEETH, withCash(7n), par)).toBeCloseTo(0.002 / 7, 9);
    expect(buyCost(WEETH, withCash(14n), par)).toBeCloseTo(0.0002, 9);
  });
});
