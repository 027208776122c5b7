/**
 * The keeper-side pause: `keeper pause <vault>` stops this keeper (every process on the same
 * Redis) from queueing plans for one vault, without touching the chain. It is the operator's
 * brake for "something looks wrong, stop trading while I look"; the vault's on-chain
 * `pause()` is the guardian's, stronger brake and is separate.
 *
 * Layout (the daemon's src/queue/paused.ts reads through this module): one
 * string per vault, `${prefix}:paused:${vault}`, holding JSON `{ since, reason, by }` with
 * `since` in unix ms. The flag's presence is what counts; the JSON is for people.
 *
 * Contract for workers: call `isPaused(redis, config.queue.prefix, vault)` (one EXISTS)
 * before queueing a plan for execution, and skip (complete, not fail) while it is true. A
 * plan already signed and sent is not recalled: an intent in flight resolves as usual.
 */
import type { Redis } from 'ioredis';
import { RetryableError } from '../domain/errors.ts';

export interface PauseRecord {
  readonly vault: string;
  /** Unix ms when the pause was set. */
  readonly since: number;
  readonly reason: string;
  /** Who asked (user@host or a free label); `unknown` for flags set by other tools. */
  readonly by: string;
}

/** The flag's key under `prefix` (config.queue.prefix). */
export function pauseKey(prefix: string, vault: string): string {
  return `${prefix}:paused:${vault}`;
}

async function guarded<T>(what: string, vault: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new RetryableError(`pause flag ${what} failed`, { details: [`vault: ${vault}`], cause });
  }
}

/**
 * Whether the keeper must leave `vault` alone. One EXISTS: cheap enough for every job.
 * @example if (await isPaused(redis, config.queue.prefix, job.data.vault)) return 'paused';
 */
export function isPaused(redis: Redis, prefix: string, vault: string): Promise<boolean> {
  return guarded('read', vault, async () => (await redis.exists(pauseKey(prefix, vault))) === 1);
}

/** Sets the flag; false when the vault was already paused (the first record is kept). */
export function pauseVault(redis: Redis, prefix: string, record: PauseRecord): Promise<boolean> {
  const { vault, ...value } = record;
  return guarded('write', vault, async () => (await redis.set(pauseKey(prefix, vault), JSON.stringify(value), 'NX')) === 'OK');
}

/** Clears the flag; false when the vault was not paused. */
export function resumeVault(redis: Redis, prefix: string, vault: string): Promise<boolean> {
  return guarded('write', vault, async () => (await redis.del(pauseKey(prefix, vault))) === 1);
}

/** The pause records of `vaults` (one MGET), by vault name; unpaused vaults are absent. */
export function pausedVaults(redis: Redis, prefix: string, vaults: readonly string[]): Promise<Map<string, PauseRecord>> {
  return guarded('list', vaults.join(','), async () => {
    const out = new Map<string, PauseRecord>();
    if (vaults.length === 0) return out;
    const values = await redis.mget(...vaults.map((v) => pauseKey(prefix, v)));
    vaults.forEach((vault, i) => {
      const text = values[i];
      if (text !== null && text !== undefined) out.set(vault, parseRecord(vault, text));
    });
    return out;
  });
}

/** A hand-set or older flag still counts as a pause, whatever its value. */
export function parseRecord(vault: string, text: string): PauseRecord {
  try {
    const value = JSON.parse(text) as { since?: unknown; reason?: unknown; by?: unknown };
    return {
      vault,
      since: typeof value.since === 'number' ? value.since : 0,
      reason: typeof value.reason === 'string' ? value.reason : '',
      by: typeof value.by === 'string' ? value.by : 'unknown',
    };
  } catch {
    return { vault, since: 0, reason: text.slice(0, 200), by: 'unknown' };
  }
}
