/**
 * `keeper compound <vault> --now`: an immediate compound job on the daemon's `compound`
 * queue, next to the per-vault timer (BullMQ job scheduler) that normally runs it.
 *
 * The job is the same one the scheduler produces (payload `{ vault }`, see
 * src/queue/payloads.ts `vaultJobSchema`), so the compound worker handles it with the same
 * checks: pause flag, plan slot, pays-for-its-gas rule. Only the job name (`compound-now`)
 * and id (`${vault}-now-${unix ms}`) tell it apart in the dashboard and the logs. Asking
 * twice in the same millisecond yields one job (BullMQ ignores a duplicate id).
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { KeeperConfig } from '../config/schema.ts';
import { bullPrefix, QUEUE_NAMES } from '../queue/names.ts';
import { jobDefaults } from '../queue/queues.ts';
import { DEFAULT_DAEMON_SETTINGS } from '../queue/context.ts';
import { vaultJobSchema, type VaultJob } from '../queue/payloads.ts';

export const COMPOUND_NOW_JOB_NAME = 'compound-now';

/** @example compoundNowJobId('devnet-main', 1700000000000) // 'devnet-main-now-1700000000000' */
export function compoundNowJobId(vault: string, atMs: number): string {
  return `${vault}-now-${atMs}`;
}

export interface EnqueuedCompound {
  queue: string;
  jobId: string;
}

/**
 * Adds the job; `connection` must be a client BullMQ may use (maxRetriesPerRequest: null).
 * @example await enqueueCompoundNow(redis, config, 'devnet-main');
 */
export async function enqueueCompoundNow(connection: Redis, config: Pick<KeeperConfig, 'queue'>, vault: string, now: () => number = Date.now): Promise<EnqueuedCompound> {
  const payload: VaultJob = vaultJobSchema.parse({ vault });
  const queue = new Queue(QUEUE_NAMES.compound, { connection, prefix: bullPrefix(config), defaultJobOptions: jobDefaults(QUEUE_NAMES.compound, DEFAULT_DAEMON_SETTINGS) });
  try {
    const jobId = compoundNowJobId(vault, now());
    await queue.add(COMPOUND_NOW_JOB_NAME, payload, { jobId });
    return { queue: QUEUE_NAMES.compound, jobId };
  } finally {
    await queue.close();
  }
}
