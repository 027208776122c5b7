import { describe, expect, it } from 'vitest';
import { cheapestExit, delayCostWei, dexExitQuote, exitQuotes, instantExitQuote, minOutLossBps, queuedExitQuote } from '../../../src/yield/exit-cost.ts';
import type { PositionObservation } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import { subtractBps } from '../../../src/domain/units.ts';

const E = 10n ** 18n;
const obs: PositionObservation = {
  positionId: 'weETH',
  rateWad: E,
  dex: { token: 1000n * E, weth: 1000n * E },
  liquidBalance: 50n * E,
  instantLiquidity: 5n * E,
  valueWei: 50n * E,
};
const spec: PositionSpec = {
  id: 'weETH',
  symbol: 'weETH',
  protocol: 'etherfi',
  token: '0x00000000000000000000000000000000000000e1',
  exits: { dex: { feeBps: 30 }, instant: { feeBps: 20 }, queued: { delaySeconds: 30 * 86_400 } },
  riskTier: 1,
};

describe('exit quotes', () => {
  it('prices a DEX sale exactly', () => {
    const q = dexExitQuote(10n * E, obs, 30);
    expect(q?.expectedOutWei).toBe(9_871_580_343_970_612_988n);
    expect(q?.slippageWei).toBe(10n * E - 9_871_580_343_970_612_988n);
    // 128.4197 bps, rounded up to 0.01 bps.
    expect(q?.slippageBps).toBe(128.42);
  });

  it('rounds a loss up, so a route within the per-swap limit pays at least the minOut the limit sets', () => {
    // 0.0008 weETH into the 1,000/1,000 pool at a 30 bps fee pays 0.000797599363834747 ETH:
    // 30.0080 bps lost, under the 0.0007976 ETH a 30 bps minOut asks. Rounded down it read 30.00
    // and passed a 30 bps limit; the sale then reverted against its minOut, tick after tick.
    const dexOnly: PositionSpec = { ...spec, exits: { dex: { feeBps: 30 } } };
    const q = dexExitQuote(8n * 10n ** 14n, obs, 30);
    expect(q?.expectedOutWei).toBe(797_599_363_834_747n);
    expect(q?.slippageBps).toBe(30.01);
    expect(cheapestExit(8n * 10n ** 14n, dexOnly, obs, 0, 30)).toBeUndefined();
    expect(cheapestExit(8n * 10n ** 14n, dexOnly, obs, 0, 31)?.route).toBe('dex');
    // One wei under an exact 30 bps loss reads 30.01; the exact loss reads 30.
    expect(minOutLossBps(E, 997n * 10n ** 15n - 1n)).toBe(30.01);
    expect(minOutLossBps(E, 997n * 10n ** 15n)).toBe(30);
    expect(minOutLossBps(E, E + 1n)).toBe(0);
  });

  it('reads an instant exit whose fee is the limit as within it: it pays exactly the minOut the limit sets', () => {
    // 1,625.004656100000000001 ETH at a 30 bps fee: the fee rounds the payout down, so the loss
    // is a hair over 30 bps of the fair value (rounded up it read 30.01); the minOut of a 30 bps
    // limit rounds down the same way and is the same payout.
    const fair = 1_625_004_656_100_000_000_001n;
    const q = instantExitQuote(fair, { ...obs, instantLiquidity: 3000n * E }, 30);
    expect(q.expectedOutWei).toBe(subtractBps(fair, 30));
    expect(q.slippageBps).toBe(30);
    const instantOnly: PositionSpec = { ...spec, exits: { instant: { feeBps: 30 } } };
    expect(cheapestExit(fair, instantOnly, { ...obs, instantLiquidity: 3000n * E }, 0, 30)?.route).toBe('instant');
    // Every out from 0 to fair: within a limit exactly when it pays that limit's minOut.
    for (const out of [0n, 1n, 996n * 10n ** 15n, 997n * 10n ** 15n - 1n, 997n * 10n ** 15n, E - 1n]) {
      for (const limit of [0, 1, 29, 30, 31, 10_000]) expect(minOutLossBps(E, out) <= limit).toBe(out >= subtractBps(E, limit));
    }
  });

  it('prices an instant redemption and respects its liquidity', () => {
    const q = instantExitQuote(4n * E, obs, 20);
    expect(q.expectedOutWei).toBe(3_992_000_000_000_000_000n);
    expect(q.feeWei).toBe(8_000_000_000_000_000n);
    expect(q.available).toBe(true);
    expect(instantExitQuote(6n * E, obs, 20).available).toBe(false);
  });

  it('prices a queue by its delay at the opportunity rate', () => {
    // 100 ETH × 3.65 % × 10 days / 365 days = 0.1 ETH.
    expect(delayCostWei(100n * E, 10 * 86_400, 0.0365)).toBe(100_000_000_000_000_000n);
    const q = queuedExitQuote(10n * E, obs, 7 * 86_400, 0.0365);
    expect(q.expectedOutWei).toBe(10n * E);
    expect(q.delayCostWei).toBe(7_000_000_000_000_000n);
  });

  it('chooses the cheapest available route for the size', () => {
    // 1 ETH: DEX loses ~40 bps, instant 20 bps, 30 days of queue at 3.65 % 30 bps → instant.
    expect(cheapestExit(1n * E, spec, obs, 0.0365, 100)?.route).toBe('instant');
    // 10 ETH: instant (20 bps) lacks liquidity, the queue costs 30 bps, DEX loses 128 bps.
    const quotes = exitQuotes(10n * E, spec, obs, 0.0365);
    expect(quotes.map((q) => [q.route, q.available])).toEqual([['instant', false], ['queued', true], ['dex', true]]);
    expect(cheapestExit(10n * E, spec, obs, 0.0365, 100)?.route).toBe('queued');
    // Without a queue and with a 100 bps limit nothing qualifies at 10 ETH.
    const noQueue = { ...spec, exits: { dex: { feeBps: 30 } } };
    expect(cheapestExit(10n * E, noQueue, obs, 0.0365, 100)).toBeUndefined();
  });
});
