/**
 * The emulator's public mempool: transactions sent to the public endpoint wait here, not in
 * Anvil, so they can only land through the block producer (after the bundles of a block).
 *
 * Like a node's pool it refuses nonces already used, keeps at most one transaction per
 * sender and nonce (a replacement must raise both fee caps by 10%, as geth requires), and
 * forgets transactions that became stale or waited too long.
 */
import type { DecodedTx } from './types.ts';

/** Blocks a public transaction may wait before it is dropped. */
export const PUBLIC_TX_MAX_AGE_BLOCKS = 50;

interface Entry {
  tx: DecodedTx;
  seq: number;
  arrivalHead: number;
}

export type AddOutcome = { ok: true; replaced?: DecodedTx } | { ok: false; reason: string };

export class PublicMempool {
  private readonly entries = new Map<string, Entry>();
  private seq = 0;

  /** Adds a transaction whose sender's on-chain nonce is `chainNonce`. */
  add(tx: DecodedTx, chainNonce: number, head: number): AddOutcome {
    if (tx.nonce < chainNonce) return { ok: false, reason: `nonce too low: next nonce ${chainNonce}, tx nonce ${tx.nonce}` };
    const key = slotKey(tx.from, tx.nonce);
    const existing = this.entries.get(key);
    if (existing?.tx.hash === tx.hash) return { ok: false, reason: 'already known' };
    if (existing && !bumpsFees(existing.tx, tx)) return { ok: false, reason: 'replacement transaction underpriced' };
    this.entries.set(key, { tx, seq: this.seq++, arrivalHead: head });
    return existing ? { ok: true, replaced: existing.tx } : { ok: true };
  }

  /** Waiting transactions in arrival order. */
  list(): DecodedTx[] {
    return [...this.entries.values()].sort((a, b) => a.seq - b.seq).map((e) => e.tx);
  }

  /** The next nonce a sender should use, counting its waiting transactions. */
  pendingNonce(from: string, chainNonce: number): number {
    let nonce = chainNonce;
    while (this.entries.has(slotKey(from, nonce))) nonce += 1;
    return nonce;
  }

  remove(tx: DecodedTx): void {
    const key = slotKey(tx.from, tx.nonce);
    if (this.entries.get(key)?.tx.hash === tx.hash) this.entries.delete(key);
  }

  /**
   * Drops what can never land: nonces the chain has passed and transactions older than
   * `PUBLIC_TX_MAX_AGE_BLOCKS`. Returns the dropped transactions.
   */
  prune(head: number, chainNonceOf: (from: string) => number): DecodedTx[] {
    const dropped: DecodedTx[] = [];
    for (const [key, entry] of this.entries) {
      if (entry.tx.nonce < chainNonceOf(entry.tx.from) || head - entry.arrivalHead > PUBLIC_TX_MAX_AGE_BLOCKS) {
        this.entries.delete(key);
        dropped.push(entry.tx);
      }
    }
    return dropped;
  }

  /** Senders with waiting transactions (their nonces must be read before `prune`). */
  senders(): string[] {
    return [...new Set([...this.entries.values()].map((e) => e.tx.from))];
  }

  get size(): number {
    return this.entries.size;
  }
}

function slotKey(from: string, nonce: number): string {
  return `${from.toLowerCase()}/${nonce}`;
}

function bumpsFees(old: DecodedTx, next: DecodedTx): boolean {
  const bumped = (a: bigint, b: bigint): boolean => b * 100n >= a * 110n;
  return bumped(old.maxFeePerGas, next.maxFeePerGas) && bumped(old.maxPriorityFeePerGas, next.maxPriorityFeePerGas);
}
