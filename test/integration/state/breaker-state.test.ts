/**
 * The breaker state on a real Redis, as several keeper processes use it: each transition is
 * reported to exactly one caller even when callers race on the same block, and a late
 * observation of an older block never resets (or re-trips) what a newer block decided.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createBreakerState } from '../../../src/state/breaker-state.ts';
import { countRedisRoundTrips } from '../../helpers/redis-round-trips.ts';

const prefix = `rk-test-breaker-state-${randomUUID()}`;
let a: Redis;
let b: Redis;

beforeAll(() => {
  a = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  b = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const keys = await a.keys(`${prefix}*`);
  if (keys.length > 0) await a.del(...keys);
  a.disconnect();
  b.disconnect();
});

describe('breaker state (real Redis)', () => {
  it('trips a first sighting once when two processes race on the same block', async () => {
    const one = createBreakerState(a, prefix);
    const two = createBreakerState(b, prefix);
    const [x, y] = await Promise.all([one.apply('v1', 100, ['DEPEG:weETH', 'STALE_DATA:ezETH']), two.apply('v1', 100, ['DEPEG:weETH', 'STALE_DATA:ezETH'])]);
    const winners = [x, y].filter((t) => t.applied);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.tripped).toEqual(['DEPEG:weETH', 'STALE_DATA:ezETH']);
    expect([...x.tripped, ...y.tripped]).toHaveLength(2);
    expect([...x.reset, ...y.reset]).toEqual([]);
    expect(new Map(await one.open('v1'))).toEqual(new Map([['DEPEG:weETH', 100], ['STALE_DATA:ezETH', 100]]));

    // Still open at the next block: nothing new, and the trip block is kept.
    const again = await two.apply('v1', 101, ['STALE_DATA:ezETH', 'DEPEG:weETH']);
    expect(again).toEqual({ applied: true, block: 101, tripped: [], reset: [] });
    expect((await one.open('v1')).get('DEPEG:weETH')).toBe(100);
  });

  it('resets a breaker once when it disappears, even when two processes race', async () => {
    const one = createBreakerState(a, prefix);
    const two = createBreakerState(b, prefix);
    await one.apply('v2', 200, ['DEPEG:weETH', 'RATE_JUMP:rsETH']);
    const [x, y] = await Promise.all([one.apply('v2', 203, ['RATE_JUMP:rsETH']), two.apply('v2', 203, ['RATE_JUMP:rsETH'])]);
    expect([...x.reset, ...y.reset]).toEqual(['DEPEG:weETH']);
    expect([...x.tripped, ...y.tripped]).toEqual([]);
    // Gone stays gone: the next blocks report nothing more.
    expect(await two.apply('v2', 204, ['RATE_JUMP:rsETH'])).toEqual({ applied: true, block: 204, tripped: [], reset: [] });
    expect([...(await one.open('v2')).keys()]).toEqual(['RATE_JUMP:rsETH']);
    // And it may trip again later, once.
    expect((await one.apply('v2', 210, ['RATE_JUMP:rsETH', 'DEPEG:weETH'])).tripped).toEqual(['DEPEG:weETH']);
  });

  it('ignores an observation of an older or already applied block', async () => {
    const state = createBreakerState(a, prefix);
    await state.apply('v3', 300, ['SLASHED_OPERATOR:ezETH-restaked']);
    expect(await state.apply('v3', 305, ['SLASHED_OPERATOR:ezETH-restaked', 'DEPEG:pufETH'])).toEqual({ applied: true, block: 305, tripped: ['DEPEG:pufETH'], reset: [] });
    // A slow tick of block 302 finishing late, whose verdict shows nothing open: no reset.
    expect(await state.apply('v3', 302, [])).toEqual({ applied: false, block: 305, tripped: [], reset: [] });
    // A second observation of block 305 with a different answer does not flap it either.
    expect(await state.apply('v3', 305, ['SLASHED_OPERATOR:ezETH-restaked'])).toEqual({ applied: false, block: 305, tripped: [], reset: [] });
    expect(new Map(await state.open('v3'))).toEqual(new Map([['SLASHED_OPERATOR:ezETH-restaked', 300], ['DEPEG:pufETH', 305]]));
  });

  it('keeps vaults apart and its keys under the prefix', async () => {
    const state = createBreakerState(a, prefix);
    expect((await state.apply('v4', 400, ['DEPEG:weETH'])).tripped).toEqual(['DEPEG:weETH']);
    expect((await state.apply('v5', 10, ['DEPEG:weETH'])).tripped).toEqual(['DEPEG:weETH']);
    expect((await state.apply('v5', 11, [])).reset).toEqual(['DEPEG:weETH']);
    expect([...(await state.open('v4')).keys()]).toEqual(['DEPEG:weETH']);
    expect((await a.keys(`${prefix}:breakers*:v4`)).sort()).toEqual([`${prefix}:breakers-block:v4`, `${prefix}:breakers:v4`]);
  });

  it('applies an observation with its warm-up in one command: a warming position\'s breaker is left out, the rest trip in the order given', async () => {
    const state = createBreakerState(a, prefix);
    const counter = countRedisRoundTrips(a);
    try {
      const first = await state.applyObserved('v7', 50, [{ breaker: 'RATE_JUMP:rsETH' }, { breaker: 'STALE_DATA:ezETH', unlessWarmingUp: 'ezETH' }, { breaker: 'STALE_DATA:weETH', unlessWarmingUp: 'weETH' }, { breaker: 'DEPEG:ezETH' }], ['weETH']);
      expect([counter.commands, counter.roundTrips]).toEqual([1, 1]);
      expect(first).toEqual({ applied: true, block: 50, tripped: ['RATE_JUMP:rsETH', 'STALE_DATA:weETH', 'DEPEG:ezETH'], reset: [], warming: new Set(['ezETH']) });
    } finally {
      counter.restore();
    }
    // An older block changes no breaker but still remembers the fresh position.
    const late = await state.applyObserved('v7', 49, [{ breaker: 'STALE_DATA:ezETH', unlessWarmingUp: 'ezETH' }], ['ezETH']);
    expect(late).toEqual({ applied: false, block: 50, tripped: [], reset: [], warming: new Set() });
    const next = await state.applyObserved('v7', 51, [{ breaker: 'STALE_DATA:ezETH', unlessWarmingUp: 'ezETH' }], []);
    expect(next).toEqual({ applied: true, block: 51, tripped: ['STALE_DATA:ezETH'], reset: ['RATE_JUMP:rsETH', 'STALE_DATA:weETH', 'DEPEG:ezETH'], resetSince: { 'RATE_JUMP:rsETH': 50, 'STALE_DATA:weETH': 50, 'DEPEG:ezETH': 50 }, warming: new Set() });
  });

  it('refuses a bad block or an empty breaker name before touching Redis', async () => {
    const state = createBreakerState(a, prefix);
    await expect(state.apply('v6', -1, [])).rejects.toThrow('invalid breaker block');
    await expect(state.apply('v6', 1.5, [])).rejects.toThrow('invalid breaker block');
    await expect(state.apply('v6', 1, ['DEPEG:weETH', ''])).rejects.toThrow('empty breaker name');
    await expect(state.applyObserved('v6', -1, [], [])).rejects.toThrow('invalid breaker block');
    await expect(state.applyObserved('v6', 1, [{ breaker: '' }], [])).rejects.toThrow('empty breaker name');
    expect(await a.exists(`${prefix}:breakers-block:v6`)).toBe(0);
  });
});
