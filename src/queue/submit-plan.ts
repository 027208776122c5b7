/**
 * From a decided plan to an execute job: the one gate every plan passes, whichever job
 * decided it (observe tick, compound timer, withdrawals timer). In order: nothing to do →
 * hold; paused vault or dry run → audited only; the day's turnover ledger (a rebalance that
 * would take the day over risk.maxTurnoverPerDayBps → limit); the vault's plan slot (one plan in flight,
 * never from an observation older than the last settlement) → busy or stale; else the
 * execute job, whose id is the plan id, so a plan is queued once however many processes
 * decided it.
 */
import type { Plan } from '../domain/plan.ts';
import { planHash, planId as makePlanId } from '../execution/plan-id.ts';
import type { VaultPlan } from '../keeper/tick.ts';
import type { DecisionDisposition, DecisionRecord } from '../state/audit.ts';
import { toJson } from '../state/json-bigint.ts';
import { decisionRecord, housekeepingRecord } from './audit-records.ts';
import type { DaemonContext } from './context.ts';
import type { ExecuteJob } from './payloads.ts';
import type { DaemonQueues } from './queues.ts';

export interface PlanSubmission {
  readonly vault: string;
  readonly plan: Plan;
  readonly source: DecisionRecord['source'];
  /** The observation behind the plan (absent for withdrawal completions planned from Redis). */
  readonly planned?: VaultPlan;
  /** Block of the chain state the plan was decided on. */
  readonly snapshotBlock: number;
  /** `queue/id` of the deciding job, for the audit trail. */
  readonly job?: string;
}

export interface SubmitOutcome {
  readonly disposition: DecisionDisposition;
  readonly planId?: string;
  readonly note?: string;
}

/** @example await submitPlan(ctx, queues, { vault: 'main', plan, source: 'observe', planned, snapshotBlock: 1234 }) // { disposition: 'queued', planId } */
export async function submitPlan(ctx: DaemonContext, queues: Pick<DaemonQueues, 'execute'>, s: PlanSubmission): Promise<SubmitOutcome> {
  const outcome = await gate(ctx, queues, s);
  const meta = {
    vault: s.vault,
    source: s.source,
    disposition: outcome.disposition,
    ...(s.job === undefined ? {} : { job: s.job }),
    ...(outcome.planId === undefined ? {} : { planId: outcome.planId }),
    ...(outcome.note === undefined ? {} : { note: outcome.note }),
  };
  if (outcome.disposition !== 'hold' || ctx.holds.record(s.vault, s.plan.reason, s.snapshotBlock)) {
    await ctx.audit.append(s.planned ? decisionRecord(s.planned, s.plan, meta) : housekeepingRecord(s.plan, meta));
  }
  return outcome;
}

/**
 * The discretionary turnover a submission spends from the day's budget: the verdict's, for a
 * rebalance only. A compounding or withdrawal plan submitted with the tick's decision
 * attached (for the audit trail) moves no weights on its own and is charged nothing.
 */
export function chargedTurnoverBps(s: Pick<PlanSubmission, 'plan' | 'planned'>): number {
  if (s.plan.kind !== 'rebalance') return 0;
  return s.planned?.decision.verdict.turnoverBps ?? 0;
}

async function gate(ctx: DaemonContext, queues: Pick<DaemonQueues, 'execute'>, s: PlanSubmission): Promise<SubmitOutcome> {
  if (s.plan.actions.length === 0) return { disposition: 'hold' };
  const id = makePlanId(s.vault, s.plan.inputs.block, planHash(s.plan.actions));
  const paused = await ctx.paused.get(s.vault);
  if (paused) return { disposition: 'paused', planId: id, note: `paused: ${paused.reason}` };
  if (ctx.settings.dryRun) return { disposition: 'dry-run', planId: id };

  const turnoverBps = chargedTurnoverBps(s);
  const limitBps = s.planned?.settings.risk.maxTurnoverPerDayBps ?? 0;
  const turnover = turnoverBps > 0 ? { key: ctx.turnover.keyOf(s.vault, s.plan.inputs.timestamp), bps: turnoverBps, limitBps } : undefined;
  const claim = await ctx.slots.claim(s.vault, id, s.snapshotBlock, turnover);
  if (!claim.ok) {
    if (claim.why === 'busy') return { disposition: 'busy', planId: id, note: `plan ${claim.holder} is in flight` };
    if (claim.why === 'limit') return { disposition: 'limit', planId: id, note: `TURNOVER: ${claim.usedBps} bps landed today + ${turnoverBps} bps > risk.maxTurnoverPerDayBps ${limitBps}` };
    return { disposition: 'stale', planId: id, note: `observed at block ${s.snapshotBlock}, before the last plan settled at block ${claim.settledBlock}` };
  }
  const snapshot = s.planned?.observation.snapshot;
  const data: ExecuteJob = {
    vault: s.vault,
    planId: id,
    block: s.snapshotBlock,
    source: s.source,
    plan: toJson(s.plan),
    ...(snapshot?.delegatedTo === undefined ? {} : { delegatedTo: snapshot.delegatedTo }),
    ...(s.planned?.observation.minWithdrawalDelayBlocks === undefined ? {} : { withdrawalDelayBlocks: s.planned.observation.minWithdrawalDelayBlocks }),
    slashingSeen: snapshot?.slashing.length ?? 0,
    turnoverBps,
    timestamp: s.plan.inputs.timestamp,
  };
  await queues.execute.add('execute', data, { jobId: id });
  return { disposition: 'queued', planId: id };
}
