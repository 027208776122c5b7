/**
 * The keeper's own records of a vault's book that observing and the reconciliation match with
 * the chain: the LRT-queue requests and EigenLayer withdrawals it tracks (state/withdrawals.ts)
 * and, on the eoa backend, the native-book credit (reconcile/native-book.ts).
 */
import type { Redis } from 'ioredis';
import type { VaultConfig } from '../config/schema.ts';
import type { TrackedRequest } from '../observe/lrt-queues.ts';
import type { TrackedEigen } from '../reconcile/reconcile.ts';
import { vaultStatePrefix } from '../queue/names.ts';
import { nativeBookFor } from '../reconcile/native-book.ts';
import { createWithdrawalStore, type TrackedWithdrawal } from '../state/withdrawals.ts';
import { createIntentStore } from '../state/intents.ts';

export interface BookRecords {
  readonly trackedRequests: readonly TrackedRequest[];
  readonly trackedEigen: readonly TrackedEigen[];
  readonly nativeCreditWei?: bigint;
  /**
   * Plans of the vault still open (planned, signed or sent): one may have landed already with
   * its bookkeeping (tracked withdrawals, the native ledger) not yet written.
   */
  readonly openPlans: number;
}

/** @example await bookRecords(redis, 'rk', vault) // { trackedRequests: [{ id: 'etherfi:3', … }], nativeCreditWei: 315n } */
export async function bookRecords(redis: Redis, queuePrefix: string, vault: VaultConfig): Promise<BookRecords> {
  const prefix = vaultStatePrefix(queuePrefix, vault.name);
  // Three independent reads, sent together: one Redis round trip, not three.
  const [open, intents, nativeCreditWei] = await Promise.all([
    createWithdrawalStore(redis, prefix).open(),
    createIntentStore(redis, prefix).open(),
    vault.backend === 'vault' ? undefined : nativeBookFor(redis, queuePrefix).credit(vault.name),
  ]);
  const openPlans = intents.length;
  const trackedRequests = open.flatMap((r) => {
    const t = ticket(r);
    return t === undefined || r.kind === 'eigen' ? [] : [{ id: r.id, kind: r.kind, positionId: r.positionId, ticket: t, expectedWei: r.expectedWei }];
  });
  const trackedEigen = open.flatMap((r) => (r.kind === 'eigen' ? [{ id: r.id, expectedWei: r.expectedWei }] : []));
  return { trackedRequests, trackedEigen, openPlans, ...(nativeCreditWei === undefined ? {} : { nativeCreditWei }) };
}

function ticket(r: TrackedWithdrawal): bigint | undefined {
  switch (r.kind) {
    case 'etherfi':
    case 'swell':
      return r.tokenId;
    case 'renzo':
      return r.requestId;
    case 'kelp':
      return r.userNonce;
    case 'eigen':
      return undefined;
  }
}
