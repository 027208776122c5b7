/**
 * The public-mempool fallback: what the executor does when relays cannot land a plan and the
 * operator allowed `execution.allowPublicMempool`. The rules, all enforced here:
 *
 * - When: only with `allowPublicMempool: true`, and only after the relays had their chance
 *   (bundles were sent for every target block and none landed; an attempt whose target block was
 *   mined before it could be sent does not count as a chance), or at once when no relay is
 *   configured. When no bundle went out because fees were above the limits, there is no
 *   fallback either: the public transaction would face the same limits.
 * - What: only plans that are ONE transaction (the vault backend's single `execute`, or an
 *   eoa plan with one call). Several transactions are not atomic in the public mempool (the
 *   first could land without the rest), so such a plan is refused with that reason: the
 *   intent expires (relays tried) or fails before signing (no relay), nothing goes public.
 * - How: the chain first (a landed bundle is recorded as such; a nonce taken by something
 *   else fails the intent), then the plan is rebuilt and re-simulated at the current head
 *   through the same path as bundles (prepareBundle: calls, simulation, post-state probe,
 *   balance checks), the risk re-check runs again, and the transaction is signed with the
 *   SAME nonce as every bundle attempt, so a late bundle and the public transaction can never
 *   both land. Fees respect the configured caps (see publicFees).
 * - Write-ahead: the attempt (route 'public', its hash, a last block to wait for) is appended
 *   to the intent BEFORE eth_sendRawTransaction, exactly like a bundle attempt; the
 *   `afterSend` hook then runs (the daemon emits `bundle.sent` with route 'public').
 * - Inclusion is learnt from receipts only, as for bundles. When the last block passes
 *   without it, the intent stays open ('pending') as long as the node still holds a waiting
 *   transaction with our nonce (it may land later); only when it does not is the intent
 *   expired. Crash recovery (recover.ts) applies the same rule and never sends anything.
 *
 * The transaction goes to the executor's own provider: the chain's rpcUrls. On the devnet that
 * is the relay emulator's public endpoint, whose mempool the block producer mines.
 */
import { Transaction } from 'ethers';
import type { Plan } from '../domain/plan.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { IntentAttempt } from '../state/intents.ts';
import type { ExecutionResult, ExecutorDeps } from './executor-types.ts';
import { nonceOutcome, waitForBlock, type FoundInclusion } from './confirm.ts';
import { postStateChecks, postStateInput } from './post-state.ts';
import { gasLimitFromSimulation } from './fees.ts';
import { recordInclusion } from './finalize.ts';
import { prepareBundle, signAll, type Prepared } from './prepare.ts';
import { feeLimitsFor } from './fees.ts';
import { publicFees, publicTxMayStillLand, sendPublicTransaction } from './public-mempool.ts';

export interface FallbackInput {
  readonly allowPublicMempool: boolean;
  /** Relays configured. */
  readonly relays: number;
  /** Bundle attempts sent on time (one per target block with acceptable fees, not yet mined when the relays answered). */
  readonly bundleAttempts: number;
  /** Bundle attempts whose target block was mined before they could be sent (never a real chance); absent: none. */
  readonly lateAttempts?: number;
  /** Transactions of the plan. */
  readonly txCount: number;
}

export type FallbackDecision = { readonly go: true } | { readonly go: false; readonly reason: string };

/**
 * Whether a plan whose bundles did not land (or that has no relay) may go to the public mempool.
 * @example publicFallbackDecision({ allowPublicMempool: true, relays: 1, bundleAttempts: 3, txCount: 1 }) // { go: true }
 */
export function publicFallbackDecision(input: FallbackInput): FallbackDecision {
  if (!input.allowPublicMempool) return { go: false, reason: 'public mempool fallback not allowed (execution.allowPublicMempool is false)' };
  if (input.relays > 0 && input.bundleAttempts === 0 && (input.lateAttempts ?? 0) > 0) {
    return { go: false, reason: `no public mempool fallback: every bundle (${input.lateAttempts}) was signed after its target block was mined and not sent, so the relays never had their chance` };
  }
  if (input.relays > 0 && input.bundleAttempts === 0) return { go: false, reason: 'no public mempool fallback: no bundle was sent (fees above the limits), so the relays never had their chance' };
  if (input.txCount !== 1) {
    return {
      go: false,
      reason: `no public mempool fallback: the plan has ${input.txCount} transactions, which are not atomic in the public mempool (the first could land without the rest); only single-transaction plans fall back`,
    };
  }
  return { go: true };
}

export interface PublicRun {
  readonly id: string;
  readonly plan: Plan;
  /** The nonce fixed at the first signature (intent.nonces[0]). */
  readonly nonce: number;
  /** Why the bundles did not do it, e.g. "not included in blocks 5, 6, 7" or "no relay configured". */
  readonly why: string;
}

/**
 * Sends the plan's single transaction to the public mempool and follows it on chain.
 * Call only after publicFallbackDecision said go; the intent must be open with its nonces set.
 */
