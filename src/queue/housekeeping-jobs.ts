/**
 * Timer-driven jobs per vault: compounding (claim rewards, sell them, reinvest the proceeds
 * per the approved weights, in one bundle) and completing queued withdrawals that are due.
 * Both only decide; execution goes through the same plan gate and execute queue as a tick.
 */
import type { Job } from 'bullmq';
import type { Action, ClaimRewardsAction, ClaimStreamAction, Plan, SwapRewardAction } from '../domain/plan.ts';
import { GAS } from '../plan/gas.ts';
import { baseFeeSpike, baseFeeText } from '../risk/gas-wait.ts';
import { compoundDeposits, type DepositTarget } from '../execution/compounding.ts';
import { completionPlan, dueCompletions } from '../execution/withdrawal-lifecycle.ts';
import { planVault, type VaultPlan } from '../keeper/tick.ts';
import type { DaemonContext } from './context.ts';
import { findVault, vaultStores } from './context.ts';
import { parsePayload, vaultJobSchema } from './payloads.ts';
import type { DaemonQueues } from './queues.ts';
import { withDaemonContext } from './risk-context.ts';
import { submitPlan } from './submit-plan.ts';

/** @returns 'disabled', 'rejected', or the disposition of the compound plan ('hold' when nothing pays). */
export async function processCompound(ctx: DaemonContext, queues: Pick<DaemonQueues, 'execute'>, job: Pick<Job, 'id' | 'data' | 'queueName'>): Promise<string> {
  const { vault: name } = parsePayload(vaultJobSchema, job.data, `${job.queueName}/${job.id}`);
  const vault = findVault(ctx, name);
  // Reward streams are asked here, once per compound job (one proof request per stream at most per
  // compounding.checkEverySeconds, cached: src/queue/compose.ts), never in the per-block tick.
  const streamClaims = ctx.streamProofs === undefined ? {} : { proofClient: ctx.streamProofs };
  const observed = await planVault({ ...ctx.keeper, streamClaims, logger: ctx.logger.child({ vault: name, job: job.id }) }, vault);
  if (!observed.ok) return 'rejected';
  const planned = await withDaemonContext(observed, ctx.config, ctx.keeper.strategies, ctx.turnover);
  if (!planned.settings.compounding.enabled) return 'disabled';
  const plan = compoundPlan(planned, planned.settings.compounding.swapSlippageBps);
  const outcome = await submitPlan(ctx, queues, { vault: name, plan, source: 'compound', planned, snapshotBlock: planned.observation.snapshot.block, job: `${job.queueName}/${job.id ?? ''}` });
  return outcome.disposition;
}

/**
 * The decided plan's claims (AVS rewards and LRT reward streams) and swaps (the planner only
 * includes rewards worth their gas),
 * plus deposits of the swaps' guaranteed proceeds into liquid positions per the approved
 * weights. A hold when there is nothing worth claiming.
 */
export function compoundPlan(planned: VaultPlan, slippageBps: number): Plan {
  const { plan, verdict } = planned.decision;
  const claims = plan.actions.filter((a): a is ClaimRewardsAction | ClaimStreamAction => a.kind === 'claim-rewards' || a.kind === 'claim-stream');
  const swaps = plan.actions.filter((a): a is SwapRewardAction => a.kind === 'swap-reward');
  const snapshot = planned.observation.snapshot;
  if (claims.length === 0) return { ...plan, kind: 'hold', reason: nothingToClaim(snapshot.baseFeeWei, planned.settings.risk.maxBaseFeeGwei), actions: [] };
  const targets: DepositTarget[] = planned.specs
    .filter((s) => s.eigen === undefined)
    .flatMap((s) => {
      const weightBps = verdict.approved[s.id] ?? 0;
      const rateWad = snapshot.positions.find((p) => p.positionId === s.id)?.rateWad ?? 0n;
      return weightBps > 0 && rateWad > 0n ? [{ positionId: s.id, weightBps, rateWad }] : [];
    });
  const deposits = compoundDeposits(swaps, targets, slippageBps, 10n ** 15n);
  const actions: Action[] = [...claims, ...swaps, ...deposits];
  const gasUnits = actions.reduce((s, a) => s + a.gas, GAS.bundleOverhead);
  const gasCostWei = BigInt(gasUnits) * snapshot.baseFeeWei;
  return {
    ...plan,
    kind: 'compound',
    reason: `compound: claim ${claims.map(claimText).join(' and ')}, reinvest into ${deposits.map((d) => d.kind === 'deposit-lrt' ? d.positionId : '').join(', ') || 'idle'}`,
    actions,
    totals: { ...plan.totals, gasUnits, gasCostWei, totalCostWei: gasCostWei, movedWei: 0n, slippageWei: 0n, feesWei: 0n, delayCostWei: 0n },
  };
}

/**
 * Why a compound job claims nothing: the decision holds claims through a base-fee spike
 * (src/plan/decide.ts), and "no reward worth claiming" would then misstate why.
 * @example nothingToClaim(158_000_000_000n, 40) // 'claims wait: base fee 158.00 gwei > 40 gwei (nothing unforced is sent above risk.maxBaseFeeGwei)'
 */
export function nothingToClaim(baseFeeWei: bigint, maxBaseFeeGwei: number): string {
  return baseFeeSpike(baseFeeWei, maxBaseFeeGwei) ? `claims wait: base fee ${baseFeeText(baseFeeWei, maxBaseFeeGwei)} (nothing unforced is sent above risk.maxBaseFeeGwei)` : 'no reward worth claiming';
}

function claimText(a: ClaimRewardsAction | ClaimStreamAction): string {
  return a.kind === 'claim-rewards' ? `${a.tokens.length} reward token(s)` : `reward stream ${a.stream}`;
}

/** @returns 'none' when nothing is due, else the disposition of the completion plan. */
export async function processWithdrawals(ctx: DaemonContext, queues: Pick<DaemonQueues, 'execute'>, job: Pick<Job, 'id' | 'data' | 'queueName'>): Promise<string> {
  const { vault: name } = parsePayload(vaultJobSchema, job.data, `${job.queueName}/${job.id}`);
  findVault(ctx, name);
  const head = await ctx.provider.getBlock('latest');
  if (head === null) return 'none';
  const due = await dueCompletions(vaultStores(ctx, name).withdrawals, head.number + 1, head.timestamp + 12);
  if (due.length === 0) return 'none';
  const plan = completionPlan(due, head.number, head.timestamp, head.baseFeePerGas ?? 0n);
  const outcome = await submitPlan(ctx, queues, { vault: name, plan, source: 'withdrawals', snapshotBlock: head.number, job: `${job.queueName}/${job.id ?? ''}` });
  return outcome.disposition;
}
