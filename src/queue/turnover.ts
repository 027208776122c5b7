/**
 * Daily turnover per vault, counted when a rebalance lands on chain, so the daily limit
 * (risk.maxTurnoverPerDayBps) holds across ticks, processes and restarts.
 *
 * Why here: the decision (planVault) judges one tick and starts every tick from zero used
 * turnover; without this ledger two rebalances in a day could each use the whole limit.
 * The plan gate refuses a discretionary move that would take the day over the limit (a
 * forced move, e.g. a depeg exit, is never limited). Days are UTC days of CHAIN time, the
 * clock the snapshot carries.
 */
import type { Redis } from 'ioredis';
import { RetryableError } from '../domain/errors.ts';

export interface TurnoverLedger {
  /** Redis key of the vault's day (for the plan slot's atomic check). */
  keyOf(vault: string, timestamp: number): string;
  /** Discretionary turnover landed on the UTC day of `timestamp`, bps. */
  used(vault: string, timestamp: number): Promise<number>;
  /** Counts a landed plan's turnover once, however often its confirmation runs; records the rebalance time. */
  add(vault: string, timestamp: number, bps: number, planId: string): Promise<number>;
  /** Chain time of the last landed rebalance, unix seconds. */
  lastRebalance(vault: string): Promise<number | undefined>;
}

/** UTC day number of a unix timestamp. */
export function utcDay(timestamp: number): number {
  return Math.floor(timestamp / 86_400);
}

/** @example const ledger = createTurnoverLedger(redis, 'rk'); await ledger.add('main', snapshot.timestamp, 1200, planId); */
export function createTurnoverLedger(redis: Redis, prefix: string): TurnoverLedger {
  const key = (vault: string, timestamp: number): string => `${prefix}:turnover:${vault}:${utcDay(timestamp)}`;
  const guard = async <T>(what: string, vault: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      throw new RetryableError(`turnover ledger ${what} failed`, { details: [`vault: ${vault}`], cause });
    }
  };
  return {
    keyOf: key,
    used: (vault, timestamp) => guard('read', vault, async () => Number((await redis.get(key(vault, timestamp))) ?? 0)),
    add: (vault, timestamp, bps, planId) =>
      guard('write', vault, async () => {
        const k = key(vault, timestamp);
        const first = await redis.set(`${prefix}:turnover-counted:${planId}`, '1', 'EX', 3 * 86_400, 'NX');
        if (first !== 'OK') return Number((await redis.get(k)) ?? 0);
        const [[, total] = [null, 0]] = ((await redis.multi().incrby(k, Math.max(0, Math.round(bps))).expire(k, 3 * 86_400).set(`${prefix}:last-rebalance:${vault}`, String(timestamp)).exec()) ?? []) as [unknown, number][];
        return Number(total);
      }),
    lastRebalance: (vault) =>
      guard('read', vault, async () => {
        const text = await redis.get(`${prefix}:last-rebalance:${vault}`);
        return text === null ? undefined : Number(text);
      }),
  };
}
