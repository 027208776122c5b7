/**
 * The execute job: one plan, under the signer's lock, through the executor (intent first,
 * simulate, re-check risk, sign, send for the next blocks, wait for inclusion). Then the
 * confirm job takes over. Safe to run again after a crash at any point:
 * - the intent for this plan id exists → never executed again; confirm resolves it from chain;
 * - the vault's slot is no longer this plan's → the plan was settled or superseded: dropped;
 * - the plan is older than the vault's staleness limit → dropped (the next tick re-plans);
 * - the executor fails after a bundle went out → handed to confirmation, never failed
 *   (execution-handover.ts): the bundle may still land.
 * Before anything is signed, open intents of every vault sharing the signer are resolved,
 * so a crashed bundle of another vault can never race this one's nonce.
 */
import type { Job } from 'bullmq';
import type { Plan } from '../domain/plan.ts';
import { resolveVaultSettings } from '../config/vault-settings.ts';
import type { ExecutionResult } from '../execution/executor.ts';
import { planStillSafe } from '../execution/recheck.ts';
import { planVault } from '../keeper/tick.ts';
import { positionSpecs } from '../keeper/universe.ts';
import { SECONDS_PER_BLOCK } from '../keeper/targets.ts';
import { withLock } from '../state/locks.ts';
import { fromJson, toJson } from '../state/json-bigint.ts';
import { executionRecord } from './audit-records.ts';
import type { DaemonContext } from './context.ts';
import { executorFor, findVault, vaultStores } from './context.ts';
import { emitMisses } from './events.ts';
import { signerLockKey } from './names.ts';
import { handOverToConfirmation } from './execution-handover.ts';
import { reasonOf } from './failures.ts';
import { executeJobSchema, parsePayload, type ConfirmJob, type ExecuteJob } from './payloads.ts';
import { jobProgress } from './job-summary.ts';
import type { DaemonQueues } from './queues.ts';

/**
 * Reports its stage as BullMQ progress text (the dashboard shows it): an execute job can wait
 * minutes for the signer lock and for inclusion over several blocks.
 * @returns the execution status ('included', 'refused', 'resumed', 'dropped', 'stale', …).
 */
