/**
 * First run without Redis: a private redis-server is started on the configured loopback port
 * and stopped with us; an answering Redis is left alone; without redis-server the error says
 * how to install it; a remote URL never gets a local server.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { ensureLocalRedis } from '../../../src/devnet/local-redis.ts';
import { InputError } from '../../../src/domain/errors.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function ping(url: string): Promise<string> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return await redis.ping();
  } catch {
    return 'no answer';
  } finally {
    redis.disconnect();
  }
}

describe('ensureLocalRedis', () => {
  it('starts a private redis-server on the URL port when nothing answers, and stops it', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    expect(await ping(url)).toBe('no answer');
    const redis = await ensureLocalRedis(url, { env: process.env });
    expect(redis.started).toBe(true);
    expect(await ping(url)).toBe('PONG');
    await redis.stop();
    expect(await ping(url)).toBe('no answer');
  });

  it('uses a Redis that already answers and never stops it', async () => {
    const url = 'redis://127.0.0.1:6379';
    const redis = await ensureLocalRedis(url, { env: process.env });
    expect(redis.started).toBe(false);
    await redis.stop();
    expect(await ping(url)).toBe('PONG');
  });

  it('says how to install Redis when redis-server is not on the PATH', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const error = await ensureLocalRedis(url, { env: { PATH: '/nonexistent' } }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InputError);
    const text = String((error as Error).message);
    expect(text).toContain(`Redis is not answering at ${url} and redis-server is not installed`);
    expect(text).toContain('apt-get install -y redis-server');
    expect(text).toContain('brew install redis');
    expect(text).toContain('docker run');
  });

  it('never starts a server for a Redis on another machine', async () => {
    const error = await ensureLocalRedis('redis://redis.invalid:6379', { env: process.env }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(InputError);
    expect(String((error as Error).message)).toContain('it is not on this machine');
  });
});
