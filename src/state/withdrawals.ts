/**
 * Queued exits in Redis: EigenLayer withdrawals (the whole Withdrawal struct, which completion
 * needs) and the LRT protocols' queue tickets (request NFTs, queue nonces). A record is written
 * as soon as the queueing transaction is seen on chain and stays until completion is seen on
 * chain, so a restarted keeper still knows what to complete and when.
 *
 * Due rule for EigenLayer: completion is allowed only in a block strictly after
 * startBlock + minWithdrawalDelayBlocks; `completableAtBlock` stores that first allowed block.
 */
import type { Redis } from 'ioredis';
import { RetryableError } from '../domain/errors.ts';
import type { EigenWithdrawal } from '../protocols/eigenlayer/encode.ts';
import { fromJson, toJson } from './json-bigint.ts';

interface TrackedBase {
  /** Store key: the withdrawal root for EigenLayer, `<protocol>:<ticket>` for LRT queues. */
  readonly id: string;
  readonly vault: string;
  readonly holder: string;
  readonly positionId: string;
  readonly queuedBlock: number;
  /** Unix seconds of the queueing block. */
  readonly queuedAt: number;
  /** Expected payout in asset wei (EigenLayer: LRT wei of the underlying). */
  readonly expectedWei: bigint;
  /** First block in which completion can succeed, when the rule is a block count. */
  readonly completableAtBlock?: number;
  /** Unix seconds after which completion can succeed, when the rule is a cooldown. */
  readonly completableAt?: number;
  readonly status: 'queued' | 'completed';
  readonly completedBlock?: number;
}

export type TrackedWithdrawal =
  | (TrackedBase & { readonly kind: 'eigen'; readonly withdrawal: EigenWithdrawal; readonly tokens: readonly string[] })
  | (TrackedBase & { readonly kind: 'etherfi'; readonly tokenId: bigint })
  | (TrackedBase & { readonly kind: 'renzo'; readonly requestId: bigint })
  | (TrackedBase & { readonly kind: 'kelp'; readonly userNonce: bigint })
  | (TrackedBase & { readonly kind: 'swell'; readonly tokenId: bigint });

export interface WithdrawalStore {
  /** Adds or replaces a record (idempotent: the id is derived from the chain). */
  put(record: TrackedWithdrawal): Promise<void>;
  get(id: string): Promise<TrackedWithdrawal | undefined>;
  /** Records still queued, oldest first. */
  open(): Promise<TrackedWithdrawal[]>;
  markCompleted(id: string, block: number): Promise<void>;
}

/**
 * Whether `record` may be completed in block `nextBlock` at time `nextTimestamp`.
 * @example isDue(eigenRecordWithCompletableAtBlock150, 150, t) // true; 149 → false
 */
export function isDue(record: TrackedWithdrawal, nextBlock: number, nextTimestamp: number): boolean {
  if (record.status !== 'queued') return false;
  if (record.completableAtBlock !== undefined && nextBlock < record.completableAtBlock) return false;
  if (record.completableAt !== undefined && nextTimestamp <= record.completableAt) return false;
  return true;
}

/** @example const store = createWithdrawalStore(redis, 'rk:devnet-eoa:'); */
export function createWithdrawalStore(redis: Redis, prefix: string): WithdrawalStore {
  const key = `${prefix}withdrawals`;
  const guard = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      throw new RetryableError(`withdrawal store ${what} failed`, { details: [`key: ${key}`], cause });
    }
  };
  const get = (id: string) =>
    guard('read', async () => {
      const text = await redis.hget(key, id);
      return text === null ? undefined : fromJson<TrackedWithdrawal>(text);
    });
  return {
    put: (record) => guard('write', async () => void (await redis.hset(key, record.id, toJson(record)))),
    get,
    open: () =>
      guard('read', async () => {
        const all = Object.values(await redis.hgetall(key)).map((t) => fromJson<TrackedWithdrawal>(t));
        return all.filter((r) => r.status === 'queued').sort((a, b) => a.queuedBlock - b.queuedBlock);
      }),
    markCompleted: (id, block) =>
      guard('write', async () => {
        const record = await get(id);
        if (record === undefined) return;
        await redis.hset(key, id, toJson({ ...record, status: 'completed', completedBlock: block }));
      }),
  };
}
