/**
 * Inclusion, learnt from the chain only: receipts of the hashes an intent recorded, and the
 * signer's nonce. Relays' answers (bundle hashes, null results) never decide anything here.
 */
import type { JsonRpcProvider, TransactionReceipt } from 'ethers';
import { RetryableError } from '../domain/errors.ts';
import type { IntentAttempt, IntentInclusion } from '../state/intents.ts';

export interface FoundInclusion extends IntentInclusion {
  readonly receipts: readonly TransactionReceipt[];
  readonly attempt: IntentAttempt;
}

/** The attempt whose transactions are on chain, if any (at most one can be: they share nonces). */
export async function findInclusion(provider: JsonRpcProvider, attempts: readonly IntentAttempt[]): Promise<FoundInclusion | undefined> {
  for (const attempt of [...attempts].reverse()) {
    const first = attempt.txHashes[0];
    if (first === undefined) continue;
    const head = await provider.getTransactionReceipt(first);
    if (head === null) continue;
    const receipts = [head];
    for (const hash of attempt.txHashes.slice(1)) {
      const r = await provider.getTransactionReceipt(hash);
      if (r !== null) receipts.push(r);
    }
    return {
      block: head.blockNumber,
      txHashes: attempt.txHashes,
      gasUsed: receipts.reduce((s, r) => s + r.gasUsed, 0n),
      success: receipts.length === attempt.txHashes.length && receipts.every((r) => r.status === 1),
      receipts,
      attempt,
    };
  }
  return undefined;
}

export type NonceOutcome = { readonly kind: 'included'; readonly found: FoundInclusion } | { readonly kind: 'nonce-taken' } | { readonly kind: 'open' };

/**
 * Whether an intent's transactions landed, or its nonce went to something else, or neither
 * yet. The nonce is read BEFORE the receipts: read after them, our own transaction landing
 * in between would look like a foreign one taking the nonce, and a landed plan would be
 * recorded as failed (seen under load with a public transaction and a recovery).
 * @example const outcome = await nonceOutcome(provider, keeper, 7, intent.attempts); if (outcome.kind === 'included') record(outcome.found);
 */
export async function nonceOutcome(provider: JsonRpcProvider, from: string, nonce: number | undefined, attempts: readonly IntentAttempt[]): Promise<NonceOutcome> {
  const used = nonce === undefined ? undefined : await provider.getTransactionCount(from, 'latest');
  const found = await findInclusion(provider, attempts);
  if (found) return { kind: 'included', found };
  return nonce !== undefined && used !== undefined && used > nonce ? { kind: 'nonce-taken' } : { kind: 'open' };
}

/**
 * Polls until the chain head reaches `block`.
 * @returns false when `timeoutMs` passed first (the caller leaves the intent open for recovery).
 */
export async function waitForBlock(provider: JsonRpcProvider, block: number, pollMs: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let head: number;
    try {
      head = await provider.getBlockNumber();
    } catch (cause) {
      if (Date.now() > deadline) throw new RetryableError('chain head unreadable while waiting for a block', { details: [`block: ${block}`], cause });
      head = -1;
    }
    if (head >= block) return true;
    if (Date.now() > deadline || signal?.aborted) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
