import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { clearKeeperState } from '../../../src/state/clear-prefix.ts';
import { InputError } from '../../../src/domain/errors.ts';

let redis: Redis;
const prefix = `rk-test-clear-${randomUUID()}`;

beforeAll(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('clearKeeperState (real Redis)', () => {
  it('removes every key under the prefix and nothing else', async () => {
    for (let i = 0; i < 1_200; i++) await redis.set(`${prefix}:q:observe:devnet-main-${i}`, '1');
    await redis.hset(`${prefix}:settled`, 'devnet-main', '213');
    await redis.set(`${prefix}x:other`, 'keep');
    await redis.set(`${prefix}`, 'keep');
    expect(await clearKeeperState(redis, prefix)).toBe(1_201);
    expect(await redis.keys(`${prefix}:*`)).toEqual([]);
    expect(await redis.get(`${prefix}x:other`)).toBe('keep');
    expect(await redis.get(prefix)).toBe('keep');
    expect(await clearKeeperState(redis, prefix)).toBe(0);
  });

  it('refuses a prefix that is empty or would match as a pattern', async () => {
    await expect(clearKeeperState(redis, '')).rejects.toThrow(InputError);
    await expect(clearKeeperState(redis, 'rk-*')).rejects.toThrow(/pattern characters/);
  });
});
