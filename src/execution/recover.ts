/**
 * Crash recovery: every open intent is resolved from the chain before anything new is
 * planned. Nothing here signs or sends; it only learns what happened:
 * - planned, never signed for sending: failed ("abandoned"), nothing can land;
 * - signed/sent, a recorded hash has a receipt: included (bookkeeping as usual);
 * - the signer's nonce moved past the intent's first nonce without our hashes: failed, the
 *   bundle can no longer land;
 * - the chain passed the last target block: expired (a bundle is valid for its block only),
 *   except while a public-mempool attempt (public-fallback.ts) may still land: the node
 *   holds a waiting transaction with the intent's nonce; then it stays pending;
 * - otherwise still pending: wait for the last target block (or leave it open).
 */
import type { Wallet } from 'ethers';
import type { Intent } from '../state/intents.ts';
import { nonceOutcome, waitForBlock } from './confirm.ts';
import { publicTxMayStillLand } from './public-mempool.ts';
import { recordInclusion, type FinalizeDeps } from './finalize.ts';

export interface RecoveryDeps extends FinalizeDeps {
  readonly signer: Pick<Wallet, 'address'>;
  readonly pollIntervalMs: number;
  readonly blockWaitTimeoutMs: number;
}

export interface Resolution {
  readonly planId: string;
  readonly status: Intent['status'];
  readonly reason?: string;
}

/** @returns one resolution per open intent; status stays 'sent'/'signed' only when still pending. */
export async function resolveOpenIntents(deps: RecoveryDeps, opts: { wait: boolean }): Promise<Resolution[]> {
  const out: Resolution[] = [];
  for (const intent of await deps.intents.open()) out.push(await resolveOne(deps, intent, opts.wait));
  return out;
}

async function resolveOne(deps: RecoveryDeps, intent: Intent, wait: boolean): Promise<Resolution> {
  const fail = async (status: 'failed' | 'expired', reason: string): Promise<Resolution> => {
    await deps.intents.update(intent.planId, (i) => ({ ...i, status, reason }));
    deps.logger.warn({ plan: intent.planId, status, reason }, 'open intent resolved');
    return { planId: intent.planId, status, reason };
  };
  if (intent.attempts.length === 0) return fail('failed', 'abandoned before any bundle was sent');

  const firstNonce = intent.nonces?.[0];
  // Settled on chain (landed, or its nonce went elsewhere), or undefined while still open.
  const settled = async (): Promise<Resolution | undefined> => {
    const outcome = await nonceOutcome(deps.provider, intent.from, firstNonce, intent.attempts);
    if (outcome.kind === 'included') return { planId: intent.planId, status: (await recordInclusion(deps, intent, outcome.found)).status };
    if (outcome.kind === 'nonce-taken') return fail('failed', `nonce ${firstNonce} was used by another transaction; the bundle can no longer land`);
    return undefined;
  };
  const now = await settled();
  if (now) return now;

  const lastTarget = Math.max(...intent.attempts.map((a) => a.targetBlock));
  if ((await deps.provider.getBlockNumber()) < lastTarget) {
    if (!wait || !(await waitForBlock(deps.provider, lastTarget, deps.pollIntervalMs, deps.blockWaitTimeoutMs))) {
      return { planId: intent.planId, status: intent.status, reason: `pending until block ${lastTarget}` };
    }
    const late = await settled();
    if (late) return late;
  }
  if (firstNonce !== undefined && intent.attempts.some((a) => a.route === 'public') && (await publicTxMayStillLand(deps.provider, intent.from, firstNonce))) {
    return { planId: intent.planId, status: intent.status, reason: `public transaction with nonce ${firstNonce} still waiting in the mempool` };
  }
  // A public transaction may have landed between the reads above: the chain has the last word.
  return (await settled()) ?? fail('expired', `not included by its last target block ${lastTarget}`);
}
