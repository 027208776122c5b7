/**
 * Job failures, the way DESIGN.md asks for them: a retryable error is rethrown (BullMQ
 * retries with backoff), anything else becomes BullMQ's UnrecoverableError (no retry), and a
 * job that fails for good leaves a record with its reason in a capped Redis list (besides
 * BullMQ's own failed set, which bull-board shows).
 *
 * Retryable (`isRetryableFailure`) means: a RetryableError, or a transport failure the keeper
 * did not wrap, anywhere in the `cause` chain: ethers v6 codes NETWORK_ERROR, TIMEOUT and
 * SERVER_ERROR (except a 4xx answer other than 408/429: a wrong URL or key stays wrong),
 * UNSUPPORTED_OPERATION of `bodyJson` (an answer that is not JSON: a proxy's error page, a cut
 * body; the next answer is usually fine), and socket/fetch codes (ECONNRESET, ECONNREFUSED, ETIMEDOUT, EPIPE, EAI_AGAIN, undici's
 * UND_ERR_*). A NonRetryableError (InputError: bad payload) anywhere in the chain wins.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { isRetryable, KeeperError, NonRetryableError } from '../domain/errors.ts';
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

/** The failed-jobs list keeps this many newest records. */
export const FAILED_JOBS_CAP = 1_000;

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
      const retryable = isRetryableFailure(err);
      const final = !retryable || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      bus.emit('job.failed', { queue, ...(vault ? { vault } : {}), jobId: job.id ?? '', reason: reasonOf(err), attemptsMade: job.attemptsMade + 1, final, durationMs: Date.now() - started });
      if (retryable || err instanceof UnrecoverableError) throw err;
      throw new UnrecoverableError(reasonOf(err));
    }
  };
}

const TRANSIENT_ETHERS_CODES = new Set(['NETWORK_ERROR', 'TIMEOUT', 'SERVER_ERROR']);
/** ethers' UNSUPPORTED_OPERATION for a body that does not parse as JSON (FetchResponse.bodyJson). */
const MALFORMED_BODY_OPERATION = 'bodyJson';
/** undici codes for a wrong call, not a network blip. */
const UNDICI_USAGE_CODES = new Set(['UND_ERR_INVALID_ARG', 'UND_ERR_INVALID_RETURN_VALUE', 'UND_ERR_NOT_SUPPORTED']);
const TRANSIENT_SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN']);

/**
 * Whether retrying the job may help (see the header). Walks `cause` a few levels deep, so
 * `TypeError('fetch failed', { cause: ECONNREFUSED })` and wrapped ethers errors count.
 * @example isRetryableFailure(makeError('request timeout', 'TIMEOUT')) // true
 * @example isRetryableFailure(new InputError('bad payload')) // false
 */
export function isRetryableFailure(err: unknown): boolean {
  let retryable = false;
  let current: unknown = err;
  for (let depth = 0; depth < 6 && current !== undefined && current !== null; depth++) {
    if (current instanceof NonRetryableError || current instanceof UnrecoverableError) return false;
    if (isRetryable(current) || isTransientTransport(current)) retryable = true;
    current = (current as { cause?: unknown }).cause;
  }
  return retryable;
}

function isTransientTransport(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string') return false;
  if (code === 'UNSUPPORTED_OPERATION') return (err as { operation?: unknown }).operation === MALFORMED_BODY_OPERATION;
  if (TRANSIENT_ETHERS_CODES.has(code)) {
    const status = (err as { response?: { statusCode?: unknown } }).response?.statusCode;
    return !(code === 'SERVER_ERROR' && typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429);
  }
  return TRANSIENT_SOCKET_CODES.has(code) || (code.startsWith('UND_ERR_') && !UNDICI_USAGE_CODES.has(code));
}

/** Whether BullMQ gave up on the job with this failure (no retry left, or not retryable). */
export function isFinalFailure(job: Pick<Job, 'attemptsMade' | 'opts'>, err: Error): boolean {
  return err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
}

export async function recordFailedJob(redis: Redis, prefix: string, record: FailedJobRecord): Promise<void> {
  await redis.multi().lpush(failedJobsKey(prefix), toJson(record)).ltrim(failedJobsKey(prefix), 0, FAILED_JOBS_CAP - 1).exec();
}

/** How many records the failed-jobs list holds (at most FAILED_JOBS_CAP). */
export function countFailedJobs(redis: Redis, prefix: string): Promise<number> {
  return redis.llen(failedJobsKey(prefix));
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
