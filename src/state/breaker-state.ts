/**
 * Which breakers are open per vault, in Redis, so `breaker.tripped` / `breaker.reset` are
 * emitted once per transition however many keeper processes observe the vault.
 *
 * Why a script and a block number: every process decides every tick it runs, and ticks of
 * different blocks finish out of order across processes. Comparing one observation with the
 * previous one in memory would announce a trip in each process, and a late tick of an older
 * block would reset what a newer block tripped (then trip it again: a flap). One Lua script
 * compares the observed set with the stored one and records the block in the same step, so
 * exactly one caller sees each transition, and an observation of a block at or before the
 * newest applied one changes nothing (the first observation of a block wins).
 *
 * Keys: `${prefix}:breakers:${vault}` (hash: breaker → block it tripped at),
 * `${prefix}:breakers-block:${vault}` (newest block applied) and `${prefix}:breakers-fresh:${vault}`
 * (positions ever seen with fresh rate data, see `warmingUp`). No expiry: an open breaker
 * stays open until an observation shows it closed.
 */
import type { Redis } from 'ioredis';
import { InputError, RetryableError } from '../domain/errors.ts';

// KEYS[1] open hash, KEYS[2] newest applied block; ARGV[1] block, ARGV[2..] breakers open now.
const APPLY = `
local block = tonumber(ARGV[1])
local last = tonumber(redis.call('get', KEYS[2]) or '-1')
if block <= last then return {0, last, {}, {}} end
redis.call('set', KEYS[2], ARGV[1])
local open = {}
local tripped = {}
for i = 2, #ARGV do
  open[ARGV[i]] = true
  if redis.call('hsetnx', KEYS[1], ARGV[i], ARGV[1]) == 1 then tripped[#tripped + 1] = ARGV[i] end
end
local reset = {}
local since = {}
local stored = redis.call('hgetall', KEYS[1])
for i = 1, #stored, 2 do
  local name = stored[i]
  if not open[name] then
    redis.call('hdel', KEYS[1], name)
    reset[#reset + 1] = name
    since[#since + 1] = stored[i + 1]
  end
end
return {1, block, tripped, reset, since}`;

// KEYS[1] set of positions that had fresh data; ARGV[1] count of fresh ids, then the fresh ids, then the ids to ask about.
const WARMING = `
local n = tonumber(ARGV[1])
for i = 2, n + 1 do redis.call('sadd', KEYS[1], ARGV[i]) end
local out = {}
for i = n + 2, #ARGV do
  if redis.call('sismember', KEYS[1], ARGV[i]) == 0 then out[#out + 1] = ARGV[i] end
end
return out`;

export interface BreakerTransitions {
  /** False when the block was at or before the newest applied one: nothing changed. */
  readonly applied: boolean;
  /** The newest applied block after this call. */
  readonly block: number;
  /** Breakers open now that were not open before, in the order given. */
  readonly tripped: readonly string[];
  /** Breakers that were open and are not any more. */
  readonly reset: readonly string[];
  /** The block each reset breaker had tripped at (for the log line that says how long it lasted). */
  readonly resetSince?: Readonly<Record<string, number>>;
}

export interface BreakerState {
  /**
   * Applies the set of breakers open at `block`: the ones new since the last applied block
   * trip, the ones missing reset. Atomic; an older (or already applied) block is ignored.
   */
  apply(vault: string, block: number, open: readonly string[]): Promise<BreakerTransitions>;
  /** Open breakers and the block each tripped at (for status and tests). */
  open(vault: string): Promise<ReadonlyMap<string, number>>;
  /**
   * Remembers the positions seen with fresh rate data (`fresh`) and returns those of `ask`
   * never seen so: still warming up. A position the keeper never had fresh data for cannot
   * go stale, so its STALE_DATA is the start-up's short history, not a breaker.
   */
  warmingUp(vault: string, fresh: readonly string[], ask: readonly string[]): Promise<ReadonlySet<string>>;
}

/** @example const t = await createBreakerState(redis, 'rk').apply('main', 1234, ['DEPEG:weETH']); t.tripped // ['DEPEG:weETH'] */
export function createBreakerState(redis: Redis, prefix: string): BreakerState {
  const openKey = (vault: string): string => `${prefix}:breakers:${vault}`;
  const blockKey = (vault: string): string => `${prefix}:breakers-block:${vault}`;
  const freshKey = (vault: string): string => `${prefix}:breakers-fresh:${vault}`;
  const guard = async <T>(what: string, vault: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (cause) {
      throw new RetryableError(`breaker state ${what} failed`, { details: [`vault: ${vault}`], cause });
    }
  };
  return {
    async apply(vault, block, open) {
      if (!Number.isSafeInteger(block) || block < 0) throw new InputError('invalid breaker block', { details: [`vault: ${vault}`, `block: ${block}`] });
      const empty = open.find((name) => name === '');
      if (empty !== undefined) throw new InputError('empty breaker name', { details: [`vault: ${vault}`, `block: ${block}`] });
      return guard('apply', vault, async () => {
        const [applied, newest, tripped, reset, since = []] = (await redis.eval(APPLY, 2, openKey(vault), blockKey(vault), String(block), ...open)) as [number, number, string[], string[], string[]?];
        const resetSince = Object.fromEntries(reset.map((name, i) => [name, Number(since[i])]));
        return { applied: applied === 1, block: Number(newest), tripped, reset, ...(reset.length > 0 ? { resetSince } : {}) };
      });
    },
    open: (vault) =>
      guard('read', vault, async () => {
        const all = await redis.hgetall(openKey(vault));
        return new Map(Object.entries(all).map(([name, at]) => [name, Number(at)]));
      }),
    warmingUp: (vault, fresh, ask) =>
      guard('warm-up', vault, async () => {
        if (fresh.length === 0 && ask.length === 0) return new Set<string>();
        const out = (await redis.eval(WARMING, 1, freshKey(vault), String(fresh.length), ...fresh, ...ask)) as string[];
        return new Set(out);
      }),
  };
}
