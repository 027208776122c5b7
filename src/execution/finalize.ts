/**
 * Bookkeeping once a bundle is seen on chain, shared by the executor and by crash recovery:
 * the intent's outcome, the queued exits it created (read from its logs) and the tracked
 * withdrawals it completed.
 */
import { Contract, type JsonRpcProvider } from 'ethers';
import type { Action } from '../domain/plan.ts';
import type { PositionSpec } from '../domain/types.ts';
import type { Logger } from '../telemetry/logger.ts';
import { DELEGATION_READS_ABI } from '../protocols/eigenlayer/reads.ts';
import type { Intent, IntentStore } from '../state/intents.ts';
import type { WithdrawalStore } from '../state/withdrawals.ts';
import type { FoundInclusion } from './confirm.ts';
import type { ExecutionTargets } from './targets.ts';
import { queuedFromLogs } from './withdrawal-events.ts';

export interface FinalizeDeps {
  readonly provider: JsonRpcProvider;
  readonly intents: IntentStore;
  readonly withdrawals: WithdrawalStore;
  readonly targets: ExecutionTargets;
  readonly specs: readonly PositionSpec[];
  readonly logger: Logger;
}

/** Marks the intent included (or failed when a transaction reverted) and updates withdrawal tracking. */
export async function recordInclusion(deps: FinalizeDeps, intent: Intent, found: FoundInclusion): Promise<Intent> {
  const actions = intent.actions as Action[];
  const block = await deps.provider.getBlock(found.block);
  const delay = await minDelay(deps);
  const queued = queuedFromLogs(
    found.receipts.flatMap((r) => r.logs),
    { vault: intent.vault, holder: intent.holder, specs: deps.specs, targets: deps.targets, actions, block: found.block, timestamp: block?.timestamp ?? 0, minWithdrawalDelayBlocks: delay },
  );
  for (const record of queued) await deps.withdrawals.put(record);
  if (found.success) {
    for (const a of actions) if (a.kind === 'complete-withdrawal') await deps.withdrawals.markCompleted(a.withdrawalId, found.block);
  }
  const inclusion = { block: found.block, txHashes: found.txHashes, gasUsed: found.gasUsed, success: found.success };
  const next = await deps.intents.update(intent.planId, (i) => ({
    ...i,
    status: found.success ? 'included' : 'failed',
    inclusion,
    ...(found.success ? {} : { reason: 'included but a transaction reverted' }),
  }));
  deps.logger.info({ plan: intent.planId, block: found.block, gasUsed: found.gasUsed.toString(), queued: queued.length, success: found.success }, 'bundle on chain');
  return next;
}

async function minDelay(deps: FinalizeDeps): Promise<number> {
  if (deps.targets.eigen === undefined) return 0;
  const dm = new Contract(deps.targets.eigen.delegationManager, DELEGATION_READS_ABI, deps.provider);
  return Number((await dm.getFunction('minWithdrawalDelayBlocks')()) as bigint);
}
