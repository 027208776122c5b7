import { describe, expect, it } from 'vitest';
import { DEFAULT_ESTIMATOR_OPTIONS, estimateYields, rewardKey } from '../../../src/yield/estimate.ts';
import type { Snapshot } from '../../../src/domain/snapshot.ts';
import type { PositionSpec } from '../../../src/domain/types.ts';
import type { RateSample } from '../../../src/domain/estimate.ts';
import { apyToPerSecond } from '../../../src/domain/units.ts';

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
    expect(restaked?.netApy).toBeCloseTo(0.04 - (0.001 + 0.004), 6);
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
