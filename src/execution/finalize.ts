/**
 * Bookkeeping once a bundle is seen on chain, shared by the executor and by crash recovery:
 * the intent's outcome, the queued exits it created (read from its logs), the tracked
 * withdrawals it completed and, on the eoa backend, the plan's native ETH change net of gas
 * (the book's share of the keeper's ETH, src/reconcile/native-book.ts).
 */
import { Contract, type JsonRpcProvider } from 'ethers';
import type { Action } from '../domain/plan.ts';
import type { PositionSpec } from '../domain/types.ts';
import type { Logger } from '../telemetry/logger.ts';
import { planNativeDelta, type NativeBook } from '../reconcile/native-book.ts';
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
  /** The eoa backend's native ETH ledger; absent: native proceeds are not credited (vault backend, tests). */
  readonly nativeBook?: NativeBook;
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
  if (deps.nativeBook !== undefined && intent.backend === 'eoa') {
    // A node that no longer serves the block before (pruned state, a late recovery) must not
    // block the bookkeeping: the ETH then stays out of the ledger and the log says how to look.
    try {
      await deps.nativeBook.record(intent.vault, intent.planId, await nativeDeltaOf(deps.provider, intent.holder, found));
    } catch (err) {
      deps.logger.warn({ err, plan: intent.planId, block: found.block }, 'native ETH delta of the plan unreadable; not credited to the book');
    }
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

/** The holder's native change in the inclusion block, with the gas its own transactions paid added back. */
async function nativeDeltaOf(provider: JsonRpcProvider, holder: string, found: FoundInclusion): Promise<bigint> {
  const [before, after] = await Promise.all([provider.getBalance(holder, found.block - 1), provider.getBalance(holder, found.block)]);
  const gasPaid = found.receipts.filter((r) => r.from.toLowerCase() === holder.toLowerCase()).reduce((s, r) => s + r.gasUsed * r.gasPrice, 0n);
  return planNativeDelta(before, after, gasPaid);
}

async function minDelay(deps: FinalizeDeps): Promise<number> {
  if (deps.targets.eigen === undefined) return 0;
  const dm = new Contract(deps.targets.eigen.delegationManager, DELEGATION_READS_ABI, deps.provider);
  return Number((await dm.getFunction('minWithdrawalDelayBlocks')()) as bigint);
}
