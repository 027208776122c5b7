/**
 * Paused vaults as the daemon sees them: an operator's stop switch (`keeper pause <vault>`),
 * read by every tick. A paused vault is still observed (metrics and the audit log stay
 * current) but nothing is queued for execution; a plan already executing finishes. The flag
 * itself (key, value, parsing) lives in src/ops/pause.ts, the one place that defines it.
 */
import type { Redis } from 'ioredis';
import { pausedVaults, pauseVault, resumeVault } from '../ops/pause.ts';

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
  return {
    async pause(vault, reason) {
      await pauseVault(redis, prefix, { vault, since: now(), reason, by: 'keeper' });
    },
    resume: (vault) => resumeVault(redis, prefix, vault),
    async get(vault) {
      const record = (await pausedVaults(redis, prefix, [vault])).get(vault);
      return record === undefined ? undefined : { since: record.since, reason: record.reason };
    },
  };
}
