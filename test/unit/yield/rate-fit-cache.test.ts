/**
 * estimateYields with a shared RateFitCache: the same estimates as without one, one fit per
 * LRT, time and window (a liquid and a restaked weETH share theirs), and a fit in the cache is
 * what the estimate reads.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ESTIMATOR_OPTIONS, estimateYields, type EstimatorInput, type RateFitCache } from '../../../src/yield/estimate.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import type { RateSample } from '../../../src/domain/estimate.ts';
import { apyToPerSecond } from '../../../src/domain/units.ts';

const E = 10n ** 18n;
const DAY = 86_400;
const NOW = 100 * DAY;
const OPERATOR = '0x00000000000000000000000000000000000000f1';

const specs: PositionSpec[] = [
  { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1', exits: { dex: { feeBps: 30 } }, riskTier: 1 },
  {
    id: 'weETH-restaked',
    symbol: 'weETH',
    protocol: 'etherfi',
    token: '0x00000000000000000000000000000000000000e1',
    eigen: { strategy: '0x00000000000000000000000000000000000000c1', operator: OPERATOR, operatorSets: [] },
    exits: { dex: { feeBps: 30 } },
    riskTier: 2,
  },
];

/** Hourly rates growing 3 % a year over 8 days. */
const rates: RateSample[] = Array.from({ length: 8 * 24 }, (_, i) => {
  const t = NOW - i * 3600;
  return { timestamp: t, rateWad: BigInt(Math.round(1.05 * Math.exp(apyToPerSecond(0.03) * t) * 1e18)) };
}).reverse();

const snapshot: Snapshot = {
  chainId: 1,
  block: 1,
  timestamp: NOW,
  baseFeeWei: 0n,
  holder: '0x00000000000000000000000000000000000000aa',
  delegatedTo: OPERATOR,
  idleWei: 0n,
  positions: [
    { positionId: 'weETH', rateWad: E, liquidBalance: 10n * E, valueWei: 10n * E },
    { positionId: 'weETH-restaked', rateWad: E, liquidBalance: 0n, valueWei: 100n * E },
  ],
  queuedWithdrawals: [],
  rewards: [],
  slashing: [],
  observedAt: NOW,
};

const input = (rateFits?: RateFitCache): EstimatorInput => ({ snapshot, specs, now: NOW, rateHistory: { weETH: rates }, options: DEFAULT_ESTIMATOR_OPTIONS, rateFits });

describe('rate fit cache', () => {
  it('gives the estimates made without it, with one fit for both weETH positions', () => {
    const cache: RateFitCache = new Map();
    const plain = estimateYields(input());
    expect(estimateYields(input(cache))).toEqual(plain);
    // The 7-day window (the first tried) has enough samples: one fit, shared.
    expect([...cache.keys()]).toEqual([`weETH:${NOW}:${7 * DAY}`]);
    expect(plain[0]?.lrtApy).toBeCloseTo(0.03, 4);
    expect(estimateYields(input(cache))).toEqual(plain);
    expect(cache.size).toBe(1);
  });

  it('reads a fit from the cache instead of fitting again', () => {
    const cache: RateFitCache = new Map();
    estimateYields(input(cache));
    const key = `weETH:${NOW}:${7 * DAY}`;
    const fit = cache.get(key);
    if (fit === undefined) throw new Error('no fit cached');
    cache.set(key, { ...fit, apy: 0.05 });
    const [liquid, restaked] = estimateYields(input(cache));
    expect(liquid?.lrtApy).toBe(0.05);
    expect(restaked?.lrtApy).toBe(0.05);
  });
});
