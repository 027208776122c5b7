import { describe, expect, it } from 'vitest';
import { UnrecoverableError, type Job } from 'bullmq';
import { NonRetryableError, RetryableError } from '../../../src/domain/errors.ts';
import { createKeeperEventBus, type KeeperEventMap } from '../../../src/telemetry/keeper-events.ts';
import { isFinalFailure, jobRunner, reasonOf } from '../../../src/queue/failures.ts';
import { parsePayload, observeJobSchema } from '../../../src/queue/payloads.ts';

function fakeJob(attemptsMade: number, attempts = 3): Job {
  return { id: 'main-7', data: { vault: 'main', block: 7 }, attemptsMade, opts: { attempts } } as unknown as Job;
}

function capture() {
  const bus = createKeeperEventBus();
  const failed: KeeperEventMap['job.failed'][] = [];
  const completed: KeeperEventMap['job.completed'][] = [];
  bus.on('job.failed', (e) => failed.push(e));
  bus.on('job.completed', (e) => completed.push(e));
  return { bus, failed, completed };
}

describe('jobRunner', () => {
  it('rethrows a retryable error as is (BullMQ retries it with backoff)', async () => {
    const { bus, failed } = capture();
    const err = new RetryableError('RPC timed out');
    await expect(jobRunner('observe', bus, async () => Promise.reject(err))(fakeJob(0))).rejects.toBe(err);
    expect(failed).toEqual([expect.objectContaining({ queue: 'observe', vault: 'main', jobId: 'main-7', reason: 'RPC timed out', attemptsMade: 1, final: false })]);
  });

  it('turns a non-retryable error into UnrecoverableError with the short message and details', async () => {
    const { bus, failed } = capture();
    const run = jobRunner('execute', bus, async () => Promise.reject(new NonRetryableError('simulation failed', { details: ['call 2 reverted'] })));
    const thrown = await run(fakeJob(0)).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(UnrecoverableError);
    expect((thrown as Error).message).toBe('simulation failed; call 2 reverted');
    expect(failed[0]?.final).toBe(true);
  });

  it('treats unknown errors as not retryable, and the last retryable attempt as final', async () => {
    const { bus, failed } = capture();
    await expect(jobRunner('observe', bus, async () => Promise.reject(new TypeError('x is undefined')))(fakeJob(0))).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(jobRunner('observe', bus, async () => Promise.reject(new RetryableError('blip')))(fakeJob(2, 3))).rejects.toBeInstanceOf(RetryableError);
    expect(failed.map((f) => f.final)).toEqual([true, true]);
  });

  it('reports completed jobs with their duration', async () => {
    const { bus, completed } = capture();
    expect(await jobRunner('observe', bus, async () => 'hold')(fakeJob(0))).toBe('hold');
    expect(completed).toEqual([expect.objectContaining({ queue: 'observe', vault: 'main', jobId: 'main-7' })]);
    expect(completed[0]?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('knows when BullMQ gave up', () => {
    expect(isFinalFailure(fakeJob(3, 3), new Error('x'))).toBe(true);
    expect(isFinalFailure(fakeJob(1, 3), new Error('x'))).toBe(false);
    expect(isFinalFailure(fakeJob(1, 3), new UnrecoverableError('x'))).toBe(true);
    expect(reasonOf('plain')).toBe('plain');
  });
});

describe('payloads', () => {
  it('names the bad field of a malformed job', () => {
    expect(parsePayload(observeJobSchema, { vault: 'main', block: 3 }, 'observe/main-3')).toEqual({ vault: 'main', block: 3 });
    expect(() => parsePayload(observeJobSchema, { vault: 'a:b', block: -1 }, 'observe/x')).toThrow(/bad job payload[\s\S]*job: observe\/x[\s\S]*vault:[\s\S]*block:/);
  });
});
