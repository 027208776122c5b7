/**
 * Each tick, the keeper's book held against the chain. The snapshot already values what the
 * chain holds (tokens, EigenLayer shares, native ETH, every queued request); what can still
 * go unseen is value the keeper's own records and the chain disagree on:
 *
 * - native ETH the eoa ledger credits to the book but the account no longer holds (spent as
 *   gas, or sent away outside a plan);
 * - LRT-queue requests on chain that the keeper does not track (it cannot complete them), or
 *   tracked ones the chain no longer has (completed outside the keeper: their ETH is not in
 *   the ledger);
 * - EigenLayer withdrawals queued on chain but untracked, or tracked but gone.
 *
 * Pure: the caller emits the result (metric + alert through the keeper's event bus).
 */
import type { Observation } from '../observe/assemble.ts';
import { ethText } from '../domain/units.ts';

export interface TrackedEigen {
  readonly id: string;
  /** LRT wei the withdrawal was queued for (close to its asset value). */
  readonly expectedWei: bigint;
}

export interface UnexplainedItem {
  readonly what: string;
  /** Asset wei; 0 when the chain does not say how much (still unexplained). */
  readonly amountWei: bigint;
}

export interface Reconciliation {
  readonly block: number;
  readonly unexplainedWei: bigint;
  readonly items: readonly UnexplainedItem[];
  /**
   * True when a plan of the vault is still open: it may have landed with its bookkeeping not
   * yet written, so records and chain are not compared this tick (nothing is reported).
   */
  readonly deferred?: boolean;
}

/** @example reconcileBook(observation, []).unexplainedWei // 0n when the book equals the chain */
export function reconcileBook(observation: Pick<Observation, 'snapshot' | 'book'>, trackedEigen: readonly TrackedEigen[], openPlans = 0): Reconciliation {
  const { snapshot, book } = observation;
  if (openPlans > 0) return { block: snapshot.block, unexplainedWei: 0n, items: [], deferred: true };
  const items: UnexplainedItem[] = [];
  if (book.nativeCreditWei !== undefined && book.nativeCreditWei > book.holderNativeWei) {
    items.push({ what: `native ETH ledger credits ${ethText(book.nativeCreditWei)} but the account holds ${ethText(book.holderNativeWei)}`, amountWei: book.nativeCreditWei - book.holderNativeWei });
  }
  for (const r of book.unexplainedRequests) items.push({ what: `${r.kind} request ${r.id}: ${r.why}`, amountWei: r.amountWei });
  const onChain = snapshot.queuedWithdrawals.filter((q) => q.kind === 'eigen');
  const tracked = new Set(trackedEigen.map((t) => t.id.toLowerCase()));
  for (const q of onChain) if (!tracked.has(q.id.toLowerCase())) items.push({ what: `EigenLayer withdrawal ${q.id.slice(0, 10)} queued on chain but not tracked`, amountWei: q.amountWei });
  const chainIds = new Set(onChain.map((q) => q.id.toLowerCase()));
  for (const t of trackedEigen) if (!chainIds.has(t.id.toLowerCase())) items.push({ what: `EigenLayer withdrawal ${t.id.slice(0, 10)} tracked but no longer queued on chain`, amountWei: t.expectedWei });
  return { block: snapshot.block, unexplainedWei: items.reduce((s, i) => s + i.amountWei, 0n), items };
}
