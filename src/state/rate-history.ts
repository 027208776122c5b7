/**
 * Rate history per LRT in Redis: one sorted set per symbol, scored by timestamp.
 *
 * Members are `${timestamp}:${rateWad}`. Appends go through one Lua script so that they are
 * atomic and idempotent (a second sample at a timestamp already stored is ignored, whichever
 * keeper process sends it) and trim the set by age and by count in the same step, so memory
 * stays bounded however long the keeper runs.
 */
import type { Redis } from 'ioredis';
import type { RateSample } from '../domain/estimate.ts';
import type { LrtSymbol } from '../domain/types.ts';
import { InputError, RetryableError } from '../domain/errors.ts';
import { SECONDS_PER_DAY } from '../domain/units.ts';

/** The keeper's bounds of a series. Longer than the longest estimator window (30 d), so every window can be served. */
export const RATE_HISTORY_MAX_AGE_SECONDS = 35 * SECONDS_PER_DAY;
export const RATE_HISTORY_MAX_SAMPLES = 20_000;

/** The days of rates those bounds keep at one sample per `spacingSeconds` (the count bound or the age bound, whichever is hit first). */
export function rateHistoryDays(spacingSeconds: number): number {
  return Math.min(RATE_HISTORY_MAX_AGE_SECONDS, RATE_HISTORY_MAX_SAMPLES * spacingSeconds) / SECONDS_PER_DAY;
}

export interface RateHistoryOptions {
  /** Prefix of every key, e.g. `keeper:{vault}:`. */
  readonly prefix: string;
  /** Keep at most this many samples per LRT. */
  readonly maxSamples: number;
  /** Drop samples older than the newest one by more than this, seconds. */
  readonly maxAgeSeconds: number;
  /** Keep no two samples of a series closer than this, seconds: a sample within it of a kept one is skipped. Default 1 (one per timestamp). */
  readonly minSpacingSeconds?: number;
}

/**
 * A series: an LRT's rate by its symbol, a reward token's price (`reward:<address>`,
 * src/keeper/reward-prices.ts), or what a reward stream's distributor owes a holder in all
 * (`stream:<holder>:<lrt>/<stream>`, src/keeper/stream-history.ts).
 */
export type RateSeries = LrtSymbol | `reward:${string}` | `stream:${string}`;

export interface RateHistory {
  /** Stores a sample; returns false when one already existed at that timestamp (or within the spacing of it). */
  append(symbol: RateSeries, sample: RateSample): Promise<boolean>;
  /** Samples with from <= timestamp <= to, oldest first. */
  window(symbol: RateSeries, from: number, to: number): Promise<RateSample[]>;
  /** The newest sample with timestamp <= `atOrBefore` (one member read, not a window). */
  latest(symbol: RateSeries, atOrBefore: number): Promise<RateSample | undefined>;
  /** Number of stored samples. */
  size(symbol: RateSeries): Promise<number>;
}

// KEYS[1] set; ARGV: timestamp, member, maxAgeSeconds, maxSamples, minSpacingSeconds.
// The spacing is checked on both sides: a bootstrap fills in samples before the newest.
const APPEND = `
local ts = tonumber(ARGV[1])
local gap = tonumber(ARGV[5]) - 1
if redis.call('ZCOUNT', KEYS[1], ts - gap, ts + gap) > 0 then return 0 end
redis.call('ZADD', KEYS[1], ts, ARGV[2])
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. (tonumber(newest[2]) - tonumber(ARGV[3])))
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, -tonumber(ARGV[4]) - 1)
return 1
`;

/**
 * @example
 *   const history = createRateHistory(redis, { prefix: 'keeper:v1:', maxSamples: 10_000, maxAgeSeconds: 35 * 86_400 });
 *   await history.append('weETH', { timestamp: 1_700_000_000, rateWad: 1_050_000_000_000_000_000n });
 */
export function createRateHistory(redis: Redis, options: RateHistoryOptions): RateHistory {
  const spacing = options.minSpacingSeconds ?? 1;
  if (!Number.isInteger(options.maxSamples) || options.maxSamples < 1 || !(options.maxAgeSeconds > 0) || !Number.isInteger(spacing) || spacing < 1) {
    throw new InputError('invalid rate history bounds', { details: [`maxSamples: ${options.maxSamples}`, `maxAgeSeconds: ${options.maxAgeSeconds}`, `minSpacingSeconds: ${spacing}`] });
  }
  const key = (symbol: RateSeries): string => `${options.prefix}rates:${symbol}`;
  const wrap = async <T>(what: string, symbol: RateSeries, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      throw new RetryableError(`rate history ${what} failed`, { details: [`key: ${key(symbol)}`], cause });
    }
  };
  return {
    append(symbol, sample) {
      if (!Number.isInteger(sample.timestamp) || sample.timestamp < 0 || sample.rateWad <= 0n) {
        throw new InputError('invalid rate sample', { details: [`symbol: ${symbol}`, `timestamp: ${sample.timestamp}`, `rateWad: ${sample.rateWad}`] });
      }
      return wrap('append', symbol, async () => {
        const added = await redis.eval(APPEND, 1, key(symbol), sample.timestamp, `${sample.timestamp}:${sample.rateWad}`, options.maxAgeSeconds, options.maxSamples, spacing);
        return added === 1;
      });
    },
    window(symbol, from, to) {
      return wrap('read', symbol, async () => {
        const members = await redis.zrangebyscore(key(symbol), from, to);
        return members.map(parseMember);
      });
    },
    latest(symbol, atOrBefore) {
      return wrap('read', symbol, async () => {
        const [member] = await redis.zrevrangebyscore(key(symbol), atOrBefore, '-inf', 'LIMIT', 0, 1);
        return member === undefined ? undefined : parseMember(member);
      });
    },
    size(symbol) {
      return wrap('size', symbol, () => redis.zcard(key(symbol)));
    },
  };
}

function parseMember(member: string): RateSample {
  const [ts, rate] = member.split(':');
  return { timestamp: Number(ts), rateWad: BigInt(rate ?? '0') };
}
