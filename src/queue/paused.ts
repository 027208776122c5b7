/**
 * Paused vaults: an operator's stop switch (`keeper pause <vault>`), read by every tick. A
 * paused vault is still observed (metrics and the audit log stay current) but nothing is
 * queued for execution; a plan already executing finishes (stopping a bundle half-way helps
 * no one). Kept in Redis so every keeper process obeys it at once.
 */
import type { Redis } from 'ioredis';

export interface PauseInfo {
  /** Unix ms. */
  readonly since: number;
  readonly reason: string;
}

export interface PausedVaults {
  pause(vault: string, reason: string): Promise<void>;
  resume(vault: string): Promise<boolean>;
  get(vault: string): Promise<PauseInfo | undefined>;
}

/** @example await createPausedVaults(redis, 'rk').pause('devnet-main', 'investigating a depeg'); */
export function createPausedVaults(redis: Redis, prefix: string, now: () => number = Date.now): PausedVaults {
  const key = (vault: string): string => `${prefix}:paused:${vault}`;
  return {
    async pause(vault, reason) {
      await redis.set(key(vault), JSON.stringify({ since: now(), reason }));
    },
    async resume(vault) {
      return (await redis.del(key(vault))) > 0;
    },
    async get(vault) {
      const text = await redis.get(key(vault));
      return text === null ? undefined : (JSON.parse(text) as PauseInfo);
    },
  };
}
