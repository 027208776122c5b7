/** The depeg clocks between ticks against a real Redis: the daemon's watch and a dry run's. */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { readOnlyDepegWatch, redisDepegWatch } from '../../../src/keeper/depeg-watch-store.ts';
import { IDLE_WAIT_KEY } from '../../../src/risk/idle-wait.ts';

const prefix = `rk-test-depeg-watch-${randomUUID()}:main:`;
const redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null });

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe('depeg watch', () => {
  it('a dry run sees the clocks the daemon kept and applies its block in memory only', async () => {
    const daemon = redisDepegWatch(redis);
    const dry = readOnlyDepegWatch(redis);
    expect(await daemon.apply(prefix, 10, 1_800_000_000, ['ezETH'])).toEqual({ ezETH: 1_800_000_000 });
    const stored = await redis.hgetall(`${prefix}depeg-since`);

    // A newer block: ezETH keeps its first-seen time, rsETH starts now, nothing is written.
    expect(await dry.apply(prefix, 11, 1_800_000_012, ['ezETH', 'rsETH'])).toEqual({ ezETH: 1_800_000_000, rsETH: 1_800_000_012 });
    // ezETH back above the threshold: its clock stops (in the dry run's answer only).
    expect(await dry.apply(prefix, 12, 1_800_000_024, [])).toEqual({});
    // An older block than the last applied changes nothing.
    expect(await dry.apply(prefix, 9, 1_799_999_988, ['rsETH'])).toEqual({ ezETH: 1_800_000_000 });
    expect(await redis.hgetall(`${prefix}depeg-since`)).toEqual(stored);
    expect(await redis.get(`${prefix}depeg-since-block`)).toBe('10');

    // The daemon's watch agrees with the dry run on the same block.
    expect(await daemon.apply(prefix, 11, 1_800_000_012, ['ezETH', 'rsETH'])).toEqual({ ezETH: 1_800_000_000, rsETH: 1_800_000_012 });
  });

  it('keeps the cap-repair clock apart from the depeg clock, under its own keys', async () => {
    const daemon = redisDepegWatch(redis);
    const p = `${prefix}repair:`;
    expect(await daemon.apply(p, 20, 1_800_000_000, ['ezETH'])).toEqual({ ezETH: 1_800_000_000 });
    expect(await daemon.apply(p, 20, 1_800_000_000, ['IDLE_BUFFER:all'], 'cap-repair')).toEqual({ 'IDLE_BUFFER:all': 1_800_000_000 });
    // Twelve hours later the buffer is still short: its clock keeps the first time seen.
    expect(await daemon.apply(p, 3620, 1_800_043_200, ['IDLE_BUFFER:all'], 'cap-repair')).toEqual({ 'IDLE_BUFFER:all': 1_800_000_000 });
    expect(await redis.hgetall(`${p}cap-repair-since`)).toEqual({ 'IDLE_BUFFER:all': '1800000000' });
    expect(await redis.hgetall(`${p}depeg-since`)).toEqual({ ezETH: '1800000000' });
    expect(await readOnlyDepegWatch(redis).apply(p, 3621, 1_800_043_212, [], 'cap-repair')).toEqual({});
  });

  it('keeps the idle-cash clock under its own keys until no cash waits', async () => {
    const daemon = redisDepegWatch(redis);
    const p = `${prefix}idle:`;
    expect(await daemon.apply(p, 30, 1_800_000_000, [IDLE_WAIT_KEY], 'idle-wait')).toEqual({ [IDLE_WAIT_KEY]: 1_800_000_000 });
    // Ten days later the cash still waits: the clock keeps its start, apart from the other clocks.
    expect(await daemon.apply(p, 72_030, 1_800_864_000, [IDLE_WAIT_KEY], 'idle-wait')).toEqual({ [IDLE_WAIT_KEY]: 1_800_000_000 });
    expect(await redis.hgetall(`${p}idle-wait-since`)).toEqual({ [IDLE_WAIT_KEY]: '1800000000' });
    expect(await redis.hgetall(`${p}cap-repair-since`)).toEqual({});
    // Invested: the clock stops, and cash that arrives later starts afresh.
    expect(await daemon.apply(p, 72_031, 1_800_864_012, [], 'idle-wait')).toEqual({});
    expect(await daemon.apply(p, 72_032, 1_800_864_024, [IDLE_WAIT_KEY], 'idle-wait')).toEqual({ [IDLE_WAIT_KEY]: 1_800_864_024 });
  });
});
