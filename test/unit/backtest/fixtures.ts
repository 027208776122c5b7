/**
 * A tiny scenario for the backtest unit tests: two liquid LRTs, 1-day steps, literal numbers.
 */
import type { ScenarioInput } from '../../../src/backtest/scenario-schema.ts';
import type { RiskLimits } from '../../../src/domain/limits.ts';

export function tinyScenario(): ScenarioInput & { positions: Record<string, unknown>[]; initial: { totalEth: number; weights: Record<string, number> }; series: ScenarioInput['series']; events: NonNullable<ScenarioInput['events']> } {
  return {
    name: 'tiny',
    description: 'two LRTs',
    sources: ['test fixture'],
    start: 1_700_006_400,
    stepSeconds: 86_400,
    steps: 6,
    warmupSteps: 0,
    priorityFeeGwei: 0,
    initial: { totalEth: 100, weights: { a: 5_000 } },
    positions: [
      { id: 'a', symbol: 'weETH', riskTier: 1, exits: { instant: { feeBps: 30 } } },
      { id: 'b', symbol: 'ezETH', riskTier: 1, exits: { instant: { feeBps: 30 } } },
    ],
    series: { rows: [{ step: 0, baseFeeGwei: 10, 'weETH.rate': 1, 'ezETH.rate': 1 }] },
    events: [],
  };
}

export const TINY_LIMITS: RiskLimits = {
  maxWeightPerPositionBps: 10_000,
  maxWeightPerProtocolBps: 10_000,
  maxWeightPerOperatorBps: 10_000,
  maxWeightPerAvsBps: 10_000,
  minIdleBps: 0,
  maxTurnoverPerDayBps: 10_000,
  maxSlippageBpsPerSwap: 100,
  maxSlippageBpsPerRebalance: 100,
  depeg: { thresholdBps: 200, exit: false },
  staleAfterSeconds: 600,
  maxBaseFeeGwei: 100,
  slashing: { freezeDeposits: true, exit: false },
  minNetGain: { horizonDays: 30, safetyMultiple: 2 },
  maxRateJumpBps: 100,
};
