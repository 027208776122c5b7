/**
 * One in-flight plan per vault, across processes: a plan may only be queued for execution
 * while no other plan of the vault is queued, executing or waiting for confirmation, and
 * only when its observation is newer than the last plan's settlement.
 *
 * Why both rules: two processes may observe the same vault at blocks B and B+1 before
 * either plan lands; both would decide the same rebalance, and executing both moves the
 * money twice. The slot (SET NX) lets one of them through. And a tick that read the chain
 * BEFORE the previous plan landed but claims the slot AFTER it settled would act on the old
 * book again; settling records the chain head, and a claim from an older snapshot is refused.
 *
 * The slot has a TTL as a last resort (a crashed process never settles); normally the
 * confirm job settles it, or the failed-job handler when execution gives up.
 */
import type { Redis } from 'ioredis';
import { RetryableError } from '../domain/errors.ts';

const CLAIM = `
local holder = redis.call('get', KEYS[1])
if holder then
  if holder == ARGV[1] then return 'ok' end
  return 'busy:' .. holder
end
local settled = tonumber(redis.call('get', KEYS[2]) or '-1')
if tonumber(ARGV[2]) < settled then return 'stale:' .. settled end
if tonumber(ARGV[4]) > 0 then
  local used = tonumber(redis.call('get', KEYS[3]) or '0')
  if used + tonumber(ARGV[4]) > tonumber(ARGV[5]) then return 'limit:' .. used end
end
redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[3])
return 'ok'`;

const SETTLE = `
local holder = redis.call('get', KEYS[1])
if holder ~= ARGV[1] then return 0 end
redis.call('del', KEYS[1])
local settled = tonumber(redis.call('get', KEYS[2]) or '-1')
if tonumber(ARGV[2]) > settled then redis.call('set', KEYS[2], ARGV[2]) end
return 1`;

export type SlotClaim =
  | { readonly ok: true }
  | { readonly ok: false; readonly why: 'busy'; readonly holder: string }
  | { readonly ok: false; readonly why: 'stale'; readonly settledBlock: number }
  | { readonly ok: false; readonly why: 'limit'; readonly usedBps: number };

/** A discretionary move's turnover, checked against the day's ledger in the same atomic step. */
export interface TurnoverClaim {
  /** The ledger key of the plan's day (TurnoverLedger.keyOf). */
  readonly key: string;
  readonly bps: number;
  readonly limitBps: number;
}

export interface PlanSlots {
  /**
   * Claims the vault's slot for `planId`, observed at `snapshotBlock`. Re-claiming one's own
   * slot is ok (a retried job). With `turnover`, also refuses when the day's landed turnover
   * plus this move would pass the limit: read atomically with the claim, so a plan decided
   * before the previous one was counted cannot slip through once that one settled.
   */
  claim(vault: string, planId: string, snapshotBlock: number, turnover?: TurnoverClaim): Promise<SlotClaim>;
  /** Frees the slot if `planId` holds it; later plans must observe at or after `headBlock`. */
  settle(vault: string, planId: string, headBlock: number): Promise<boolean>;
  /** The plan id holding the slot, if any. */
  holder(vault: string): Promise<string | undefined>;
}

/** @example const slots = createPlanSlots(redis, 'rk', 600_000); await slots.claim('main', planId, 1234); */
export function createPlanSlots(redis: Redis, prefix: string, ttlMs: number): PlanSlots {
  const slotKey = (vault: string): string => `${prefix}:slot:${vault}`;
  const settledKey = (vault: string): string => `${prefix}:settled:${vault}`;
  const guard = async <T>(what: string, vault: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      throw new RetryableError(`plan slot ${what} failed`, { details: [`vault: ${vault}`], cause });
    }
  };
  return {
    claim: (vault, planId, snapshotBlock, turnover) =>
      guard('claim', vault, async () => {
        const answer = String(
          await redis.eval(CLAIM, 3, slotKey(vault), settledKey(vault), turnover?.key ?? `${prefix}:turnover:none`, planId, String(snapshotBlock), String(ttlMs), String(turnover?.bps ?? 0), String(turnover?.limitBps ?? 0)),
        );
        if (answer === 'ok') return { ok: true };
        if (answer.startsWith('busy:')) return { ok: false, why: 'busy', holder: answer.slice(5) };
        if (answer.startsWith('limit:')) return { ok: false, why: 'limit', usedBps: Number(answer.slice(6)) };
        return { ok: false, why: 'stale', settledBlock: Number(answer.slice(6)) };
      }),
    settle: (vault, planId, headBlock) => guard('settle', vault, async () => Number(await redis.eval(SETTLE, 2, slotKey(vault), settledKey(vault), planId, String(headBlock))) === 1),
    holder: (vault) => guard('read', vault, async () => (await redis.get(slotKey(vault))) ?? undefined),
  };
}
