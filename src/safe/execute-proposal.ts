/**
 * Executes a pending proposal once enough owners signed it, through the keeper's usual
 * executor (intent first, whole-bundle simulation with the post-state probe, private bundle,
 * inclusion from receipts). Refused, and closed for good, when the proposal no longer holds:
 * expired, replaced by a newer plan, its Safe nonce already used, the plan's risk re-check
 * failing (prices moved past the limits), or the simulation no longer matching the plan.
 * Exactly once: the executor's intent is one per plan id, ever, and the Safe's nonce lets
 * one transaction per nonce land.
 */
import { Contract } from 'ethers';
import type { ExecutionResult, ExecutorDeps, RiskRecheck } from '../execution/executor-types.ts';
import { createExecutor } from '../execution/executor.ts';
import { safeExecBackend } from '../execution/safe-exec-backend.ts';
import { SAFE_ABI } from './abi.ts';
import type { SafeProposal } from './proposal.ts';
import type { ProposalStore } from './proposal-store.ts';
import { ownerSignatures } from './signatures.ts';
import { packSignatures } from './safe-tx.ts';

export type ExecuteProposalDeps = Omit<ExecutorDeps, 'backend' | 'recheck'> & {
  readonly store: ProposalStore;
  /** The keeper's usual re-check before sending (re-observe; depeg, slashing, base fee). */
  readonly recheck?: RiskRecheck;
};

export type ProposalExecution =
  | { readonly status: 'not-ready'; readonly reason: string; readonly proposal: SafeProposal }
  | { readonly status: 'closed'; readonly reason: string; readonly proposal: SafeProposal }
  | { readonly status: 'executed' | 'not-executed'; readonly result: ExecutionResult; readonly proposal: SafeProposal };

/** @example const r = await executeProposal(deps, await store.resolve('0x1234ab')); */
export async function executeProposal(deps: ExecuteProposalDeps, given: SafeProposal): Promise<ProposalExecution> {
  // The store is the truth: a caller's copy may predate another process's execution.
  const proposal = (await deps.store.get(given.id)) ?? given;
  if (proposal.status !== 'pending') return { status: 'closed', reason: `proposal is ${proposal.status}${proposal.reason ? `: ${proposal.reason}` : ''}`, proposal };
  const close = async (status: SafeProposal['status'], reason: string): Promise<ProposalExecution> => ({ status: 'closed', reason, proposal: await deps.store.update(proposal.id, (p) => ({ ...p, status, reason })) });

  const head = await deps.provider.getBlock('latest');
  if (head !== null && head.timestamp > proposal.expiresAt) return close('expired', `expired at ${new Date(proposal.expiresAt * 1000).toISOString()} (chain time)`);
  const safe = new Contract(proposal.safe, SAFE_ABI, deps.provider);
  const [nonce, threshold, owners] = (await Promise.all([safe.getFunction('nonce')(), safe.getFunction('getThreshold')(), safe.getFunction('getOwners')()])) as [bigint, bigint, string[]];
  if (nonce !== proposal.safeTx.nonce) return close('superseded', `the Safe's nonce is ${nonce}, the proposal's ${proposal.safeTx.nonce}: another Safe transaction used it`);
  const signatures = ownerSignatures(proposal.signatures, owners);
  if (BigInt(signatures.size) < threshold) return { status: 'not-ready', reason: `${signatures.size} of ${threshold} owner signatures`, proposal };

  const backend = safeExecBackend({ safe: proposal.safe, safeTx: proposal.safeTx, signatures: packSignatures(signatures) });
  const stillCurrent: RiskRecheck = async (plan) => {
    const now = await deps.store.get(proposal.id);
    const reasons = now?.status === 'pending' ? [] : [`proposal is ${now?.status ?? 'gone'}${now?.reason ? `: ${now.reason}` : ''}`];
    return [...reasons, ...(deps.recheck ? await deps.recheck(plan) : [])];
  };
  const { store: _store, recheck: _recheck, ...executorDeps } = deps;
  const result = await createExecutor({ ...executorDeps, backend, recheck: stillCurrent }).execute(proposal.plan);
  const intent = await deps.intents.get(result.planId);
  const inclusion = intent?.status === 'included' ? intent.inclusion : undefined;
  const execution = { planId: result.planId, ...(inclusion ? { block: inclusion.block, gasUsed: inclusion.gasUsed, ...(inclusion.txHashes[0] ? { txHash: inclusion.txHashes[0] } : {}) } : {}) };
  // Pending (no answer yet) leaves the proposal open for recovery; every other outcome closes it.
  // A duplicate is this plan's earlier attempt (e.g. before a crash): its intent says how it ended.
  if (result.status === 'pending' || result.status === 'blocked') return { status: 'not-executed', result, proposal: await deps.store.update(proposal.id, (p) => ({ ...p, execution })) };
  const status = result.status === 'included' || (result.status === 'duplicate' && inclusion !== undefined) ? 'executed' : 'refused';
  const updated = await deps.store.update(proposal.id, (p) => ({ ...p, status, execution, ...(status === 'refused' ? { reason: `${result.status}: ${result.reason ?? ''}` } : {}) }));
  return { status: status === 'executed' ? 'executed' : 'not-executed', result, proposal: updated };
}
