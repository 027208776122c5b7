/**
 * The depeg watch between ticks, in Redis: per vault, since when each position's DEX discount
 * has been beyond the depeg threshold without a break (src/risk/depeg-watch.ts decides what
 * the map means; this only keeps it).
 *
 * Why a script and a block number: several keeper processes observe the same vault and their
 * ticks finish out of order. A late tick of an older block must not restart a clock a newer
 * block kept running, nor revive one a newer block stopped, so the script applies a block
 * only when it is newer than the last one applied, and returns the map either way.
 *
 * Keys: `${vaultPrefix}depeg-since` (hash: position → unix seconds first seen) and
 * `${vaultPrefix}depeg-since-block` (newest block applied). The cap-repair clock
 * (src/risk/repair-watch.ts: cap group → unix seconds first seen broken) is kept the same way
 * under `${vaultPrefix}cap-repair-since` and `${vaultPrefix}cap-repair-since-block`, and the
 * idle-cash clock (src/risk/idle-wait.ts: one key, since when cash has waited above the idle
 * buffer) under `${vaultPrefix}idle-wait-since` and `${vaultPrefix}idle-wait-since-block`.
 */
import type { Redis } from 'ioredis';
import { RetryableError } from '../domain/errors.ts';
import type { PositionId } from '../domain/types.ts';

// KEYS[1] since hash, KEYS[2] newest block; ARGV[1] block, ARGV[2] timestamp, ARGV[3..] discounted now.
const APPLY = `
local block = tonumber(ARGV[1])
local last = tonumber(redis.call('get', KEYS[2]) or '-1')
if block > last then
  redis.call('set', KEYS[2], ARGV[1])
  local now = {}
  for i = 3, #ARGV do
    now[ARGV[i]] = true
    redis.call('hsetnx', KEYS[1], ARGV[i], ARGV[2])
  end
  for _, id in ipairs(redis.call('hkeys', KEYS[1])) do
    if not now[id] then redis.call('hdel', KEYS[1], id) end
  end
end
return redis.call('hgetall', KEYS[1])`;

/** Which clock: the depeg's (positions discounted now), the cap repair's (cap groups broken now) or the idle cash's (IDLE_WAIT_KEY when cash waits now). */
export type WatchName = 'depeg' | 'cap-repair' | 'idle-wait';

/** Keeps the depeg map (and the cap-repair map, `watch`) between ticks; the daemon's is Redis, a dry run's writes nothing. */
export interface DepegWatch {
  apply(vaultPrefix: string, block: number, timestamp: number, discounted: readonly PositionId[], watch?: WatchName): Promise<Record<PositionId, number>>;
}

/** The keeper's watch: Redis, updated atomically per block (applyDepegWatch). */
export function redisDepegWatch(redis: Redis): DepegWatch {
  return { apply: (vaultPrefix, block, timestamp, discounted, watch) => applyDepegWatch(redis, vaultPrefix, block, timestamp, discounted, watch) };
}

/**
 * A dry run's watch (`keeper execute --dry-run`): reads the stored map and applies this block
 * in memory, as the script would, writing nothing.
 */
export function readOnlyDepegWatch(redis: Redis): DepegWatch {
  return {
    async apply(vaultPrefix, block, timestamp, discounted, watch = 'depeg') {
      const [stored, last] = await Promise.all([redis.hgetall(`${vaultPrefix}${watch}-since`), redis.get(`${vaultPrefix}${watch}-since-block`)]);
      const since: Record<PositionId, number> = Object.fromEntries(Object.entries(stored).map(([id, t]) => [id, Number(t)]));
      if (block <= Number(last ?? '-1')) return since;
      return Object.fromEntries(discounted.map((id) => [id, since[id] ?? timestamp]));
    },
  };
}

/**
 * Records the positions discounted at `block` and returns the map as it stands.
 * @example await applyDepegWatch(redis, 'rk:main:', 120, 1_700_000_000, ['ezETH']) // { ezETH: 1_699_999_880 }
 */
export async function applyDepegWatch(redis: Redis, vaultPrefix: string, block: number, timestamp: number, discounted: readonly PositionId[], watch: WatchName = 'depeg'): Promise<Record<PositionId, number>> {
  try {
    const flat = (await redis.eval(APPLY, 2, `${vaultPrefix}${watch}-since`, `${vaultPrefix}${watch}-since-block`, String(block), String(timestamp), ...discounted)) as string[];
    const out: Record<PositionId, number> = {};
    for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i] as string] = Number(flat[i + 1]);
    return out;
  } catch (cause) {
    throw new RetryableError(`${watch} watch update failed`, { details: [`key: ${vaultPrefix}${watch}-since`, `block: ${block}`], cause });
  }
}
