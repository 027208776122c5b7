/**
 * The confirm job: what became of a plan, from the chain. Resolves the plan's intent if it
 * is still open (receipts by hash, the signer's nonce; retried with backoff while a target
 * block is still ahead), writes the outcome (receipts, gas paid, realised vs expected
 * balance changes) to the audit log, and settles the vault's plan slot so the next plan
 * may go, never from an observation taken before this settlement. The slot is settled as
 * soon as the intent is, before the audit's RPC reads (settle-slot.ts).
 *
 * An included plan is settled only once final: `chain.confirmations` blocks on top of it,
 * receipts re-checked on every retry (finality.ts). A plan whose block a reorg took away is
 * recorded `reorged` (outcome record with the reason), counts no turnover, and frees the slot
 * at the current head, so the next tick re-decides from fresh state.
 */
import type { Job } from 'bullmq';
import { RetryableError } from '../domain/errors.ts';
import { ethText } from '../domain/units.ts';
import type { ExecutionResult } from '../execution/executor.ts';
import { positionSpecs } from '../keeper/universe.ts';
import type { OutcomeRecord, ReceiptSummary } from '../state/audit.ts';
import { finalityOf } from '../execution/finality.ts';
import { TERMINAL_STATUSES, type Intent, type IntentStore } from '../state/intents.ts';
import { fromJson } from '../state/json-bigint.ts';
import type { DaemonContext } from './context.ts';
import { executorFor, findVault, vaultStores } from './context.ts';
import { emitIncluded } from './events.ts';
import { confirmJobSchema, parsePayload } from './payloads.ts';
import { settleSlotOfPlan } from './settle-slot.ts';
import { jobProgress } from './job-summary.ts';

/**
 * Reports its stage as BullMQ progress text (the dashboard shows it): a confirm job retries
 * while the bundle is pending and while confirmations are missing.
 * @returns the intent's final status, or the execution status when nothing was signed.
 */
export async function processConfirm(ctx: DaemonContext, job: Pick<Job, 'id' | 'data' | 'queueName'> & Partial<Pick<Job, 'updateProgress'>>): Promise<string> {
  const data = parsePayload(confirmJobSchema, job.data, `${job.queueName}/${job.id}`);
  const vault = findVault(ctx, data.vault);
  const result = fromJson<ExecutionResult>(data.result);
  const { intents } = vaultStores(ctx, vault.name);
  let intent = await intents.get(data.planId);
  if (intent !== undefined && !TERMINAL_STATUSES.includes(intent.status)) {
    try {
      await executorFor(ctx, vault, positionSpecs(ctx.config)).recover({ wait: true });
    } catch (err) {
      // Another process may have resolved it first (terminal intents refuse updates); re-read decides.
      ctx.logger.debug({ err, plan: data.planId }, 'recovery raced another resolver');
    }
    intent = await intents.get(data.planId);
    if (intent !== undefined && !TERMINAL_STATUSES.includes(intent.status)) {
      await jobProgress(job, `bundle still pending on chain (${intent.attempts.length} attempt${intent.attempts.length === 1 ? '' : 's'}); checking again`);
      throw new RetryableError('intent still pending on chain', { details: [`plan: ${data.planId}`, `status: ${intent.status}`] });
    }
  }
  if (intent?.status === 'included') intent = await awaitFinality(ctx, intents, intent, job);
  const status = intent?.status ?? result.status;
  // Ledger first, slot second (a freed slot lets the next plan claim against the ledger),
  // both before any RPC read: a failing node must not hold the slot (settle-slot.ts).
  if (intent?.status === 'included' && data.turnoverBps > 0) await ctx.turnover.add(vault.name, data.timestamp, data.turnoverBps, data.planId);
  await settleSlotOfPlan(ctx.slots, ctx.provider, vault.name, data.planId, intent);
  const receipts = intent?.inclusion ? await receiptsOf(ctx, intent.inclusion.txHashes) : [];
  const gasCostWei = receipts.reduce((s, r) => s + r.gasUsed * r.effectiveGasPriceWei, 0n);
  const checks = result.postChecks ?? [];
  const record: OutcomeRecord = {
    kind: 'outcome',
    vault: vault.name,
    at: Date.now(),
    job: `${job.queueName}/${job.id ?? ''}`,
    planId: data.planId,
    status,
    ...((intent?.reason ?? result.reason) === undefined ? {} : { reason: intent?.reason ?? result.reason }),
    ...(intent?.inclusion ? { inclusionBlock: intent.inclusion.block } : {}),
    receipts,
    expected: { yearlyGainWei: BigInt(data.expectedYearlyGainWei), totalCostWei: BigInt(data.totalCostWei), gasCostWei: BigInt(data.gasCostWei) },
    realised: { gasCostWei, balanceChecks: checks, checksOk: checks.length === 0 ? null : checks.every((c) => c.ok) },
  };
  await ctx.audit.append(record);
  if (intent?.status === 'included') emitIncluded(ctx.events, intent as Intent, gasCostWei);
  if (intent && (intent.status === 'expired' || intent.status === 'failed') && intent.attempts.length > 0) {
    const last = intent.attempts[intent.attempts.length - 1];
    ctx.events.emit('bundle.missed', { vault: vault.name, planId: data.planId, targetBlock: last?.targetBlock ?? 0, blocksMissed: intent.attempts.length, final: true });
  }
  const settled = settledText(data.planId, status, intent?.inclusion?.block, gasCostWei);
  ctx.logger.info({ vault: vault.name, plan: data.planId, status, inclusionBlock: intent?.inclusion?.block, gasCost: ethText(gasCostWei) }, settled);
  await jobProgress(job, settled);
  return status;
}

