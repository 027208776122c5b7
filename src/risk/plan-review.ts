/**
 * The second risk pass, on the priced plan: per-swap slippage, the whole rebalance's loss,
 * and the minimum net gain. Any of them refuses the rebalance, with the numbers.
 *
 * Net gain: a voluntary move must earn more than nothing AND more than its cost ×
 * safetyMultiple over the horizon. Forced moves (exits, broken caps) are about risk, not yield,
 * and skip the test, but only they do: when a plan mixes forced and voluntary moves, the
 * caller passes the forced-only plan as the baseline and the test is applied to the
 * difference (extra gain against extra cost). Passing `true` for a mixed plan would let a
 * voluntary move with a negative gain ride along with a cap repair.
 * Compounding actions (claims of AVS rewards and of LRT reward streams, reward sales, due
 * completions) are justified on their own by the planner and are not charged to the rebalance.
 * Nor are they credited to it: a stream's yield is already in the positions' net APY (its
 * streamApr), and a claim only turns what was earned into the asset, so its payout is never
 * counted as gain a second time (plan/totals.ts counts gain from position values only).
 */
import type { RiskLimits } from '../domain/limits.ts';
import type { Action, Plan } from '../domain/plan.ts';
import type { RiskFinding } from '../domain/verdict.ts';
import { ethText, weiToNumber } from '../domain/units.ts';

const HOUSEKEEPING: ReadonlySet<Action['kind']> = new Set(['complete-withdrawal', 'claim-rewards', 'claim-stream', 'swap-reward']);

export interface PlanReview {
  readonly refused: boolean;
  readonly findings: readonly RiskFinding[];
  /** Rebalance cost (housekeeping excluded) the net-gain test used, asset wei. */
  readonly rebalanceCostWei: bigint;
}

/**
 * @param forced false: the whole plan is voluntary; true: the whole plan is forced (no net-gain
 *   test); a Plan: the forced-only plan this one extends, the net-gain test judges the difference.
 * @example reviewPlan(plan, limits, false).refused // true when a DEX sale loses 150 bps with a 100 bps limit
 * @example reviewPlan(plan, limits, forcedOnlyPlan).refused // true when the moves beyond the forced ones do not pay
 */
export function reviewPlan(plan: Plan, limits: RiskLimits, forced: boolean | Plan): PlanReview {
  const findings: RiskFinding[] = [];
  let lossWei = 0n;
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
    if (a.kind === 'withdraw' && a.route !== 'queued') lossWei += a.costWei;
  }
  const total = plan.inputs.totalWei;
  const lossBps = total > 0n ? Number((lossWei * 1_000_000n) / total) / 100 : 0;
  if (lossBps > limits.maxSlippageBpsPerRebalance) {
    findings.push({
      code: 'SLIPPAGE_REBALANCE',
      observed: lossBps,
      limit: limits.maxSlippageBpsPerRebalance,
      action: 'refused',
      message: `rebalance loses ${ethText(lossWei)} (${lossBps} bps of the vault) > ${limits.maxSlippageBpsPerRebalance} bps`,
    });
  }

  const rebalanceCost = rebalanceCostOf(plan);
  if (plan.kind === 'rebalance' && forced !== true) {
    const baseline = forced === false ? undefined : forced;
    const gainWei = plan.expectedYearlyGainWei - (baseline?.expectedYearlyGainWei ?? 0n);
    const costWei = rebalanceCost - (baseline ? rebalanceCostOf(baseline) : 0n);
    const entryWei = (plan.totals.entryGainWei ?? 0n) - (baseline?.totals.entryGainWei ?? 0n);
    const finding = netGainFinding(gainWei, costWei, entryWei, limits, baseline !== undefined);
    if (finding !== undefined) findings.push(finding);
  }
  return { refused: findings.some((f) => f.action === 'refused'), findings, rebalanceCostWei: rebalanceCost };
}

/**
 * The plan's total cost minus what compounding costs (its gas at the plan's gas price and the
 * reward sales' slippage); the bundle overhead stays with the rebalance.
 */
function rebalanceCostOf(plan: Plan): bigint {
  let housekeepingGas = 0;
  let housekeepingLoss = 0n;
  for (const a of plan.actions) {
    if (!HOUSEKEEPING.has(a.kind)) continue;
    housekeepingGas += a.gas;
    if (a.kind === 'swap-reward' && a.fairValueWei > a.expectedOutWei) housekeepingLoss += a.fairValueWei - a.expectedOutWei;
  }
  const gasPrice = plan.totals.gasUnits > 0 ? plan.totals.gasCostWei / BigInt(plan.totals.gasUnits) : 0n;
  return plan.totals.totalCostWei - BigInt(housekeepingGas) * gasPrice - housekeepingLoss;
}

/**
 * MIN_NET_GAIN when the gain is not positive or does not beat cost × safetyMultiple over the
 * horizon. The gain is the yearly yield gain over the horizon plus, once, the realisable gain
 * of the plan's DEX entries over minting (as the strategy counts it: a gain once, a cost ×
 * safetyMultiple), so a sound LRT bought under its rate is not refused for the yield alone.
 */
function netGainFinding(gainWei: bigint, costWei: bigint, entryWei: bigint, limits: RiskLimits, beyondForced: boolean): RiskFinding | undefined {
  const { horizonDays, safetyMultiple } = limits.minNetGain;
  const entry = entryWei > 0n ? weiToNumber(entryWei) : 0;
  const gainOverHorizon = (weiToNumber(gainWei) * horizonDays) / 365 + entry;
  // A cost can only look negative through rounding of the baseline's: never let it lower the bar below zero.
  const cost = costWei > 0n ? weiToNumber(costWei) : 0;
  const needed = cost * safetyMultiple;
  if ((gainWei > 0n || entry > 0) && gainOverHorizon > 0 && gainOverHorizon > needed) return undefined;
  const what = beyondForced ? 'moves beyond the forced ones: ' : '';
  const entryText = entry > 0 ? ` (${entry.toFixed(6)} ETH of it the entry's discount)` : '';
  const message =
    gainWei <= 0n && entry <= 0
      ? `${what}expected gain ${ethText(gainWei)}/year is not positive`
      : `${what}gain over ${horizonDays} days ${gainOverHorizon.toFixed(6)} ETH${entryText} <= cost ${cost.toFixed(6)} ETH × ${safetyMultiple}`;
  return { code: 'MIN_NET_GAIN', observed: gainOverHorizon, limit: needed, action: 'refused', message };
}
