/**
 * The executor: one plan → one simulated, signed, relayed bundle, with every step written to
 * the intent store first so that a crash can never send twice.
 *
 * Order of a run: resolve open intents from the chain (refuse to go on while one may still
 * land) → create the intent (one per plan id, ever) → build and simulate the bundle with the
 * post-state probe → refuse on any failure or surprise → re-check risk (injected) → for each
 * of the next `blocksToTarget` blocks: fresh fees, re-sign with the SAME nonces, record the
 * attempt, send to every relay for exactly the next block, wait for that block, look for our
 * receipts. An attempt whose target block was already mined once it was signed and recorded
 * (a slow keeper, RPC or Redis) is not sent, is marked late and does not use up one of the
 * `blocksToTarget` blocks: the loop tries the next block instead, at most `blocksToTarget`
 * times more. Inclusion is
 * learnt from receipts only; relay answers are only logged. When every
 * target block was missed (or no relay is configured), public-fallback.ts decides whether the
 * plan may go to the public mempool instead.
 */
import { Transaction } from 'ethers';
import type { Plan } from '../domain/plan.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { Intent, IntentAttempt } from '../state/intents.ts';
import { nonceOutcome, waitForBlock } from './confirm.ts';
import type { ExecutionResult, ExecutorDeps } from './executor-types.ts';
import { chooseFees, feeLimitsFor, gasLimitFromSimulation } from './fees.ts';
import { recordInclusion } from './finalize.ts';
import { planHash, planId } from './plan-id.ts';
import { prepareBundle, signAll, type Prepared } from './prepare.ts';
import { postStateChecks, postStateInput } from './post-state.ts';
import { publicFallbackDecision, sendPublic } from './public-fallback.ts';
import { resolveOpenIntents } from './recover.ts';

export type { ExecutionResult, ExecutionStatus, ExecutorDeps, ExecutorHooks, ExecutorSettings, RiskRecheck } from './executor-types.ts';

export interface Executor {
  /** Resolves open intents from the chain; call at start and before planning. */
  recover(opts?: { wait: boolean }): ReturnType<typeof resolveOpenIntents>;
  execute(plan: Plan, opts?: { dryRun?: boolean }): Promise<ExecutionResult>;
}

