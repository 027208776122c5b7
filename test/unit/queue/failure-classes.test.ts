import { describe, expect, it } from 'vitest';
import { UnrecoverableError, type Job } from 'bullmq';
import { makeError } from 'ethers';
import { InputError, KeeperError, NonRetryableError, RetryableError } from '../../../src/domain/errors.ts';
import { createKeeperEventBus, type KeeperEventMap } from '../../../src/telemetry/keeper-events.ts';
import { isRetryableFailure, jobRunner } from '../../../src/queue/failures.ts';

/** A Node system error as net/undici raise it. */
function systemError(code: string, message = `connect ${code} 127.0.0.1:8545`): Error {
  return Object.assign(new Error(message), { code, syscall: 'connect' });
}

function fakeJob(attemptsMade: number, attempts = 3): Job {
  return { id: 'main-7', data: { vault: 'main', block: 7 }, attemptsMade, opts: { attempts } } as unknown as Job;
}

describe('isRetryableFailure', () => {
  it('retries the transport errors ethers v6 raises for provider calls', () => {
    expect(isRetryableFailure(makeError('network error', 'NETWORK_ERROR', { event: 'noNetwork' }))).toBe(true);
    expect(isRetryableFailure(makeError('request timeout', 'TIMEOUT', { operation: 'request', reason: 'timeout' }))).toBe(true);
    expect(isRetryableFailure(makeError('server response 503 Service Unavailable', 'SERVER_ERROR', { request: undefined as never, response: { statusCode: 503 } as never }))).toBe(true);
    expect(isRetryableFailure(makeError('server response 429 Too Many Requests', 'SERVER_ERROR', { request: undefined as never, response: { statusCode: 429 } as never }))).toBe(true);
    expect(isRetryableFailure(makeError('could not coalesce error', 'SERVER_ERROR', { request: undefined as never, response: undefined as never }))).toBe(true);
  });

  it('does not retry a 4xx answer (wrong URL or API key) nor other ethers codes', () => {
    expect(isRetryableFailure(makeError('server response 401 Unauthorized', 'SERVER_ERROR', { request: undefined as never, response: { statusCode: 401 } as never }))).toBe(false);
    expect(isRetryableFailure(makeError('execution reverted', 'CALL_EXCEPTION', { action: 'call', data: '0x', reason: null, transaction: { to: null, data: '0x' }, invocation: null, revert: null }))).toBe(false);
    expect(isRetryableFailure(makeError('invalid argument', 'INVALID_ARGUMENT', { argument: 'to', value: 1 }))).toBe(false);
  });

  it('retries socket and fetch errors, also as the cause of a wrapper', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT']) {
      expect(isRetryableFailure(systemError(code)), code).toBe(true);
    }
    expect(isRetryableFailure(new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') }))).toBe(true);
    expect(isRetryableFailure(new KeeperError('observation failed', { cause: makeError('request timeout', 'TIMEOUT', { operation: 'request', reason: 'timeout' }) }))).toBe(true);
    expect(isRetryableFailure(systemError('UND_ERR_INVALID_ARG', 'invalid url'))).toBe(false);
    expect(isRetryableFailure(systemError('ENOENT', 'no such file'))).toBe(false);
  });

  it('keeps bad input and explicit non-retryable errors unrecoverable, even around a transient cause', () => {
    expect(isRetryableFailure(new InputError('bad job payload', { details: ['vault: required'] }))).toBe(false);
    expect(isRetryableFailure(new NonRetryableError('simulation failed', { cause: systemError('ECONNRESET') }))).toBe(false);
    expect(isRetryableFailure(new UnrecoverableError('given up'))).toBe(false);
    expect(isRetryableFailure(new TypeError('x is undefined'))).toBe(false);
    expect(isRetryableFailure('plain string')).toBe(false);
    expect(isRetryableFailure(new RetryableError('lock held'))).toBe(true);
  });
});

describe('jobRunner with unwrapped provider errors', () => {
  it('rethrows an ethers TIMEOUT as is on the first attempt (BullMQ retries with backoff), not as UnrecoverableError', async () => {
    const bus = createKeeperEventBus();
    const failed: KeeperEventMap['job.failed'][] = [];
    bus.on('job.failed', (e) => failed.push(e));
    const err = makeError('request timeout', 'TIMEOUT', { operation: 'getBlockNumber', reason: 'timeout' });
    const thrown = await jobRunner('observe', bus, async () => Promise.reject(err))(fakeJob(0)).catch((e: unknown) => e);
    expect(thrown).toBe(err);
    expect(thrown).not.toBeInstanceOf(UnrecoverableError);
    expect(failed[0]).toMatchObject({ final: false, attemptsMade: 1 });
  });

  it('gives up on an ECONNREFUSED only when the attempts are used up', async () => {
    const bus = createKeeperEventBus();
    const failed: KeeperEventMap['job.failed'][] = [];
    bus.on('job.failed', (e) => failed.push(e));
    const err = new TypeError('fetch failed', { cause: systemError('ECONNREFUSED') });
    await expect(jobRunner('execute', bus, async () => Promise.reject(err))(fakeJob(2, 3))).rejects.toBe(err);
    expect(failed[0]).toMatchObject({ final: true, attemptsMade: 3 });
  });
});
