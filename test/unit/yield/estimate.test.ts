import { describe, expect, it } from 'vitest';
import { DEFAULT_ESTIMATOR_OPTIONS, estimateYields, rewardKey, type EstimatorInput, type RateFitCache } from '../../../src/yield/estimate.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import type { RateSample } from '../../../src/domain/estimate.ts';
import { apyToPerSecond } from '../../../src/domain/units.ts';
import type { PublishedRatesInput } from '../../../src/yield/published-rates.ts';

const E = 10n ** 18n;
const DAY = 86_400;
const YEAR = 31_536_000;
const NOW = 100 * DAY;
const OPERATOR = '0x00000000000000000000000000000000000000f1';
const SET = { avs: '0x00000000000000000000000000000000000000a1', id: 1, rewardToken: '0x00000000000000000000000000000000000000b1' } as const;

const specs: PositionSpec[] = [
  { id: 'weETH', symbol: 'weETH', protocol: 'etherfi', token: '0x00000000000000000000000000000000000000e1', exits: { dex: { feeBps: 30 } }, riskTier: 1 },
  {
    id: 'weETH-restaked',
    symbol: 'weETH',
    protocol: 'etherfi',
    token: '0x00000000000000000000000000000000000000e1',
    eigen: { strategy: '0x00000000000000000000000000000000000000c1', operator: OPERATOR, operatorSets: [SET] },
    exits: { dex: { feeBps: 30 } },
    riskTier: 2,
  },
];

function history(apy: number): RateSample[] {
  const k = apyToPerSecond(apy);
  return Array.from({ length: 8 * 24 }, (_, i) => {
    const t = NOW - i * 3600;
    return { timestamp: t, rateWad: BigInt(Math.round(1.05 * Math.exp(k * t) * 1e18)) };
  });
}

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
  rewards: [{ token: SET.rewardToken, decimals: 18, claimable: 0n, cumulativeEarned: 0n, dex: { token: 1000n * E, weth: 1n * E } }],
  slashing: [],
  observedAt: NOW,
};

describe('estimateYields', () => {
  it('adds AVS APR to restaked positions and subtracts fees', () => {
    const est = estimateYields({
      snapshot,
      specs,
      now: NOW,
      rateHistory: { weETH: history(0.03) },
      rewardHistory: {
        [rewardKey(SET, 'weETH-restaked')]: {
          stakeShare: 1,
          samples: [
            { timestamp: NOW - 10 * DAY, cumulative: 0n },
            { timestamp: NOW, cumulative: (1000n * E * 10n * BigInt(DAY)) / BigInt(YEAR) },
          ],
        },
      },
      options: { ...DEFAULT_ESTIMATOR_OPTIONS, fees: { managementBps: 10, performanceBps: 1000 } },
    });
    const [liquid, restaked] = est;
    expect(liquid?.lrtApy).toBeCloseTo(0.03, 6);
    expect(liquid?.avsApr).toBe(0);
    expect(liquid?.feesApy).toBeCloseTo(0.001 + 0.003, 6);
    expect(liquid?.windowSeconds).toBe(7 * DAY);
    expect(liquid?.stale).toBe(false);
    // 1 000 tokens/year at 0.001 ETH on 100 ETH: 1 %.
    expect(restaked?.avsApr).toBeCloseTo(0.01, 6);
    // Fees, and the base slashing hazard of a restaked position (0.1 %/yr, no history).
    expect(restaked?.netApy).toBeCloseTo(0.04 - (0.001 + 0.004) - 0.001, 6);
  });

  it('gives no AVS APR when not delegated and marks missing history stale', () => {
    const { delegatedTo: _omit, ...undelegated } = snapshot;
    const est = estimateYields({ snapshot: undelegated, specs, now: NOW, rateHistory: {}, options: DEFAULT_ESTIMATOR_OPTIONS });
    expect(est[1]?.avsApr).toBe(0);
    expect(est[1]?.reasons.some((r) => r.includes('not delegated'))).toBe(true);
    expect(est[0]?.stale).toBe(true);
    expect(est[0]?.netApy).toBe(0);
  });
});

