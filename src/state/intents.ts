/**
 * Execution intents in Redis: the write-ahead log of everything the executor signs and sends.
 *
 * The intent is created (SET NX: one per plan id, ever) BEFORE anything is signed; every
 * signed attempt (target block, tx hashes, fees) is appended BEFORE it is sent; the outcome is
 * written when the chain shows it. A keeper that crashes anywhere in between finds the intent
 * open on restart and resolves it from the chain (receipts by hash, the sender's nonce) before
 * it plans anything new, so a bundle is never signed twice with different nonces and never
 * sent twice.
 *
 * Status: planned → signed → sent → included | expired | failed; included → reorged when the
 * block that held it left the chain before `chain.confirmations` (the only change of a terminal
 * state: the plan is then re-decided from fresh state, its nonce free again).
 */
import type { Redis } from 'ioredis';
import { NonRetryableError, RetryableError } from '../domain/errors.ts';
import { fromJson, toJson } from './json-bigint.ts';

export type IntentStatus = 'planned' | 'signed' | 'sent' | 'included' | 'expired' | 'failed' | 'reorged';
export const TERMINAL_STATUSES: readonly IntentStatus[] = ['included', 'expired', 'failed', 'reorged'];

export interface RelayOutcome {
  readonly relay: string;
  /** accepted: bundle hash returned; maybe: answer unusable (null result, client TypeError), may have been accepted; rejected: refused. */
  readonly outcome: 'accepted' | 'maybe' | 'rejected';
  readonly bundleHash?: string;
  readonly error?: string;
}

export interface IntentAttempt {
  /**
   * How it was sent: a relay bundle (absent in older records) or the public mempool
   * (src/execution/public-fallback.ts). For a public attempt `targetBlock` is the last block
   * the executor waits for, not a block the transaction is bound to.
   */
  readonly route?: 'bundle' | 'public';
  readonly targetBlock: number;
  readonly txHashes: readonly string[];
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly signedAt: number;
  readonly sentTo: readonly RelayOutcome[];
  /**
   * True when the target block was already on chain once the relays answered: the bundle could
   * never land there. The executor then retried without spending one of `blocksToTarget`.
   */
  readonly late?: boolean;
}

export interface IntentInclusion {
  readonly block: number;
  readonly txHashes: readonly string[];
  readonly gasUsed: bigint;
  readonly success: boolean;
}

export interface Intent {
  readonly planId: string;
  readonly vault: string;
  readonly chainId: number;
  /** Signer of every transaction. */
  readonly from: string;
  /** Holder of the position (the vault contract, the DAO's Safe, or `from` for the eoa backend). */
  readonly holder: string;
  readonly backend: 'eoa' | 'vault' | 'safe';
  readonly planBlock: number;
  readonly planHash: string;
  readonly planKind: string;
  /** The planned actions, as plain data (bigints kept exact). */
  readonly actions: readonly unknown[];
  readonly status: IntentStatus;
  readonly reason?: string;
  /** Nonces the transactions use; fixed at the first signature and never changed. */
  readonly nonces?: readonly number[];
  readonly attempts: readonly IntentAttempt[];
  readonly simulatedGas?: readonly number[];
  readonly inclusion?: IntentInclusion;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface IntentStore {
  /** Writes a new intent; false when one with this plan id already exists (the plan was already executed or is in flight). */
  create(intent: Intent): Promise<boolean>;
  get(planId: string): Promise<Intent | undefined>;
  /** Applies `change` atomically (optimistic lock); refuses to change a terminal intent. */
  update(planId: string, change: (intent: Intent) => Intent): Promise<Intent>;
  /** Intents not yet in a terminal state, oldest first. */
  open(): Promise<Intent[]>;
  /** An included intent whose transactions a reorg removed: `reorged`, with the reason. Refuses any other status. */
  reorged(planId: string, reason: string): Promise<Intent>;
}

/** @example const intents = createIntentStore(redis, 'rk:devnet-eoa:'); */
export function createIntentStore(redis: Redis, prefix: string, now: () => number = () => Math.floor(Date.now() / 1000)): IntentStore {
  const key = (planId: string): string => `${prefix}intent:${planId}`;
  const openKey = `${prefix}intents:open`;
  const guard = async <T>(what: string, planId: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      if (cause instanceof NonRetryableError) throw cause;
      throw new RetryableError(`intent store ${what} failed`, { details: [`plan: ${planId}`], cause });
    }
  };
  const get = (planId: string): Promise<Intent | undefined> =>
    guard('read', planId, async () => {
      const text = await redis.get(key(planId));
      return text === null ? undefined : fromJson<Intent>(text);
    });

  return {
    create: (intent) =>
      guard('create', intent.planId, async () => {
        const created = await redis.set(key(intent.planId), toJson(intent), 'NX');
        if (created !== 'OK') return false;
        await redis.zadd(openKey, intent.createdAt, intent.planId);
        return true;
      }),
    get,
    update: (planId, change) =>
      guard('update', planId, async () => {
        for (let tries = 0; tries < 10; tries++) {
          await redis.watch(key(planId));
          const text = await redis.get(key(planId));
          if (text === null) {
            await redis.unwatch();
            throw new NonRetryableError('intent not found', { details: [`plan: ${planId}`] });
          }
          const current = fromJson<Intent>(text);
          if (TERMINAL_STATUSES.includes(current.status)) {
            await redis.unwatch();
            throw new NonRetryableError(`intent is already ${current.status}`, { details: [`plan: ${planId}`] });
          }
          const next = { ...change(current), updatedAt: now() };
          const tx = redis.multi().set(key(planId), toJson(next));
          if (TERMINAL_STATUSES.includes(next.status)) tx.zrem(openKey, planId);
          const result = await tx.exec();
          if (result !== null) return next;
        }
        throw new RetryableError('intent update kept conflicting', { details: [`plan: ${planId}`] });
      }),
    reorged: (planId, reason) =>
      guard('reorg', planId, async () => {
        for (let tries = 0; tries < 10; tries++) {
          await redis.watch(key(planId));
          const text = await redis.get(key(planId));
          const current = text === null ? undefined : fromJson<Intent>(text);
          if (current?.status !== 'included') {
            await redis.unwatch();
            throw new NonRetryableError(`only an included intent can be reorged, not ${current?.status ?? 'a missing one'}`, { details: [`plan: ${planId}`] });
          }
          const next: Intent = { ...current, status: 'reorged', reason, updatedAt: now() };
          if ((await redis.multi().set(key(planId), toJson(next)).exec()) !== null) return next;
        }
        throw new RetryableError('intent update kept conflicting', { details: [`plan: ${planId}`] });
      }),
    open: () =>
      guard('list', '*', async () => {
        const ids = await redis.zrange(openKey, 0, -1);
        const intents = await Promise.all(ids.map((id) => get(id)));
        return intents.filter((i): i is Intent => i !== undefined && !TERMINAL_STATUSES.includes(i.status));
      }),
  };
}
