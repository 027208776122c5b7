/**
 * Job failures, the way DESIGN.md asks for them: a retryable error is rethrown (BullMQ
 * retries with backoff), anything else becomes BullMQ's UnrecoverableError (no retry), and a
 * job that fails for good leaves a record with its reason in a capped Redis list (besides
 * BullMQ's own failed set, which bull-board shows).
 */
import { UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { isRetryable, KeeperError } from '../domain/errors.ts';
import { fromJson, toJson } from '../state/json-bigint.ts';
import type { KeeperEventBus } from '../telemetry/keeper-events.ts';
import { failedJobsKey } from './names.ts';

export interface FailedJobRecord {
  readonly queue: string;
  readonly jobId: string;
  readonly vault?: string;
  readonly reason: string;
  readonly attemptsMade: number;
  /** Unix ms. */
  readonly at: number;
}

const FAILED_CAP = 1_000;

/**
 * Wraps a job body: maps errors to retry or no-retry and reports the attempt's outcome.
 * @example new Worker('observe', jobRunner('observe', bus, (job) => processObserve(ctx, queues, job)), opts)
 */
export function jobRunner<T>(queue: string, bus: KeeperEventBus, body: (job: Job) => Promise<T>): (job: Job) => Promise<T> {
  return async (job) => {
    const started = Date.now();
    const vault = vaultOf(job);
    try {
      const out = await body(job);
      bus.emit('job.completed', { queue, ...(vault ? { vault } : {}), jobId: job.id ?? '', durationMs: Date.now() - started });
      return out;
    } catch (err) {
      const retryable = isRetryable(err);
      const final = !retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      bus.emit('job.failed', { queue, ...(vault ? { vault } : {}), jobId: job.id ?? '', reason: reasonOf(err), attemptsMade: job.attemptsMade + 1, final, durationMs: Date.now() - started });
      if (retryable || err instanceof UnrecoverableError) throw err;
      throw new UnrecoverableError(reasonOf(err));
    }
  };
}

/** Whether BullMQ gave up on the job with this failure (no retry left, or not retryable). */
export function isFinalFailure(job: Pick<Job, 'attemptsMade' | 'opts'>, err: Error): boolean {
  return err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

export async function recordFailedJob(redis: Redis, prefix: string, record: FailedJobRecord): Promise<void> {
  await redis.multi().lpush(failedJobsKey(prefix), toJson(record)).ltrim(failedJobsKey(prefix), 0, FAILED_CAP - 1).exec();
}

/** Newest first. */
export async function listFailedJobs(redis: Redis, prefix: string, limit = 50): Promise<FailedJobRecord[]> {
  return (await redis.lrange(failedJobsKey(prefix), 0, limit - 1)).map((t) => fromJson<FailedJobRecord>(t));
}

export function reasonOf(err: unknown): string {
  if (err instanceof KeeperError) return [err.shortMessage, ...err.details].join('; ');
  if (err instanceof Error) return err.message.split('\n')[0] ?? err.name;
  return String(err);
}

function vaultOf(job: Job): string | undefined {
  const data = job.data as { vault?: unknown } | undefined;
  return typeof data?.vault === 'string' ? data.vault : undefined;
}
