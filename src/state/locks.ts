/**
 * Cross-process mutual exclusion in Redis: `SET key token NX PX ttl`, renewed while held,
 * released only by its owner (compare-and-delete in Lua).
 *
 * Why not BullMQ groups: one signer serves many vaults, and a plan must hold the signer for
 * the whole send-and-wait loop (several blocks); a lock keyed by signer address says that
 * directly and holds across processes on one Redis. A process that dies (SIGKILL) stops
 * renewing; the lock expires after `ttlMs` and another process takes over. The token makes
 * sure a slow former owner can never release or extend a lock someone else now holds.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RetryableError } from '../domain/errors.ts';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

export interface LockOptions {
  /** Expiry of the lock when its owner stops renewing (crash), ms. */
  readonly ttlMs: number;
  /** How long `acquire` keeps trying before giving up, ms (0: one try). */
  readonly waitMs?: number;
  /** Pause between tries, ms (default 100). */
  readonly retryMs?: number;
}

export interface HeldLock {
  readonly key: string;
  readonly token: string;
  /** False once a renewal found the lock gone or taken (the work must not go on blindly). */
  held(): boolean;
  /** Stops renewing and deletes the lock if this owner still holds it. Idempotent. */
  release(): Promise<void>;
}

/**
 * Takes the lock or returns undefined when another owner kept it for `waitMs`. While held it
 * is renewed every ttl/3; a renewal that fails marks the lock lost (see `held()`).
 *
 * @example
 *   const lock = await acquireLock(redis, 'rk:lock:signer:0xabc', { ttlMs: 15_000, waitMs: 5_000 });
 *   if (!lock) throw new RetryableError('signer busy');
 *   try { await work(); } finally { await lock.release(); }
 */
export async function acquireLock(redis: Redis, key: string, options: LockOptions): Promise<HeldLock | undefined> {
  const token = randomUUID();
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    const ok = await guard(key, 'acquire', () => redis.set(key, token, 'PX', options.ttlMs, 'NX'));
    if (ok === 'OK') return held(redis, key, token, options.ttlMs);
    if (Date.now() >= deadline) return undefined;
    await sleep(Math.min(options.retryMs ?? 100, Math.max(1, deadline - Date.now())));
  }
}

/**
 * Runs `work` under the lock; throws a RetryableError when the lock stays taken, so a job
 * calling this is retried later with backoff.
 */
export async function withLock<T>(redis: Redis, key: string, options: LockOptions, work: (lock: HeldLock) => Promise<T>): Promise<T> {
  const lock = await acquireLock(redis, key, options);
  if (lock === undefined) throw new RetryableError('lock is held by another process', { details: [`lock: ${key}`, `waited: ${options.waitMs ?? 0} ms`] });
  try {
    return await work(lock);
  } finally {
    await lock.release();
  }
}

/** The current owner's token, if any (for status output and tests). */
export async function lockOwner(redis: Redis, key: string): Promise<string | undefined> {
  return (await redis.get(key)) ?? undefined;
}

function held(redis: Redis, key: string, token: string, ttlMs: number): HeldLock {
  let alive = true;
  let released = false;
  const timer = setInterval(() => {
    redis
      .eval(RENEW, 1, key, token, String(ttlMs))
      .then((n) => {
        if (Number(n) !== 1) alive = false;
      })
      // A failed renewal (Redis blip) is retried at the next interval; the TTL covers two misses.
      .catch(() => undefined);
  }, Math.max(10, Math.floor(ttlMs / 3)));
  timer.unref();
  return {
    key,
    token,
    held: () => alive && !released,
    async release() {
      if (released) return;
      released = true;
      clearInterval(timer);
      // If Redis is down the lock simply expires; releasing is an optimisation, not a duty.
      await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
    },
  };
}

async function guard<T>(key: string, what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new RetryableError(`lock ${what} failed`, { details: [`lock: ${key}`], cause });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
