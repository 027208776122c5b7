/**
 * An execute job that fails after a bundle went out hands the plan to confirmation instead of
 * failing: the bundle may still land (issue 13, item 2: a malformed RPC answer one second
 * after "bundle sent" failed the job, the bundle landed in the next block and was recorded
 * only 32 s later by recovery, after a critical alert). What happened is then learnt from the
 * chain by the confirm job (receipts, nonce, last target block), which retries while the
 * node misbehaves. Before any attempt was recorded nothing can land, and the error stands.
 */
import type { ExecutionResult } from '../execution/executor-types.ts';
import type { IntentStore } from '../state/intents.ts';
import { reasonOf } from './failures.ts';

/**
 * @returns a `pending` result when the plan's intent records a signed attempt, else undefined
 *   (the caller rethrows the error).
 * @example const handed = await handOverToConfirmation(intents, planId, err); if (!handed) throw err;
 */
export async function handOverToConfirmation(intents: Pick<IntentStore, 'get'>, planId: string, err: unknown): Promise<ExecutionResult | undefined> {
  const intent = await intents.get(planId).catch(() => undefined);
  if (intent === undefined || intent.attempts.length === 0) return undefined;
  return {
    planId,
    status: 'pending',
    reason: `execution stopped after a bundle was sent (${reasonOf(err)}); confirmation resolves it from the chain`,
    calls: [],
    txCount: intent.attempts[0]?.txHashes.length ?? 0,
    targetBlocks: intent.attempts.map((a) => a.targetBlock),
    bundleHashes: intent.attempts.flatMap((a) => a.sentTo.flatMap((s) => (s.bundleHash ? [s.bundleHash] : []))),
  };
}
