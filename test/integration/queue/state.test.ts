/**
 * The Redis state the daemon's exactly-once rests on, against a real Redis: the signer lock
 * (exclusive, owner-only release, renewed while held, expires after a crash), the vault's
 * plan slot (one plan in flight, never from an observation older than the last settlement)
 * and the capped audit log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { acquireLock, lockOwner, withLock } from '../../../src/state/locks.ts';
import { createAuditLog, type AuditRecord } from '../../../src/state/audit.ts';
import { createPlanSlots } from '../../../src/queue/plan-slot.ts';
import { createPausedVaults } from '../../../src/queue/paused.ts';

const prefix = `rk-test-queue-state-${randomUUID()}`;
let redis: Redis;
let other: Redis;

beforeAll(() => {
  redis = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  other = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  other.disconnect();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('signer lock', () => {
  it('is exclusive across connections and released only by its owner', async () => {
    const key = `${prefix}:lock:a`;
    const a = await acquireLock(redis, key, { ttlMs: 5_000 });
    expect(a).toBeDefined();
    expect(await acquireLock(other, key, { ttlMs: 5_000, waitMs: 150 })).toBeUndefined();
    // A stale owner (wrong token) cannot delete it.
    await other.eval(`if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`, 1, key, 'not-the-token');
    expect(await lockOwner(redis, key)).toBe(a!.token);
    await a!.release();
    expect(await lockOwner(redis, key)).toBeUndefined();
    const b = await acquireLock(other, key, { ttlMs: 5_000 });
    expect(b?.held()).toBe(true);
    await a!.release(); // idempotent, and never releases b's lock
    expect(await lockOwner(redis, key)).toBe(b!.token);
    await b!.release();
  });

  it('is renewed while held (outlives its ttl) and taken over after its owner stops renewing', async () => {
    const key = `${prefix}:lock:b`;
    const held = await acquireLock(redis, key, { ttlMs: 300 });
    await sleep(700);
    expect(held?.held()).toBe(true);
    expect(await lockOwner(other, key)).toBe(held!.token);
    // A crash: the owner's renewals stop (simulated by a lock set like acquireLock does, never renewed).
    await redis.set(`${prefix}:lock:c`, 'dead-owner', 'PX', 300);
    expect(await acquireLock(other, `${prefix}:lock:c`, { ttlMs: 300, waitMs: 0 })).toBeUndefined();
    const taken = await acquireLock(other, `${prefix}:lock:c`, { ttlMs: 300, waitMs: 1_500, retryMs: 50 });
    expect(taken).toBeDefined();
    await taken!.release();
    await held!.release();
  });

  it('withLock throws a retryable error while another owner holds it', async () => {
    const key = `${prefix}:lock:d`;
    const a = await acquireLock(redis, key, { ttlMs: 5_000 });
    await expect(withLock(other, key, { ttlMs: 5_000, waitMs: 100 }, async () => 'ran')).rejects.toMatchObject({ retryable: true, shortMessage: 'lock is held by another process' });
    await a!.release();
    expect(await withLock(other, key, { ttlMs: 5_000 }, async () => 'ran')).toBe('ran');
    expect(await lockOwner(redis, key)).toBeUndefined();
  });
});

describe('plan slot', () => {
  it('lets one plan per vault through, re-admits its own holder, and refuses observations older than the last settlement', async () => {
    const slots = createPlanSlots(redis, prefix, 60_000);
    expect(await slots.claim('v1', 'v1-100-aa', 100)).toEqual({ ok: true });
    expect(await slots.claim('v1', 'v1-100-aa', 100)).toEqual({ ok: true });
    expect(await slots.claim('v1', 'v1-101-bb', 101)).toEqual({ ok: false, why: 'busy', holder: 'v1-100-aa' });
    expect(await slots.claim('v2', 'v2-101-cc', 101)).toEqual({ ok: true });
    expect(await slots.settle('v1', 'v1-101-bb', 200)).toBe(false);
    expect(await slots.settle('v1', 'v1-100-aa', 104)).toBe(true);
    expect(await slots.holder('v1')).toBeUndefined();
    // Observed at 101, before the plan settled at 104: it may not act on that old book.
    expect(await slots.claim('v1', 'v1-101-bb', 101)).toEqual({ ok: false, why: 'stale', settledBlock: 104 });
    expect(await slots.claim('v1', 'v1-104-dd', 104)).toEqual({ ok: true });
  });

  it('expires after its ttl when nobody settles it (a crash)', async () => {
    const slots = createPlanSlots(redis, prefix, 200);
    expect(await slots.claim('v3', 'v3-1-aa', 1)).toEqual({ ok: true });
    await sleep(350);
    expect(await slots.claim('v3', 'v3-2-bb', 2)).toEqual({ ok: true });
  });

  it('pausing is visible to every client', async () => {
    const paused = createPausedVaults(redis, prefix, () => 1_000);
    await paused.pause('v1', 'depeg under investigation');
    expect(await createPausedVaults(other, prefix).get('v1')).toEqual({ since: 1_000, reason: 'depeg under investigation' });
    expect(await paused.resume('v1')).toBe(true);
    expect(await paused.get('v1')).toBeUndefined();
  });
});

describe('audit log', () => {
  it('keeps exact bigints, lists newest first, filters by kind and is capped', async () => {
    const audit = createAuditLog(redis, prefix, 5);
    for (let i = 0; i < 7; i++) {
      const record: AuditRecord =
        i % 2 === 0
          ? { kind: 'rejected', vault: 'main', at: i, reasons: [`r${i}`] }
          : { kind: 'outcome', vault: 'main', at: i, planId: `p${i}`, status: 'included', receipts: [], expected: { yearlyGainWei: 10n ** 30n + BigInt(i), totalCostWei: 1n, gasCostWei: 1n }, realised: { gasCostWei: 2n, balanceChecks: [], checksOk: null } };
      await audit.append(record);
    }
    expect(await audit.count('main')).toBe(5);
    expect((await audit.list('main', { limit: 3 })).map((r) => r.at)).toEqual([6, 5, 4]);
    const outcomes = await audit.list('main', { kinds: ['outcome'] });
    expect(outcomes.map((r) => r.at)).toEqual([5, 3]);
    expect(outcomes[0]?.kind === 'outcome' && outcomes[0].expected.yearlyGainWei).toBe(10n ** 30n + 5n);
    expect(await audit.list('other')).toEqual([]);
  });
});

describe('turnover ledger', () => {
  it('counts a plan once per UTC day of chain time', async () => {
    const { createTurnoverLedger, utcDay } = await import('../../../src/queue/turnover.ts');
    const ledger = createTurnoverLedger(redis, prefix);
    const t = 86_400 * 20_000 + 100;
    expect(await ledger.add('v1', t, 1200, 'p1')).toBe(1200);
    expect(await ledger.add('v1', t + 50, 1200, 'p1')).toBe(1200); // the same plan confirmed twice
    expect(await ledger.add('v1', t + 60, 800, 'p2')).toBe(2000);
    expect(await ledger.used('v1', t + 86_400)).toBe(0);
    expect(await ledger.used('v2', t)).toBe(0);
    expect(utcDay(t)).toBe(20_000);
  });
});

describe('plan slot with the turnover ledger', () => {
  it('refuses a move that would take the day over the limit, reading the ledger atomically with the claim', async () => {
    const { createTurnoverLedger } = await import('../../../src/queue/turnover.ts');
    const ledger = createTurnoverLedger(redis, prefix);
    const slots = createPlanSlots(redis, prefix, 60_000);
    const t = 86_400 * 20_001;
    await ledger.add('v9', t, 7_000, 'landed');
    const turnover = (bps: number) => ({ key: ledger.keyOf('v9', t), bps, limitBps: 10_000 });
    expect(await slots.claim('v9', 'v9-5-aa', 5, turnover(3_500))).toEqual({ ok: false, why: 'limit', usedBps: 7_000 });
    expect(await slots.holder('v9')).toBeUndefined();
    expect(await slots.claim('v9', 'v9-5-bb', 5, turnover(3_000))).toEqual({ ok: true });
  });
});
