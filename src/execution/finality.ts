/**
 * When an included plan is final: `chain.confirmations` blocks on top of the block that holds
 * its transactions, re-checked from receipts each time (issue 13 item 3). Until then a reorg
 * can take the block away: the transactions then have no receipt (or a receipt in another
 * block, when a builder re-included them, and the count starts again from there).
 */
import type { JsonRpcProvider } from 'ethers';
import type { Intent } from '../state/intents.ts';

export type Finality =
  | { readonly kind: 'final'; readonly block: number }
  | { readonly kind: 'pending'; readonly block: number; readonly blocksLeft: number }
  | { readonly kind: 'reorged'; readonly reason: string };

/**
 * @param intent an included intent (with `inclusion`)
 * @example const f = await finalityOf(provider, intent, 3); if (f.kind === 'pending') retryLater();
 */
export async function finalityOf(provider: Pick<JsonRpcProvider, 'getBlockNumber' | 'getTransactionReceipt'>, intent: Intent, confirmations: number): Promise<Finality> {
  const inclusion = intent.inclusion;
  if (inclusion === undefined) return { kind: 'reorged', reason: 'included intent without an inclusion record' };
  // Head first: a receipt read after it can only be newer, never the other way round.
  const head = await provider.getBlockNumber();
  const receipts = await Promise.all(inclusion.txHashes.map((hash) => provider.getTransactionReceipt(hash)));
  const blocks = new Set(receipts.map((r) => r?.blockNumber));
  const block = receipts[0]?.blockNumber;
  if (block === undefined || receipts.some((r) => r === null) || blocks.size !== 1) {
    // Gone (or split) while the chain is still below where it was final: wait, it may come back.
    const waitUntil = inclusion.block + confirmations;
    if (head < waitUntil) return { kind: 'pending', block: inclusion.block, blocksLeft: waitUntil - head };
    return { kind: 'reorged', reason: `transactions of block ${inclusion.block} are no longer on chain at block ${head} (reorg)` };
  }
  const left = block + confirmations - head;
  return left > 0 ? { kind: 'pending', block, blocksLeft: left } : { kind: 'final', block };
}
