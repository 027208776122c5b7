/**
 * Synthetic vaults for the latency benchmark: 10 positions (five LRTs, each liquid and
 * restaked), realistic pools, yields spread so the strategy has real choices to make.
 */
import type { DecisionInput } from '../src/plan/decide.ts';
import { DEFAULT_PLANNER_OPTIONS } from '../src/plan/planner.ts';
import type { RiskLimits } from '../src/domain/limits.ts';
import type { PositionObservation } from '../src/domain/snapshot.ts';
import type { YieldEstimate } from '../src/domain/estimate.ts';
import { LRT_PROTOCOL, LRT_SYMBOLS, type Address, type PositionSpec, type RiskTier } from '../src/domain/types.ts';
import { riskAdjustedYield } from '../strategies/risk-adjusted-yield.ts';
import { seededRandom } from '../src/devnet/relay/rng.ts';

const E = 10n ** 18n;
const NOW = 1_700_000_000;
const OPERATOR: Address = '0x00000000000000000000000000000000000000f1';
const AVS: Address = '0x00000000000000000000000000000000000000a1';
const REWARD: Address = '0x00000000000000000000000000000000000000b1';

const LIMITS: RiskLimits = {
  maxWeightPerPositionBps: 3000,
  maxWeightPerProtocolBps: 4000,
  maxWeightPerOperatorBps: 6000,
  maxWeightPerAvsBps: 6000,
  minIdleBps: 200,
  maxTurnoverPerDayBps: 3000,
  maxSlippageBpsPerSwap: 60,
  maxSlippageBpsPerRebalance: 50,
  depeg: { thresholdBps: 200, exit: true },
  staleAfterSeconds: 600,
  maxBaseFeeGwei: 50,
  slashing: { freezeDeposits: true, exit: false },
  minNetGain: { horizonDays: 30, safetyMultiple: 2 },
  maxRateJumpBps: 100,
};

/** Decision input for synthetic vault number `seed`. */
export function syntheticVault(seed: number): DecisionInput {
  const rnd = seededRandom(seed + 1);
  const specs: PositionSpec[] = [];
  const positions: PositionObservation[] = [];
  const estimates: YieldEstimate[] = [];
  LRT_SYMBOLS.forEach((symbol, i) => {
    const token = `0x00000000000000000000000000000000000000e${i}` as Address;
    const tier = (1 + (i % 3)) as RiskTier;
    const rate = E + BigInt(Math.floor(rnd() * 8e16));
    for (const restaked of [false, true]) {
      const id = restaked ? `${symbol}-restaked` : symbol;
      specs.push({
        id,
        symbol,
        protocol: LRT_PROTOCOL[symbol],
        token,
        ...(restaked ? { eigen: { strategy: `0x00000000000000000000000000000000000000c${i}` as Address, operator: OPERATOR, operatorSets: [{ avs: AVS, id: 0, rewardToken: REWARD }] } } : {}),
        exits: { dex: { feeBps: 30 }, queued: { delaySeconds: 7 * 86_400 } },
        riskTier: (restaked ? Math.min(5, tier + 1) : tier) as RiskTier,
      });
      const lrt = BigInt(Math.floor(rnd() * 20)) * E;
      const value = (lrt * rate) / E;
      positions.push({
        positionId: id,
        rateWad: rate,
        dex: { token: 5_000n * E, weth: 5_000n * rate },
        liquidBalance: restaked ? 0n : lrt,
        ...(restaked ? { eigen: { depositShares: lrt, withdrawableShares: lrt, withdrawableUnderlying: lrt } } : {}),
        valueWei: value,
      });
      const lrtApy = 0.02 + rnd() * 0.02;
      const avsApr = restaked ? rnd() * 0.015 : 0;
      estimates.push({ positionId: id, lrtApy, avsApr, feesApy: 0, netApy: lrtApy + avsApr, windowSeconds: 7 * 86_400, samples: 168, stale: false, lastJumpBps: 0, reasons: [] });
    }
  });
  return {
    snapshot: {
      chainId: 1,
      block: 20_000_000 + seed,
      timestamp: NOW,
      baseFeeWei: 10_000_000_000n,
      holder: '0x00000000000000000000000000000000000000aa',
      delegatedTo: OPERATOR,
      idleWei: BigInt(Math.floor(rnd() * 50)) * E,
      positions,
      queuedWithdrawals: [],
      rewards: [{ token: REWARD, decimals: 18, claimable: 100n * E, cumulativeEarned: 500n * E, dex: { token: 1_000_000n * E, weth: 1_000n * E } }],
      slashing: [],
      observedAt: NOW,
    },
    specs,
    estimates,
    limits: LIMITS,
    context: { now: NOW, turnoverUsedTodayBps: 0 },
    strategy: riskAdjustedYield,
    params: riskAdjustedYield.paramsSchema.parse({}),
    plannerOptions: DEFAULT_PLANNER_OPTIONS,
  };
}