export async function processExecute(ctx: DaemonContext, queues: Pick<DaemonQueues, 'confirm'>, job: Pick<Job, 'id' | 'data' | 'queueName'> & Partial<Pick<Job, 'updateProgress'>>): Promise<string> {
  const data = parsePayload(executeJobSchema, job.data, `${job.queueName}/${job.id}`);
  const vault = findVault(ctx, data.vault);
  const plan = fromJson<Plan>(data.plan);
  const log = ctx.logger.child({ vault: vault.name, job: job.id, block: data.block, plan: data.planId });
  const where = `${job.queueName}/${job.id ?? ''}`;

  const holder = await ctx.slots.holder(vault.name);
  if (holder !== data.planId) {
    log.warn({ holder }, 'plan no longer holds the vault slot: dropped');
    await jobProgress(job, `dropped: the vault's plan slot is held by ${holder ?? 'nobody'}`);
    return 'dropped';
  }
  await jobProgress(job, 'waiting for the signer lock');
  return withLock(ctx.redis, signerLockKey(ctx.config.queue.prefix, ctx.signer.address), { ttlMs: ctx.settings.signerLockTtlMs, waitMs: ctx.settings.signerLockWaitMs }, async (lock) => {
    await resolveSignerIntents(ctx, vault.name);
    const { intents } = vaultStores(ctx, vault.name);
    if ((await intents.get(data.planId)) !== undefined) {
      // A previous attempt (maybe in a process that died) got as far as the intent.
      log.info('intent exists: resuming at confirmation, nothing is sent again');
      await jobProgress(job, 'resumed: the intent exists, handed to confirmation (nothing is sent again)');
      await enqueueConfirm(queues, data, plan, resumed(data.planId));
      return 'resumed';
    }
    const settings = resolveVaultSettings(ctx.config, vault);
    const head = await ctx.provider.getBlock('latest');
    if (head !== null && head.timestamp - plan.inputs.timestamp > settings.risk.staleAfterSeconds) {
      const result = dropped(data.planId, `plan from block ${plan.inputs.block} is older than risk.staleAfterSeconds (${settings.risk.staleAfterSeconds} s) at block ${head.number}`);
      await ctx.audit.append(executionRecord(vault.name, plan, result, where));
      await enqueueConfirm(queues, data, plan, result);
      await jobProgress(job, `dropped: ${result.reason ?? 'stale plan'}`);
      return 'stale';
    }
    const specs = positionSpecs(ctx.config, {
      ...(data.delegatedTo === undefined ? {} : { delegatedTo: data.delegatedTo as `0x${string}` }),
      ...(data.withdrawalDelayBlocks === undefined ? {} : { withdrawalDelayBlocks: data.withdrawalDelayBlocks }),
      secondsPerBlock: SECONDS_PER_BLOCK,
    });
    const recheck =
      data.source === 'withdrawals'
        ? undefined
        : async (p: Plan): Promise<readonly string[]> => {
            const again = await planVault({ ...ctx.keeper, logger: log }, vault);
            return again.ok ? planStillSafe(p, again.observation.snapshot, settings.risk, data.slashingSeen) : again.reasons.map((r) => `re-observation rejected: ${r}`);
          };
    let sent = 0;
    const executor = executorFor(ctx, vault, specs, {
      ...(recheck ? { recheck } : {}),
      maxBaseFeeGwei: settings.risk.maxBaseFeeGwei,
      hooks: {
        afterSend: async (attempt) => {
          sent += 1;
          await jobProgress(job, `sent for block ${attempt.targetBlock} (attempt ${sent}, ${attempt.sentTo.length} relay${attempt.sentTo.length === 1 ? '' : 's'}${attempt.route === 'public' ? ', public mempool' : ''}); waiting for inclusion`);
          ctx.events.emit('bundle.sent', { vault: vault.name, planId: data.planId, targetBlock: attempt.targetBlock, relays: attempt.sentTo.length, ...(attempt.route === undefined ? {} : { route: attempt.route }) });
          if (!lock.held()) log.error('signer lock lost while sending; another process may be signing');
        },
      },
    });
    log.info({ kind: plan.kind, actions: plan.actions.length }, 'executing plan');
    await jobProgress(job, `executing ${plan.kind} (${plan.actions.length} action${plan.actions.length === 1 ? '' : 's'}): re-check, simulate, sign, send`);
    let result: ExecutionResult;
    try {
      result = await executor.execute(plan);
    } catch (err) {
      const handed = await handOverToConfirmation(intents, data.planId, err);
      if (handed === undefined) throw err;
      log.warn({ err: { message: reasonOf(err) } }, 'execution stopped after a bundle was sent: confirming from the chain');
      result = handed;
    }
    await ctx.audit.append(executionRecord(vault.name, plan, result, where));
    emitMisses(ctx.events, vault.name, result);
    log.info({ status: result.status, reason: result.reason, inclusionBlock: result.inclusionBlock }, 'plan executed');
    await enqueueConfirm(queues, data, plan, result);
    await jobProgress(job, `${result.status}${result.inclusionBlock === undefined ? '' : ` in block ${result.inclusionBlock}`}${result.reason ? `: ${result.reason}` : ''}; handed to confirmation`);
    return result.status;
  });
}

/**
 * Resolves (from the chain) the open intents of every vault this signer serves; waits for
 * pending ones up to their last target block. Nothing new may be signed while one is open.
 */
export async function resolveSignerIntents(ctx: DaemonContext, except?: string): Promise<void> {
  for (const vault of ctx.config.vaults) {
    if (vault.name === except) continue;
    const { intents } = vaultStores(ctx, vault.name);
    if ((await intents.open()).length === 0) continue;
    await executorFor(ctx, vault, positionSpecs(ctx.config)).recover({ wait: true });
  }
}

export async function enqueueConfirm(queues: Pick<DaemonQueues, 'confirm'>, data: ExecuteJob, plan: Plan, result: ExecutionResult): Promise<void> {
  const job: ConfirmJob = {
    vault: data.vault,
    planId: data.planId,
    result: toJson(result),
    expectedYearlyGainWei: plan.expectedYearlyGainWei.toString(),
    totalCostWei: plan.totals.totalCostWei.toString(),
    gasCostWei: plan.totals.gasCostWei.toString(),
    turnoverBps: data.turnoverBps ?? 0,
    timestamp: data.timestamp ?? plan.inputs.timestamp,
  };
  await queues.confirm.add('confirm', job, { jobId: data.planId });
}

function resumed(planId: string): ExecutionResult {
  return { planId, status: 'pending', reason: 'resumed after an interrupted execution', calls: [], txCount: 0, targetBlocks: [], bundleHashes: [] };
}

function dropped(planId: string, reason: string): ExecutionResult {
  return { planId, status: 'refused', reason, calls: [], txCount: 0, targetBlocks: [], bundleHashes: [] };
}
