/**
 * A queued protocol withdrawal is valued like the LRT it came from, narrowing to par as its
 * wait runs out, in the replay's book and in the bound alike: queuing a discounted LRT is no
 * gain until the claim is paid.
 */
import { describe, expect, it } from 'vitest';
import { valueBook, type Book } from '../../../src/backtest/book.ts';
import { upperBound } from '../../../src/backtest/bound.ts';
import { buildMarket } from '../../../src/backtest/market.ts';
import { pendingClaimFactor } from '../../../src/backtest/pending-claim.ts';
import { parseScenario } from '../../../src/backtest/scenario-load.ts';
import { scenarioSpecs } from '../../../src/backtest/specs.ts';
import { weiToNumber } from '../../../src/domain/units.ts';
import { DEFAULT_ESTIMATOR_OPTIONS } from '../../../src/yield/estimate.ts';
import { TINY_LIMITS, tinyScenario } from './fixtures.ts';

const E = 10n ** 18n;
const DAY = 86_400;

/** weETH trades 100 bps below its rate on a deep pool and leaves through a 7-day queue; b earns nothing either. */
function discounted(): ReturnType<typeof tinyScenario> {
  const raw = tinyScenario();
  raw.steps = 4;
  raw.positions[0] = { id: 'a', symbol: 'weETH', riskTier: 1, exits: { dex: { feeBps: 5 }, queued: { delaySeconds: 7 * DAY } } };
  raw.initial = { totalEth: 100, weights: { a: 10_000 } };
  raw.series = { rows: [{ step: 0, baseFeeGwei: 1, 'weETH.rate': 1, 'ezETH.rate': 1, 'weETH.dexDiscountBps': 100, 'weETH.dexLiquidityEth': 1_000_000 }] };
  return raw;
}

describe('pendingClaimFactor', () => {
  it('is the LRT mark when the whole queue is still to wait, par when the wait is over', () => {
    expect(pendingClaimFactor(0.99, 7 * DAY, 7 * DAY, false)).toBe(0.99);
    expect(pendingClaimFactor(0.99, 0, 7 * DAY, false)).toBe(1);
    expect(pendingClaimFactor(0.99, -DAY, 7 * DAY, false)).toBe(1);
  });

  it('narrows linearly with the wait left against the queue of the moment', () => {
    expect(pendingClaimFactor(0.994, 3.5 * DAY, 7 * DAY, false)).toBeCloseTo(0.997, 12);
    // The queue shortened to 5 days: a claim with 10 days left is worth no more than the LRT.
    expect(pendingClaimFactor(0.994, 10 * DAY, 5 * DAY, false)).toBeCloseTo(0.994, 12);
    // An LRT at or above par: the claim is worth par.
    expect(pendingClaimFactor(1.02, 3 * DAY, 7 * DAY, false)).toBe(1);
  });

  it('is the LRT mark while the protocol is paused, whatever the wait left', () => {
    expect(pendingClaimFactor(0.97, 0, 7 * DAY, true)).toBe(0.97);
  });
});

describe('pending claims in the book and the bound', () => {
  it('values a claim queued at a 100 bps discount at 99 ETH per 100 ETH on the day it is made, 99.43 three days later', async () => {
    const scenario = await parseScenario(discounted());
    const market = buildMarket(scenario);
    const { specs } = scenarioSpecs(scenario.doc);
    const book = (completableAt: number): Book => ({
      idleWei: 0n,
      holdings: { a: { liquidLrt: 0n, depositShares: 0n, withdrawableLrt: 0n }, b: { liquidLrt: 0n, depositShares: 0n, withdrawableLrt: 0n } },
      queued: [{ id: 'q1', positionId: 'a', kind: 'protocol', lrt: 0n, wei: 100n * E, completableAt }],
      rewards: {},
      slashes: [],
      nextId: 2,
    });
    const t0 = scenario.doc.start;
    // Before: 100 ETH at par the moment it was queued.
    expect(weiToNumber(valueBook(book(t0 + 7 * DAY), market[0]!, specs, scenario.doc).navWei)).toBeCloseTo(99, 9);
    expect(weiToNumber(valueBook(book(t0 + 7 * DAY), market[3]!, specs, scenario.doc).navWei)).toBeCloseTo(100 - 4 / 7, 9);
    expect(weiToNumber(valueBook(book(t0 + 2 * DAY), market[3]!, specs, scenario.doc).navWei)).toBe(100);
    // The snapshot total (what the limits are measured on) keeps par.
    expect(weiToNumber(valueBook(book(t0 + 7 * DAY), market[0]!, specs, scenario.doc).pendingWei)).toBe(100);
  });

  it('earns a queued discount only as the wait runs out: 4 of 7 days still to wait at the end keep 4/7 of the discount', async () => {
    const raw = discounted();
    raw.initial = { totalEth: 100, weights: { a: 9_000 } };
    const scenario = await parseScenario(raw);
    const { specs, rewardTokenByAddress } = scenarioSpecs(scenario.doc);
    const ctx = { doc: scenario.doc, market: buildMarket(scenario), specs, rewardTokenByAddress, limits: TINY_LIMITS, estimator: DEFAULT_ESTIMATOR_OPTIONS, planner: { dustWei: 0n, priorityFeeWei: 0n }, rateFits: new Map() };
    const bound = upperBound(ctx, { gridStepBps: 5000, epochSteps: 1 });
    // Day 0: queue the 90 ETH (a DEX sale would lose 105 bps, over the 100 bps limit), paying
    // 491k gas at 1 gwei from the 10 ETH idle. On day 3 the claim still waits 4 of the queue's
    // 7 days: 90 ETH less 4/7 of the 1 % discount. Marked at par (the old bound) it ended at 99.9995.
    expect(bound.path).toEqual([{ step: 0, weights: { a: 0, b: 0 } }]);
    expect(bound.navEndEth).toBeCloseTo(10 - 0.000491 + 90 * (1 - 0.01 * (4 / 7)), 6);
    // Holding marks the LRT at 99 % throughout: 99.1 ETH.
    expect(bound.navEndEth).toBeGreaterThan(99.1);
  });
});
