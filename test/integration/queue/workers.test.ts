/**
 * The queue mechanics under the daemon, with real BullMQ on a real Redis and stand-in job
 * bodies: ticks enqueued by several watchers exist once; retryable errors are retried with
 * backoff, others fail at once as unrecoverable and leave a failed-job record; and a worker
 * whose Redis connections are killed (CLIENT KILL) goes on processing without help.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { NonRetryableError, RetryableError } from '../../../src/domain/errors.ts';
import { createKeeperEventBus } from '../../../src/telemetry/keeper-events.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { startBlockWatcher } from '../../../src/queue/block-watcher.ts';
import { daemonRedisOptions } from '../../../src/queue/connection.ts';
import { isFinalFailure, jobRunner, listFailedJobs, reasonOf, recordFailedJob } from '../../../src/queue/failures.ts';
import { jobDefaults } from '../../../src/queue/queues.ts';

const id = randomUUID();
const prefix = `rk-test-queue-workers-${id}`;
const clientName = `rk-test-w-${id.slice(0, 8)}`;
const logger = createLogger({ level: 'silent' });
const admin = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
let connection: Redis;
const closers: (() => Promise<unknown>)[] = [];

beforeAll(() => {
  connection = new Redis({ host: '127.0.0.1', port: 6379, ...daemonRedisOptions(clientName) });
  connection.on('error', () => undefined);
});

afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
  connection.disconnect();
  admin.disconnect();
});

function queue(name: string): Queue {
  const q = new Queue(name, { connection, prefix, defaultJobOptions: jobDefaults('execute', { attempts: 3, backoffMs: 50, keepCompletedSeconds: 600 }) });
  closers.push(() => q.close());
  return q;
}

function worker(name: string, body: (job: Job) => Promise<string>, extra: (w: Worker) => void = () => undefined): Worker {
  const w = new Worker(name, jobRunner(name, createKeeperEventBus(), body), { connection, prefix, concurrency: 4, lockDuration: 5_000, stalledInterval: 2_000 });
  w.on('error', () => undefined);
  extra(w);
  closers.push(() => w.close());
  return w;
}

async function until(check: () => Promise<boolean> | boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('ticks from several watchers', () => {
  it('each vault-tick is enqueued and processed once, whoever saw the block', async () => {
    const q = queue('observe-dedup');
    const seen: string[] = [];
    worker('observe-dedup', async (job) => {
      seen.push(job.id ?? '');
      return 'ok';
    });
    let head = 100;
    const vaults = () => ['a', 'b', 'c'];
    const watchers = [0, 1, 2].map(() => startBlockWatcher({ head: async () => head, queue: q, vaults, everyBlocks: 2, pollMs: 20, logger }));
    await until(() => seen.length >= 3);
    head = 101; // not a tick block with everyBlocks 2
    await new Promise((r) => setTimeout(r, 200));
    head = 103;
    await until(() => seen.length >= 6);
    await new Promise((r) => setTimeout(r, 300));
    for (const w of watchers) await w.stop();
    expect([...seen].sort()).toEqual(['a-100', 'a-102', 'b-100', 'b-102', 'c-100', 'c-102']);
  });
});

describe('retries and failures', () => {
  it('retries a retryable error with backoff until it succeeds', async () => {
    const q = queue('retry');
    const attempts: number[] = [];
    worker('retry', async (job) => {
      attempts.push(Date.now());
      if (job.attemptsMade < 2) throw new RetryableError('RPC timed out');
      return 'done';
    });
    const events = new QueueEvents('retry', { connection: { host: '127.0.0.1', port: 6379 }, prefix });
    await events.waitUntilReady();
    const job = await q.add('x', { vault: 'a' }, { jobId: 'a-1' });
    try {
      expect(await job.waitUntilFinished(events, 15_000)).toBe('done');
    } finally {
      await events.close();
    }
    expect(attempts).toHaveLength(3);
    // Exponential backoff from 50 ms: at least 50 then 100 ms between attempts.
    expect(attempts[1]! - attempts[0]!).toBeGreaterThanOrEqual(45);
    expect(attempts[2]! - attempts[1]!).toBeGreaterThanOrEqual(95);
  });

  it('fails a non-retryable error at once as unrecoverable and records why', async () => {
    const q = queue('unrecoverable');
    let runs = 0;
    worker(
      'unrecoverable',
      async () => {
        runs += 1;
        throw new NonRetryableError('simulation reverted', { details: ['call 1: mint ezETH'] });
      },
      (w) =>
        w.on('failed', (job, err) => {
          if (job && isFinalFailure(job, err)) void recordFailedJob(connection, prefix, { queue: 'unrecoverable', jobId: job.id ?? '', vault: 'a', reason: reasonOf(err), attemptsMade: job.attemptsMade, at: Date.now() });
        }),
    );
    await q.add('x', { vault: 'a' }, { jobId: 'a-2' });
    await until(async () => (await listFailedJobs(connection, prefix)).length > 0);
    expect(runs).toBe(1);
    const [record] = await listFailedJobs(connection, prefix);
    expect(record).toMatchObject({ queue: 'unrecoverable', jobId: 'a-2', vault: 'a', reason: 'simulation reverted; call 1: mint ezETH', attemptsMade: 1 });
    expect((await q.getJob('a-2'))?.failedReason).toBe('simulation reverted; call 1: mint ezETH');
  });
});

describe('Redis connections killed mid-run', () => {
  it('the worker reconnects by itself and keeps processing', async () => {
    const q = queue('reconnect');
    const done: string[] = [];
    worker('reconnect', async (job) => {
      done.push(job.id ?? '');
      return 'ok';
    });
    await q.add('x', { vault: 'a' }, { jobId: 'before' });
    await until(() => done.includes('before'));

    // Ours only (others test on this Redis too): our named connection and BullMQ's blocking one, named after the prefix.
    const clients = ((await admin.client('LIST')) as string).split('\n').filter((l) => l.includes(`name=${clientName}`) || l.includes(`name=${prefix}:`));
    expect(clients.length).toBeGreaterThanOrEqual(2);
    for (const line of clients) await admin.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!);

    await q.add('x', { vault: 'a' }, { jobId: 'after' });
    await until(() => done.includes('after'), 20_000);
    expect(done).toEqual(['before', 'after']);
  });
});
