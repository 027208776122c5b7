/**
 * The observe job: one vault at one block. Observe → estimate → decide (planVault, the same
 * code as `keeper plan`), audit the decision, hand an actionable plan to the execute
 * queue through the vault's plan slot, and announce breakers that tripped or reset. Idempotent: a retried tick decides again from the
 * chain, and the plan id makes a repeated plan a no-op.
 */
import type { Job } from 'bullmq';
import { planVault } from '../keeper/tick.ts';
import type { DaemonContext } from './context.ts';
import { findVault } from './context.ts';
import { emitBreakerTransitions } from './breaker-events.ts';
import { emitDecision, emitRejected } from './events.ts';
import { emitReconciliation } from '../reconcile/emit.ts';
import { observeJobSchema, parsePayload } from './payloads.ts';
import type { DaemonQueues } from './queues.ts';
import { withDaemonContext } from './risk-context.ts';
import { submitPlan } from './submit-plan.ts';

/** @returns the decision's disposition ('queued', 'hold', 'busy', …) or 'rejected'. */
export async function processObserve(ctx: DaemonContext, queues: Pick<DaemonQueues, 'execute'>, job: Pick<Job, 'id' | 'data' | 'queueName'>): Promise<string> {
  const data = parsePayload(observeJobSchema, job.data, `${job.queueName}/${job.id}`);
  const vault = findVault(ctx, data.vault);
  const where = `${job.queueName}/${job.id ?? ''}`;
  const observed = await planVault({ ...ctx.keeper, logger: ctx.logger.child({ vault: vault.name, job: job.id, block: data.block }) }, vault);
  const planned = observed.ok ? await withDaemonContext(observed, ctx.config, ctx.keeper.strategies, ctx.turnover) : observed;
  if (!planned.ok) {
    await ctx.audit.append({ kind: 'rejected', vault: vault.name, at: Date.now(), job: where, ...(planned.block === undefined ? {} : { block: planned.block }), reasons: planned.reasons });
    emitRejected(ctx.events, vault.name, planned.block, planned.reasons);
    return 'rejected';
  }
  emitReconciliation(ctx.events, vault.name, planned.reconciliation, ctx.logger);
  const { plan } = planned.decision;
  const outcome = await submitPlan(ctx, queues, { vault: vault.name, plan, source: 'observe', planned, snapshotBlock: planned.observation.snapshot.block, job: where });
  emitDecision(ctx.events, vault.name, planned, outcome.planId);
  // Breaker state is telemetry: a failed update must not fail the tick, and the next block's
  // observation catches up (it compares with the stored set, not with this one).
  await emitBreakerTransitions(ctx, vault.name, planned).catch((err: unknown) => ctx.logger.warn({ err, vault: vault.name, block: planned.observation.snapshot.block }, 'breaker state not updated'));
  // 'busy' re-derives the plan every block while another one of the vault is in flight: worth a
  // line for debugging, noise at INFO (the queued plan has its own line, as does its outcome).
  if (outcome.disposition !== 'hold') {
    const level = outcome.disposition === 'busy' ? 'debug' : 'info';
    ctx.logger[level]({ vault: vault.name, job: job.id, block: planned.observation.snapshot.block, plan: outcome.planId, kind: plan.kind, disposition: outcome.disposition }, plan.reason);
  }
  return outcome.disposition;
}
