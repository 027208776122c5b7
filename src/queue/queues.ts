/**
 * The daemon's BullMQ queues and their job defaults: retries with exponential backoff,
 * completed jobs kept long enough that a tick enqueued late by another process finds its id
 * taken, failed jobs kept for inspection in bull-board (BullMQ's failed set); a job that
 * failed for good is also recorded in `<prefix>:failed-jobs` (failures.ts), which
 * `keeper status` counts and lists.
 */
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DaemonSettings } from './context.ts';
import { QUEUE_NAMES, type QueueName } from './names.ts';

export type DaemonQueues = Readonly<Record<keyof typeof QUEUE_NAMES, Queue>>;

/** Job options per queue; observe ticks retry little (the next block brings a fresh tick). */
export function jobDefaults(queue: QueueName, settings: Pick<DaemonSettings, 'attempts' | 'backoffMs' | 'keepCompletedSeconds'>): JobsOptions {
  const attempts = queue === QUEUE_NAMES.observe ? Math.min(2, settings.attempts) : queue === QUEUE_NAMES.confirm ? settings.attempts * 4 : settings.attempts;
  return {
    attempts,
    backoff: { type: 'exponential', delay: settings.backoffMs },
    removeOnComplete: { age: settings.keepCompletedSeconds, count: 100_000 },
    removeOnFail: { age: 7 * 24 * 3600, count: 5_000 },
  };
}

/**
 * @example const queues = openQueues(redis, 'rk:q', DEFAULT_DAEMON_SETTINGS); await queues.observe.add(…); await closeQueues(queues);
 */
export function openQueues(connection: Redis, prefix: string, settings: Pick<DaemonSettings, 'attempts' | 'backoffMs' | 'keepCompletedSeconds'>): DaemonQueues {
  const open = (name: QueueName): Queue => new Queue(name, { connection, prefix, defaultJobOptions: jobDefaults(name, settings) });
  return {
    observe: open(QUEUE_NAMES.observe),
    execute: open(QUEUE_NAMES.execute),
    confirm: open(QUEUE_NAMES.confirm),
    compound: open(QUEUE_NAMES.compound),
    withdrawals: open(QUEUE_NAMES.withdrawals),
  };
}

export async function closeQueues(queues: DaemonQueues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close().catch(() => undefined)));
}
