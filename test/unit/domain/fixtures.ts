/**
 * Literal fixtures shared by the decision-engine tests: a 100 ETH vault with liquid weETH and
 * ezETH and a restaked weETH position.
 */
import type { RiskLimits } from '../../../src/domain/limits.ts';
import type { PositionObservation, Snapshot } from '../../../src/domain/snapshot.ts';
import type { YieldEstimate } from '../../../src/domain/estimate.ts';
import type { Address, PositionSpec } from '../../../src/domain/types.ts';

export const E = 10n ** 18n;
export const NOW = 1_700_000_000;
export const OPERATOR: Address = '0x00000000000000000000000000000000000000f1';
export const AVS: Address = '0x00000000000000000000000000000000000000a1';
export const REWARD: Address = '0x00000000000000000000000000000000000000b1';

export const LIMITS: RiskLimits = {
  maxWeightPerPositionBps: 6000,
  maxWeightPerProtocolBps: 8000,
  maxWeightPerOperatorBps: 5000,
  maxWeightPerAvsBps: 5000,
  minIdleBps: 500,
  maxTurnoverPerDayBps: 10_000,
  maxSlippageBpsPerSwap: 100,
  maxSlippageBpsPerRebalance: 100,
  depeg: { thresholdBps: 200, exit: false },
  staleAfterSeconds: 3600,
  maxBaseFeeGwei: 100,
  slashing: { freezeDeposits: true, exit: false },
  minNetGain: { horizonDays: 30, safetyMultiple: 2 },
  maxRateJumpBps: 100,
};

export const WEETH: PositionSpec = {
  id: 'weETH',
  symbol: 'weETH',
  protocol: 'etherfi',
  token: '0x00000000000000000000000000000000000000e1',
  exits: { dex: { feeBps: 30 }, queued: { delaySeconds: 7 * 86_400 } },
  riskTier: 1,
};
export const EZETH: PositionSpec = {
  id: 'ezETH',
  symbol: 'ezETH',
  protocol: 'renzo',
  token: '0x00000000000000000000000000000000000000e2',
  exits: { dex: { feeBps: 30 } },
  riskTier: 1,
};
export const WEETH_RESTAKED: PositionSpec = {
  id: 'weETH-restaked',
  symbol: 'weETH',
  protocol: 'etherfi',
  token: '0x00000000000000000000000000000000000000e1',
  eigen: { strategy: '0x00000000000000000000000000000000000000c1', operator: OPERATOR, operatorSets: [{ avs: AVS, id: 1, rewardToken: REWARD }] },
  exits: { dex: { feeBps: 30 } },
  riskTier: 2,
};

export function observation(positionId: string, valueEth: bigint, extra: Partial<PositionObservation> = {}): PositionObservation {
  return {
    positionId,
    rateWad: E,
    dex: { token: 10_000n * E, weth: 10_000n * E },
    liquidBalance: valueEth * E,
    valueWei: valueEth * E,
    ...extra,
  };
}

export function snapshot(idleEth: bigint, positions: PositionObservation[], extra: Partial<Snapshot> = {}): Snapshot {
  return {
    chainId: 1,
    block: 19_000_000,
    timestamp: NOW,
    baseFeeWei: 10_000_000_000n,
    holder: '0x00000000000000000000000000000000000000aa',
    idleWei: idleEth * E,
    positions,
    queuedWithdrawals: [],
    rewards: [],
    slashing: [],
    observedAt: NOW,
    ...extra,
  };
}

export function estimate(positionId: string, netApy: number, extra: Partial<YieldEstimate> = {}): YieldEstimate {
  return {
    positionId,
    lrtApy: netApy,
    avsApr: 0,
    feesApy: 0,
    netApy,
    windowSeconds: 7 * 86_400,
    samples: 169,
    stale: false,
    lastJumpBps: 0,
    reasons: [],
    ...extra,
  };
}