/**
 * The settlement log line in plain units (the exact wei is in the audit log's outcome record).
 * @example settledText('main-120-ab12', 'included', 121, 10_210_000_000_000_000n) // 'plan main-120-ab12 settled: included in block 121, gas 0.0102 ETH'
 */
export function settledText(planId: string, status: string, block: number | undefined, gasCostWei: bigint): string {
  return `plan ${planId} settled: ${status}${block === undefined ? '' : ` in block ${block}`}${gasCostWei > 0n ? `, gas ${ethText(gasCostWei)}` : ''}`;
}

/** The intent once final (as is), or `reorged`; throws a retryable error while confirmations are missing. */
async function awaitFinality(ctx: DaemonContext, intents: IntentStore, intent: Intent, job: Partial<Pick<Job, 'updateProgress'>>): Promise<Intent> {
  const finality = await finalityOf(ctx.provider, intent, ctx.config.chain.confirmations);
  if (finality.kind === 'pending') {
    await jobProgress(job, `included in block ${finality.block}; waiting for ${finality.blocksLeft} more confirmation${finality.blocksLeft === 1 ? '' : 's'}`);
    throw new RetryableError('waiting for confirmations', { details: [`plan: ${intent.planId}`, `block: ${finality.block}`, `blocks to go: ${finality.blocksLeft}`] });
  }
  if (finality.kind === 'final') return intent;
  ctx.logger.warn({ vault: intent.vault, plan: intent.planId, block: intent.inclusion?.block, reason: finality.reason }, 'included plan reorged out: re-deciding from fresh state');
  return intents.reorged(intent.planId, finality.reason);
}

async function receiptsOf(ctx: DaemonContext, hashes: readonly string[]): Promise<ReceiptSummary[]> {
  const out: ReceiptSummary[] = [];
  for (const hash of hashes) {
    const r = await ctx.provider.getTransactionReceipt(hash);
    if (r === null) continue;
    out.push({ hash, block: r.blockNumber, status: r.status ?? 0, gasUsed: r.gasUsed, effectiveGasPriceWei: r.gasPrice });
  }
  return out;
}