export async function sendPublic(deps: ExecutorDeps, log: Logger, run: PublicRun, base: Omit<ExecutionResult, 'status'>): Promise<ExecutionResult> {
  const { id, plan, nonce } = run;
  const publicBase = { ...base, route: 'public' as const };
  const giveUp = async (status: 'expired' | 'failed', detail: string): Promise<ExecutionResult> => {
    const reason = `${run.why}; public mempool fallback: ${detail}`;
    await deps.intents.update(id, (x) => ({ ...x, status, reason }));
    log.warn({ plan: id, reason }, 'public mempool fallback gave up');
    return { ...publicBase, status, reason };
  };

  // The chain first: a bundle that landed after all is recorded as such, never doubled.
  const intent = await deps.intents.get(id);
  if (intent === undefined) return { ...publicBase, status: 'failed', reason: `intent ${id} disappeared before the public mempool fallback` };
  const early = await nonceOutcome(deps.provider, deps.signer.address, nonce, intent.attempts);
  if (early.kind === 'included') return included(deps, id, early.found, undefined, publicBase);
  if (early.kind === 'nonce-taken') return giveUp('failed', `nonce ${nonce} was used by another transaction`);

  const head = await deps.provider.getBlock('latest');
  if (head === null) return giveUp('expired', 'latest block unavailable');
  const fees = publicFees(head.baseFeePerGas ?? 0n, feeLimitsFor(plan, deps.settings));
  if (!fees.ok) return giveUp('expired', fees.reason);
  let prepared: Prepared;
  try {
    prepared = await prepareBundle(deps, { plan, nonce, fees, head: { number: head.number, timestamp: head.timestamp }, toleranceBps: deps.settings.simulationToleranceBps });
  } catch (err) {
    return giveUp('expired', `could not rebuild or re-simulate at block ${head.number}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  if (prepared.problems.length > 0) return giveUp('expired', `re-simulation at block ${head.number} refused it: ${prepared.problems.join('; ')}`);
  const [tx] = prepared.txs;
  const [simulated] = prepared.simulation.txs;
  if (tx === undefined || simulated === undefined || prepared.txs.length !== 1) return giveUp('expired', `the rebuilt plan has ${prepared.txs.length} transactions, not one`);
  const reasons = deps.recheck ? await deps.recheck(plan) : [];
  if (reasons.length > 0) return giveUp('expired', `risk re-check before sending: ${reasons.join('; ')}`);

  const gasLimit = gasLimitFromSimulation(simulated.gasUsed);
  const [raw] = await signAll(deps.signer, [tx], nonce, fees, () => gasLimit, deps.targets.chainId);
  if (raw === undefined) return giveUp('expired', 'signing produced nothing');
  const hash = Transaction.from(raw).hash?.toLowerCase() ?? '';
  const lastBlock = head.number + Math.max(1, deps.settings.blocksToTarget);
  const attempt: IntentAttempt = {
    route: 'public', targetBlock: lastBlock, txHashes: [hash], maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    signedAt: Math.floor(Date.now() / 1000), sentTo: [],
  };
  // Written before sending: after a crash, recovery knows the hash that may be out there.
  await deps.intents.update(id, (x) => ({ ...x, status: 'signed', attempts: [...x.attempts, attempt] }));
  const outcome = await sendPublicTransaction(deps.provider, raw);
  const done: IntentAttempt = { ...attempt, sentTo: [outcome] };
  await deps.intents.update(id, (x) => ({ ...x, status: 'sent', attempts: [...x.attempts.slice(0, -1), done] }));
  log.info({ plan: id, tx: hash, nonce, lastBlock, outcome: outcome.outcome, error: outcome.error }, 'public transaction sent');
  await deps.hooks?.afterSend?.(done);

  for (let block = head.number + 1; block <= lastBlock; block++) {
    if (!(await waitForBlock(deps.provider, block, deps.settings.pollIntervalMs, deps.settings.blockWaitTimeoutMs))) {
      return { ...publicBase, status: 'pending', reason: `block ${block} did not arrive in time; recovery will resolve public transaction ${hash}` };
    }
    const current = await deps.intents.get(id);
    const outcome = await nonceOutcome(deps.provider, deps.signer.address, nonce, current?.attempts ?? [done]);
    if (outcome.kind === 'included') return included(deps, id, outcome.found, prepared, publicBase);
    if (outcome.kind === 'nonce-taken') return giveUp('failed', `nonce ${nonce} was used by another transaction`);
  }
  if (await publicTxMayStillLand(deps.provider, deps.signer.address, nonce)) {
    return { ...publicBase, status: 'pending', reason: `public transaction ${hash} not mined by block ${lastBlock} but still waiting in the mempool; recovery will resolve it from the chain` };
  }
  // It may have landed between the reads above: the chain has the last word.
  const last = await nonceOutcome(deps.provider, deps.signer.address, nonce, (await deps.intents.get(id))?.attempts ?? [done]);
  if (last.kind === 'included') return included(deps, id, last.found, prepared, publicBase);
  if (last.kind === 'nonce-taken') return giveUp('failed', `nonce ${nonce} was used by another transaction`);
  return giveUp('expired', `transaction ${hash} not mined by block ${lastBlock} and no longer waiting in the mempool`);
}

/** Bookkeeping as for a bundle, and the balance changes against the plan when the probe is at hand. */
async function included(deps: ExecutorDeps, id: string, found: FoundInclusion, prepared: Prepared | undefined, base: Omit<ExecutionResult, 'status'>): Promise<ExecutionResult> {
  const intent = await deps.intents.get(id);
  if (intent === undefined) return { ...base, status: 'failed', reason: `intent ${id} disappeared before its inclusion was recorded` };
  const next = await recordInclusion(deps, intent, found);
  const route = found.attempt.route ?? 'bundle';
  let postChecks: ExecutionResult['postChecks'];
  if (prepared !== undefined) {
    postChecks = await postStateChecks(postStateInput(deps), prepared, found);
  }
  return {
    ...base, route, status: next.status === 'included' ? 'included' : 'failed', inclusionBlock: found.block, gasUsed: found.gasUsed,
    ...(postChecks !== undefined ? { postChecks } : {}),
    ...(next.reason !== undefined ? { reason: next.reason } : {}),
  };
}
