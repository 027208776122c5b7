/**
 * Per vault share-price history in Redis, sampled every observed block, with bounded memory:
 * every block of the last 26 hours (the 1-day window), one sample an hour for 400 days (the
 * 7-day, 30-day and longer windows) and the first sample ever (since inception). About 9,800
 * entries per vault at most, whatever the uptime.
 *
 * One Lua script per sample, so the keeper's per-tick cost is one round trip, and processes
 * that observe the same block write the same member (idempotent).
 *
 * Keys: `${prefix}:perf:${vault}:recent`, `…:hourly` (sorted sets by block timestamp, member
 * `${block}:${priceWad}`), `…:first` (string), `…:gas-gwei` (integer counter), `…:gas-plan:<plan id>` (counted marker).
 */
import type { Redis } from 'ioredis';
import { InputError } from '../domain/errors.ts';
import type { SharePriceSample } from '../perf/realised-apy.ts';

const RECENT_SECONDS = 26 * 3600;
const HOURLY_SECONDS = 400 * 86_400;
const HOUR = 3600;

// KEYS: recent, hourly, first. ARGV: timestamp, member.
const RECORD = `
local ts = tonumber(ARGV[1])
redis.call('zadd', KEYS[1], ts, ARGV[2])
redis.call('zremrangebyscore', KEYS[1], '-inf', ts - ${RECENT_SECONDS})
local last = redis.call('zrevrangebyscore', KEYS[2], '+inf', ts - ${HOUR} + 1, 'LIMIT', 0, 1)
if #last == 0 then
  redis.call('zadd', KEYS[2], ts, ARGV[2])
  redis.call('zremrangebyscore', KEYS[2], '-inf', ts - ${HOURLY_SECONDS})
end
redis.call('set', KEYS[3], ARGV[1] .. ':' .. ARGV[2], 'NX')
return 1`;

// KEYS: the plan's marker, the gas counter. ARGV: gwei. A confirm job may report a plan again
// (retries, recovery): the marker (kept a week) makes the count once per plan.
const ADD_GAS = `
if redis.call('set', KEYS[1], '1', 'NX', 'EX', 604800) then
  redis.call('incrby', KEYS[2], ARGV[1])
end
return 1`;

export interface SharePriceStore {
  /** Records the share price seen at a block (idempotent per block). */
  record(vault: string, sample: SharePriceSample): Promise<void>;
  /** Samples in time order: the first ever, one an hour, then every block of the last day. */
  history(vault: string): Promise<SharePriceSample[]>;
  /** Adds the gas a landed plan paid, once per plan id however often it is reported. */
  addGas(vault: string, planId: string, gasWei: bigint): Promise<void>;
  /** Gas paid by landed plans since the counter started, wei (whole gwei). */
  gasSpentWei(vault: string): Promise<bigint>;
}

/** @example const store = createSharePriceStore(redis, 'rk-devnet'); await store.record('main', sample) */
export function createSharePriceStore(redis: Redis, prefix: string): SharePriceStore {
  const key = (vault: string, part: string): string => {
    if (vault.includes(':')) throw new InputError('vault names cannot contain ":"', { details: [`vault: ${vault}`] });
    return `${prefix}:perf:${vault}:${part}`;
  };
  return {
    async record(vault, sample) {
      const member = `${sample.block}:${sample.priceWad}`;
      await redis.eval(RECORD, 3, key(vault, 'recent'), key(vault, 'hourly'), key(vault, 'first'), String(sample.timestamp), member);
    },
    async history(vault) {
      const [first, hourly, recent] = await Promise.all([
        redis.get(key(vault, 'first')),
        redis.zrange(key(vault, 'hourly'), 0, -1, 'WITHSCORES'),
        redis.zrange(key(vault, 'recent'), 0, -1, 'WITHSCORES'),
      ]);
      const byBlock = new Map<number, SharePriceSample>();
      if (first !== null) {
        const [ts = '', block = '', price = ''] = first.split(':');
        addSample(byBlock, `${block}:${price}`, ts);
      }
      for (let i = 0; i + 1 < hourly.length; i += 2) addSample(byBlock, hourly[i] ?? '', hourly[i + 1] ?? '');
      for (let i = 0; i + 1 < recent.length; i += 2) addSample(byBlock, recent[i] ?? '', recent[i + 1] ?? '');
      return [...byBlock.values()].sort((a, b) => a.timestamp - b.timestamp || a.block - b.block);
    },
    async addGas(vault, planId, gasWei) {
      // Counted in gwei: a Redis integer holds 9.2e18, which in wei would overflow at 9.2 ETH.
      if (gasWei > 0n) await redis.eval(ADD_GAS, 2, key(vault, `gas-plan:${planId}`), key(vault, 'gas-gwei'), (gasWei / 10n ** 9n).toString());
    },
    async gasSpentWei(vault) {
      return BigInt((await redis.get(key(vault, 'gas-gwei'))) ?? '0') * 10n ** 9n;
    },
  };
}

function addSample(into: Map<number, SharePriceSample>, member: string, score: string): void {
  const [block, price] = member.split(':');
  const sample = { block: Number(block), timestamp: Number(score), priceWad: /^\d+$/.test(price ?? '') ? BigInt(price ?? '0') : -1n };
  // A malformed entry is skipped rather than failing a status page.
  if (Number.isInteger(sample.block) && Number.isFinite(sample.timestamp) && sample.priceWad >= 0n) into.set(sample.block, sample);
}
