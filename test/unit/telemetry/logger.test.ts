import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { KeeperError, NonRetryableError, RetryableError, isRetryable, redactUrl } from '../../../src/domain/errors.ts';

function capture(): { lines: () => Record<string, unknown>[]; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('logger', () => {
  it('redacts keys and tokens wherever a caller puts them', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream });
    logger.info({ privateKey: '0xabc', signer: { privateKey: '0xdef' }, relay: { authKey: 'k' }, token: 't', vault: 'v1' }, 'hello');
    const [line] = out.lines();
    expect(line).toMatchObject({ privateKey: '[redacted]', signer: { privateKey: '[redacted]' }, relay: { authKey: '[redacted]' }, token: '[redacted]', vault: 'v1', msg: 'hello' });
  });

  it('strips credentials from URLs inside logged errors', () => {
    const out = capture();
    const logger = createLogger({ destination: out.stream }).child({ component: 'rpc' });
    logger.error({ err: new Error('connect failed to https://user:secret@rpc.example.com/v2/APIKEY123') }, 'rpc down');
    const text = JSON.stringify(out.lines()[0]);
    expect(text).not.toContain('secret');
    expect(text).not.toContain('APIKEY123');
    expect(text).toContain('https://***@rpc.example.com/…');
    expect(text).toContain('"component":"rpc"');
  });
});

describe('errors', () => {
  it('carry a short message, context lines and the cause', () => {
    const cause = new Error('socket hang up at https://rpc.example.com/key123');
    const err = new RetryableError('RPC request failed', { details: ['method: eth_call'], cause });
    expect(err.shortMessage).toBe('RPC request failed');
    expect(err.message).toBe('RPC request failed\n  method: eth_call\n  caused by: socket hang up at https://rpc.example.com/…');
    expect(err.cause).toBe(cause);
    expect(isRetryable(err)).toBe(true);
    expect(isRetryable(new NonRetryableError('bad input'))).toBe(false);
    expect(isRetryable(new Error('plain'))).toBe(false);
    expect(new KeeperError('x', { code: 'CONFIG_INVALID' }).code).toBe('CONFIG_INVALID');
  });

  it('redactUrl keeps only scheme and host', () => {
    expect(redactUrl('redis://:pw@127.0.0.1:6379/0')).toBe('redis://***@127.0.0.1:6379/…');
    expect(redactUrl('http://127.0.0.1:8545')).toBe('http://127.0.0.1:8545');
    expect(redactUrl('not a url')).toBe('<unparseable url>');
  });
});