/** @example const executor = createExecutor(deps); await executor.recover(); await executor.execute(plan); */
export function createExecutor(deps: ExecutorDeps): Executor {
  const log = deps.logger.child({ component: 'executor', vault: deps.settings.vault });
  const recoveryDeps = { ...deps, pollIntervalMs: deps.settings.pollIntervalMs, blockWaitTimeoutMs: deps.settings.blockWaitTimeoutMs };
  return {
    recover: (opts = { wait: true }) => resolveOpenIntents(recoveryDeps, opts),
    async execute(plan, opts = {}) {
      const id = planId(deps.settings.vault, plan.inputs.block, planHash(plan.actions));
      const base = { planId: id, calls: [] as string[], txCount: 0, targetBlocks: [] as number[], bundleHashes: [] as string[] };
      if (plan.actions.length === 0) return { ...base, status: 'hold', reason: plan.reason };
      if (deps.relays.length === 0 && !deps.settings.allowPublicMempool) return { ...base, status: 'refused', reason: 'no relay configured and the public mempool is not allowed' };

      const pending = (await resolveOpenIntents(recoveryDeps, { wait: true })).filter((r) => r.status === 'sent' || r.status === 'signed');
      if (pending.length > 0) return { ...base, status: 'blocked', reason: `open intent ${pending[0]?.planId} may still land` };

      const now = Math.floor(Date.now() / 1000);
      if (!opts.dryRun) {
        const intent: Intent = {
          planId: id, vault: deps.settings.vault, chainId: deps.targets.chainId, from: deps.signer.address, holder: deps.backend.holder, backend: deps.backend.kind,
          planBlock: plan.inputs.block, planHash: planHash(plan.actions), planKind: plan.kind, actions: plan.actions, status: 'planned', attempts: [], createdAt: now, updatedAt: now,
        };
        if (!(await deps.intents.create(intent))) return { ...base, status: 'duplicate', reason: 'this plan was already executed or is in flight' };
      }
      const refuse = async (reason: string, extra: Partial<ExecutionResult> = {}): Promise<ExecutionResult> => {
        if (!opts.dryRun) await deps.intents.update(id, (i) => ({ ...i, status: 'failed', reason }));
        log.warn({ plan: id, reason }, 'bundle refused, nothing sent');
        return { ...base, ...extra, status: 'refused', reason };
      };

      const headBlock = await deps.provider.getBlock('latest');
      if (headBlock === null) return refuse('latest block unavailable');
      const fees = chooseFees(headBlock.baseFeePerGas ?? 0n, feeLimitsFor(plan, deps.settings));
      if (!fees.ok) return refuse(fees.reason);
      const nonce = await deps.provider.getTransactionCount(deps.signer.address, 'latest');
      let prepared: Prepared;
      try {
        prepared = await prepareBundle(deps, { plan, nonce, fees, head: { number: headBlock.number, timestamp: headBlock.timestamp }, toleranceBps: deps.settings.simulationToleranceBps });
      } catch (err) {
        return refuse(`could not build or simulate the bundle: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      }
      const simulated = {
        calls: prepared.calls.map((c) => c.label),
        txCount: prepared.txs.length,
        simulatedVia: prepared.simulation.via,
        simulatedGas: prepared.simulation.txs.map((t) => t.gasUsed),
        simulatedChecks: prepared.checks,
      };
      if (prepared.problems.length > 0) return refuse(prepared.problems.join('; '), simulated);
      if (opts.dryRun) return { ...base, ...simulated, status: 'simulated' };

      const reasons = deps.recheck ? await deps.recheck(plan) : [];
      if (reasons.length > 0) return refuse(`risk re-check before sending: ${reasons.join('; ')}`, simulated);

      const nonces = prepared.txs.map((_, i) => nonce + i);
      await deps.intents.update(id, (i) => ({ ...i, nonces, simulatedGas: simulated.simulatedGas }));
      if (deps.relays.length === 0) {
        // No relay: the public mempool at once, for single-transaction plans only (public-fallback.ts).
        const fallback = publicFallbackDecision({ allowPublicMempool: deps.settings.allowPublicMempool, relays: 0, bundleAttempts: 0, txCount: prepared.txs.length });
        if (!fallback.go) return refuse(`no relay configured; ${fallback.reason}`, simulated);
        return sendPublic(deps, log, { id, plan, nonce, why: 'no relay configured' }, { ...base, ...simulated });
      }
      return sendLoop(deps, log, id, plan, prepared, nonce, { ...base, ...simulated });
    },
  };
}

async function sendLoop(deps: ExecutorDeps, log: Logger, id: string, plan: Plan, prepared: Prepared, nonce: number, base: Omit<ExecutionResult, 'status'>): Promise<ExecutionResult> {
  const limits = prepared.simulation.txs.map((t) => gasLimitFromSimulation(t.gasUsed));
  const budget = deps.settings.blocksToTarget;
  const targetBlocks: number[] = [];
  const lateBlocks: number[] = [];
  const bundleHashes: string[] = [];
  let attempts: IntentAttempt[] = [];
  // An attempt counts against blocksToTarget unless it was late (its target block was mined
  // before the bundle could be sent: it never had a chance). Late attempts beyond `budget` count
  // too, so a keeper that is always late still ends after at most 2 × blocksToTarget attempts.
  // The head is read before sending, not after: a block mined while the relays answer is an
  // ordinary miss, and reading after would count it late whenever a block followed a send.
  for (let counted = 0; counted < budget; ) {
    const head = await deps.provider.getBlock('latest');
    if (head === null) break;
    const target = head.number + 1;
    const fees = chooseFees(head.baseFeePerGas ?? 0n, feeLimitsFor(plan, deps.settings));
    let late = false;
    if (fees.ok) {
      const signed = await signAll(deps.signer, prepared.txs, nonce, fees, (_, k) => limits[k] ?? 1_000_000n, deps.targets.chainId);
      const txHashes = signed.map((raw) => hashOf(raw));
      const attempt: IntentAttempt = { targetBlock: target, txHashes, maxFeePerGas: fees.maxFeePerGas, maxPriorityFeePerGas: fees.maxPriorityFeePerGas, signedAt: Math.floor(Date.now() / 1000), sentTo: [] };
      // Written before sending: after a crash, recovery knows every hash that may be out there.
      await deps.intents.update(id, (x) => ({ ...x, status: 'signed', attempts: [...x.attempts, attempt] }));
      const headBeforeSend = await deps.provider.getBlockNumber();
      late = headBeforeSend >= target;
      const sentTo = late ? [] : await Promise.all(deps.relays.map((r) => r.send(signed, target)));
      const done: IntentAttempt = { ...attempt, sentTo, ...(late ? { late } : {}) };
      attempts = [...attempts, done];
      // A late attempt went nowhere: it is recorded (late) but leaves the intent's status as it was.
      await deps.intents.update(id, (x) => ({ ...x, status: late ? x.status : 'sent', attempts: [...x.attempts.slice(0, -1), done] }));
      targetBlocks.push(target);
      for (const s of sentTo) if (s.bundleHash) bundleHashes.push(s.bundleHash);
      if (late) {
        lateBlocks.push(target);
        log.warn({ plan: id, target, head: headBeforeSend, late: lateBlocks.length }, `late: block ${target} was mined before the bundle could be sent; not sent`);
      } else {
        log.info({ plan: id, target, relays: sentTo.map((s) => `${s.relay}:${s.outcome}`) }, 'bundle sent');
        await deps.hooks?.afterSend?.(done);
      }
    } else {
      log.warn({ plan: id, target, reason: fees.reason }, 'not sending for this block');
    }
    if (!late || lateBlocks.length > budget) counted += 1;
    if (!(await waitForBlock(deps.provider, target, deps.settings.pollIntervalMs, deps.settings.blockWaitTimeoutMs))) {
      return { ...base, targetBlocks, bundleHashes, status: 'pending', reason: `block ${target} did not arrive in time; recovery will resolve the intent` };
    }
    const outcome = await nonceOutcome(deps.provider, deps.signer.address, attempts.length > 0 ? nonce : undefined, attempts);
    if (outcome.kind === 'included') {
      const { found } = outcome;
      const intent = await deps.intents.get(id);
      if (intent === undefined) break;
      const next = await recordInclusion(deps, intent, found);
      const postChecks = await postStateChecks(postStateInput(deps), prepared, found);
      return {
        ...base, targetBlocks, bundleHashes, status: next.status === 'included' ? 'included' : 'failed', inclusionBlock: found.block, gasUsed: found.gasUsed, postChecks,
        ...(next.reason !== undefined ? { reason: next.reason } : {}),
      };
    }
    if (outcome.kind === 'nonce-taken') {
      const reason = `nonce ${nonce} was used by another transaction`;
      await deps.intents.update(id, (x) => ({ ...x, status: 'failed', reason }));
      return { ...base, targetBlocks, bundleHashes, status: 'failed', reason };
    }
  }
  if (attempts.length === 0) {
    await deps.intents.update(id, (x) => ({ ...x, status: 'expired', reason: 'fees above the limits for every target block' }));
    return { ...base, status: 'expired', reason: 'fees above the limits for every target block' };
  }
  const lateNote = lateBlocks.length > 0 ? ` (late for ${lateBlocks.join(', ')}: mined before the bundle could be sent)` : '';
  const missed = `not included in blocks ${targetBlocks.join(', ')}${lateNote}`;
  // Only on-time bundles gave the relays a real chance; late ones do not open the public mempool.
  const fallback = publicFallbackDecision({
    allowPublicMempool: deps.settings.allowPublicMempool, relays: deps.relays.length, bundleAttempts: attempts.length - lateBlocks.length, lateAttempts: lateBlocks.length, txCount: prepared.txs.length,
  });
  if (fallback.go) return sendPublic(deps, log, { id, plan, nonce, why: missed }, { ...base, targetBlocks, bundleHashes });
  const reason = deps.settings.allowPublicMempool ? `${missed}; ${fallback.reason}` : missed;
  await deps.intents.update(id, (x) => ({ ...x, status: 'expired', reason }));
  log.warn({ plan: id, reason, publicMempool: deps.settings.allowPublicMempool }, 'bundle expired');
  return { ...base, targetBlocks, bundleHashes, status: 'expired', reason };
}

function hashOf(raw: string): string {
  return Transaction.from(raw).hash?.toLowerCase() ?? '';
}