describe('estimateYields: a shared rate fit cache', () => {
  const input = (rateFits?: RateFitCache): EstimatorInput => ({ snapshot, specs, now: NOW, rateHistory: { weETH: history(0.03) }, options: DEFAULT_ESTIMATOR_OPTIONS, rateFits });

  it('gives the estimates made without it, with one fit for both weETH positions', () => {
    const cache: RateFitCache = new Map();
    const plain = estimateYields(input());
    expect(estimateYields(input(cache))).toEqual(plain);
    // The 7-day window (the first tried) has enough samples: one fit, shared.
    expect([...cache.keys()]).toEqual([`weETH:${NOW}:${7 * DAY}`]);
    expect(plain[0]?.lrtApy).toBeCloseTo(0.03, 6);
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

describe('estimateYields: published AVS reward rates', () => {
  const STRATEGY = '0x00000000000000000000000000000000000000c1';
  const ASSET = '0x00000000000000000000000000000000000000ee';
  // 1 000 tokens a year at 0.001 ETH on the 100 ETH restaked position: accrual says 1 %.
  const accrual = {
    [rewardKey(SET, 'weETH-restaked')]: {
      stakeShare: 1,
      samples: [
        { timestamp: NOW - 10 * DAY, cumulative: 0n },
        { timestamp: NOW, cumulative: (1000n * E * 10n * BigInt(DAY)) / BigInt(YEAR) },
      ],
    },
  };
  const published = (apr: number, publishedAt = NOW - 3600, strategies?: string[]): PublishedRatesInput => ({
    ok: true,
    published: {
      asset: ASSET,
      rates: [{ avs: SET.avs, operatorSetId: SET.id, rewardToken: SET.rewardToken, apr, publishedAt, ...(strategies ? { strategies: strategies as `0x${string}`[] } : {}) }],
    },
  });
  const restakedOf = (over: Partial<Parameters<typeof estimateYields>[0]>) =>
    estimateYields({ snapshot, specs, now: NOW, rateHistory: { weETH: history(0.03) }, options: DEFAULT_ESTIMATOR_OPTIONS, ...over })[1];
  const emptyRestaked: Snapshot = {
    ...snapshot,
    positions: snapshot.positions.map((p) => (p.positionId === 'weETH-restaked' ? { ...p, valueWei: 0n } : p)),
  };

  it('uses the published rate for a restaked position the vault does not hold (no accrual)', () => {
    const est = restakedOf({ snapshot: emptyRestaked, rewardHistory: { [rewardKey(SET, 'weETH-restaked')]: { stakeShare: 0, samples: [] } }, publishedRewardRates: published(0.015) });
    expect(est?.avsApr).toBe(0.015);
    expect(est?.netApy).toBeCloseTo(0.045 - 0.001, 6);
    expect(est?.avsParts).toEqual([{ operatorSet: `${SET.avs}/1`, source: 'published', apr: 0.015, publishedApr: 0.015 }]);
    expect(est?.reasons.some((r) => r.includes('published rate 1.500% (no usable accrual)'))).toBe(true);
  });

  it('uses the published rate when the vault is not delegated yet (the planner delegates on entry)', () => {
    const { delegatedTo: _omit, ...undelegated } = emptyRestaked;
    const est = restakedOf({ snapshot: undelegated, publishedRewardRates: published(0.02) });
    expect(est?.avsApr).toBe(0.02);
    expect(est?.avsParts?.[0]?.source).toBe('published');
    expect(est?.reasons.some((r) => r.includes('not delegated yet'))).toBe(true);
  });

  it('takes the lower of accrual and published when both exist', () => {
    const lower = restakedOf({ rewardHistory: accrual, publishedRewardRates: published(0.003) });
    expect(lower?.avsApr).toBe(0.003);
    expect(lower?.avsParts?.[0]).toMatchObject({ source: 'published', apr: 0.003, publishedApr: 0.003 });
    expect(lower?.avsParts?.[0]?.accrualApr).toBeCloseTo(0.01, 6);

    const higher = restakedOf({ rewardHistory: accrual, publishedRewardRates: published(0.02) });
    expect(higher?.avsApr).toBeCloseTo(0.01, 6);
    expect(higher?.avsParts?.[0]).toMatchObject({ source: 'accrual', publishedApr: 0.02 });
  });

  it('sees a reward stop at once: published 0 beats a month of accrual', () => {
    const est = restakedOf({ rewardHistory: accrual, publishedRewardRates: published(0) });
    expect(est?.avsApr).toBe(0);
    expect(est?.avsParts?.[0]?.source).toBe('published');
  });

  it('ignores a published rate older than the reward window and says so', () => {
    const stale = NOW - 31 * DAY;
    const est = restakedOf({ rewardHistory: accrual, publishedRewardRates: published(0.003, stale) });
    expect(est?.avsApr).toBeCloseTo(0.01, 6);
    expect(est?.avsParts?.[0]?.source).toBe('accrual');
    expect(est?.avsParts?.[0]?.publishedApr).toBeUndefined();
    expect(est?.reasons.some((r) => r.includes(`published rate is ${31 * DAY}s old (limit ${30 * DAY}s): ignored`))).toBe(true);

    const none = restakedOf({ snapshot: emptyRestaked, publishedRewardRates: published(0.015, stale) });
    expect(none?.avsApr).toBe(0);
    expect(none?.avsParts?.[0]?.source).toBe('none');
  });

  it('ignores a published rate for other strategies', () => {
    const est = restakedOf({ snapshot: emptyRestaked, publishedRewardRates: published(0.015, NOW, ['0x00000000000000000000000000000000000000c2']) });
    expect(est?.avsApr).toBe(0);
    expect(est?.reasons.some((r) => r.includes('does not pay this strategy'))).toBe(true);
    expect(restakedOf({ snapshot: emptyRestaked, publishedRewardRates: published(0.015, NOW, [STRATEGY.toUpperCase().replace('0X', '0x')]) })?.avsApr).toBe(0.015);
  });

  it('falls back to accrual with a reason when the publication was unreadable', () => {
    const est = restakedOf({ rewardHistory: accrual, publishedRewardRates: { ok: false, reason: 'Invalid published reward rates; field operatorSets.0.apr: too big' } });
    expect(est?.avsApr).toBeCloseTo(0.01, 6);
    expect(est?.avsParts?.[0]?.source).toBe('accrual');
    expect(est?.reasons).toContain('published reward rates unavailable: Invalid published reward rates; field operatorSets.0.apr: too big');
  });

  it('keeps accrual-only behaviour without a source', () => {
    const est = restakedOf({ rewardHistory: accrual });
    expect(est?.avsApr).toBeCloseTo(0.01, 6);
    expect(est?.avsParts?.[0]?.source).toBe('accrual');
    expect(estimateYields({ snapshot, specs, now: NOW, rateHistory: {}, options: DEFAULT_ESTIMATOR_OPTIONS })[0]?.avsParts).toBeUndefined();
  });
});
