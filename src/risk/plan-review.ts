/**
 * The second risk pass, on the priced plan: per-swap slippage, the whole rebalance's loss,
 * and the minimum net gain. Any of them refuses the rebalance, with the numbers.
 *
 * Forced plans (exits and broken caps) skip the net-gain test: they are about risk, not
 * yield. Compounding actions (claims, reward sales, due completions) are justified on their
 * own by the planner and are not charged to the rebalance.
 */
import type { RiskLimits } from '../domain/limits.ts';
import type { Action, Plan } from '../domain/plan.ts';
import type { RiskFinding } from '../domain/verdict.ts';
import { weiToNumber } from '../domain/units.ts';

const HOUSEKEEPING: ReadonlySet<Action['kind']> = new Set(['complete-withdrawal', 'claim-rewards', 'swap-reward']);

export interface PlanReview {
  readonly refused: boolean;
  readonly findings: readonly RiskFinding[];
  /** Rebalance cost (housekeeping excluded) the net-gain test used, asset wei. */
  readonly rebalanceCostWei: bigint;
}

/** @example reviewPlan(plan, limits, false).refused // true when a DEX sale loses 150 bps with a 100 bps limit */
export function reviewPlan(plan: Plan, limits: RiskLimits, mandatory: boolean): PlanReview {
  const findings: RiskFinding[] = [];
  let lossWei = 0n;
  let housekeepingGas = 0;
  let housekeepingLoss = 0n;
  for (const a of plan.actions) {
    if (a.kind === 'withdraw' || a.kind === 'swap-reward') {
      if (a.slippageBps > limits.maxSlippageBpsPerSwap) {
        findings.push({
          code: 'SLIPPAGE_SWAP',
          ...(a.kind === 'withdraw' ? { positionId: a.positionId } : {}),
          observed: a.slippageBps,
          limit: limits.maxSlippageBpsPerSwap,
          action: 'refused',
          message: `${a.kind === 'withdraw' ? `${a.positionId} ${a.route} exit` : `reward sale of ${a.token}`} loses ${a.slippageBps} bps > ${limits.maxSlippageBpsPerSwap} bps`,
        });
      }
    }
    if (HOUSEKEEPING.has(a.kind)) {
      housekeepingGas += a.gas;
      if (a.kind === 'swap-reward' && a.fairValueWei > a.expectedOutWei) housekeepingLoss += a.fairValueWei - a.expectedOutWei;
    } else if (a.kind === 'withdraw' && a.route !== 'queued') {
      lossWei += a.costWei;
    }
  }
  const total = plan.inputs.totalWei;
  const lossBps = total > 0n ? Number((lossWei * 1_000_000n) / total) / 100 : 0;
  if (lossBps > limits.maxSlippageBpsPerRebalance) {
    findings.push({
      code: 'SLIPPAGE_REBALANCE',
      observed: lossBps,
      limit: limits.maxSlippageBpsPerRebalance,
      action: 'refused',
      message: `rebalance loses ${lossWei} wei (${lossBps} bps of the vault) > ${limits.maxSlippageBpsPerRebalance} bps`,
    });
  }

  // The plan's total cost minus what compounding costs (its gas at the plan's gas price and
  // the reward sales' slippage); the bundle overhead stays with the rebalance.
  const gasPrice = plan.totals.gasUnits > 0 ? plan.totals.gasCostWei / BigInt(plan.totals.gasUnits) : 0n;
  const rebalanceCost = plan.totals.totalCostWei - BigInt(housekeepingGas) * gasPrice - housekeepingLoss;
  if (plan.kind === 'rebalance' && !mandatory) {
    const { horizonDays, safetyMultiple } = limits.minNetGain;
    const gainOverHorizon = (weiToNumber(plan.expectedYearlyGainWei) * horizonDays) / 365;
    const needed = weiToNumber(rebalanceCost) * safetyMultiple;
    if (!(gainOverHorizon > needed)) {
      findings.push({
        code: 'MIN_NET_GAIN',
        observed: gainOverHorizon,
        limit: needed,
        action: 'refused',
        message: `gain over ${horizonDays} days ${gainOverHorizon.toFixed(6)} ETH <= cost ${weiToNumber(rebalanceCost).toFixed(6)} ETH × ${safetyMultiple}`,
      });
    }
  }
  return { refused: findings.some((f) => f.action === 'refused'), findings, rebalanceCostWei: rebalanceCost };
}
