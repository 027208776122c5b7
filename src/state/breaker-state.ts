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
 * (positions ever seen with fresh rate data, see `applyObserved`). No expiry: an open breaker
 * stays open until an observation shows it closed.
 */
import type { Redis } from 'ioredis';
import { InputError, RetryableError } from '../domain/errors.ts';

// Applies the breakers `names` open at block `blockArg` to the open hash and the newest-block key.
const APPLY_OPEN = `
local function applyOpen(openKey, blockKey, blockArg, names)
  local block = tonumber(blockArg)
  local last = tonumber(redis.call('get', blockKey) or '-1')
  if block <= last then return {0, last, {}, {}, {}} end
  redis.call('set', blockKey, blockArg)
  local open = {}
  local tripped = {}
  for _, name in ipairs(names) do
    open[name] = true
    if redis.call('hsetnx', openKey, name, blockArg) == 1 then tripped[#tripped + 1] = name end
  end
  local reset = {}
  local since = {}
  local stored = redis.call('hgetall', openKey)
  for i = 1, #stored, 2 do
    local name = stored[i]
    if not open[name] then
      redis.call('hdel', openKey, name)
      reset[#reset + 1] = name
      since[#since + 1] = stored[i + 1]
    end
  end
  return {1, block, tripped, reset, since}
end
`;

// KEYS[1] open hash, KEYS[2] newest applied block; ARGV[1] block, ARGV[2..] breakers open now.
const APPLY = `${APPLY_OPEN}
local names = {}
for i = 2, #ARGV do names[#names + 1] = ARGV[i] end
return applyOpen(KEYS[1], KEYS[2], ARGV[1], names)`;

// KEYS[1] open hash, KEYS[2] newest applied block, KEYS[3] set of positions that had fresh data;
// ARGV[1] block, ARGV[2] count of fresh ids, the fresh ids, then pairs (breaker, position whose
// warm-up leaves it out, or '' for none). The warm-up set is updated whether or not the block applies.
const APPLY_OBSERVED = `${APPLY_OPEN}
local n = tonumber(ARGV[2])
for i = 3, n + 2 do redis.call('sadd', KEYS[3], ARGV[i]) end
local names = {}
local warming = {}
for i = n + 3, #ARGV, 2 do
  local gate = ARGV[i + 1]
  if gate == '' or redis.call('sismember', KEYS[3], gate) == 1 then names[#names + 1] = ARGV[i] else warming[#warming + 1] = gate end
end
local out = applyOpen(KEYS[1], KEYS[2], ARGV[1], names)
out[6] = warming
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
   * `apply` of an observation, with the warm-up in the same script (one round trip):
   * remembers the positions seen with fresh rate data (`fresh`), leaves out each breaker whose
   * `unlessWarmingUp` position was never seen so (still warming up: a position the keeper never
   * had fresh data for cannot go stale, so its STALE_DATA is the start-up's short history, not a
   * breaker), and applies the rest in the order given.
   */
  applyObserved(vault: string, block: number, breakers: readonly ObservedBreaker[], fresh: readonly string[]): Promise<ObservedTransitions>;
}

export interface ObservedBreaker {
  readonly breaker: string;
  /** The position whose warm-up leaves this breaker out. */
  readonly unlessWarmingUp?: string;
}

export interface ObservedTransitions extends BreakerTransitions {
  /** Positions of `unlessWarmingUp` never seen with fresh data: their breakers were left out. */
  readonly warming: ReadonlySet<string>;
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
  const check = (vault: string, block: number, names: readonly string[]): void => {
    if (!Number.isSafeInteger(block) || block < 0) throw new InputError('invalid breaker block', { details: [`vault: ${vault}`, `block: ${block}`] });
    if (names.includes('')) throw new InputError('empty breaker name', { details: [`vault: ${vault}`, `block: ${block}`] });
  };
  return {
    async apply(vault, block, open) {
      check(vault, block, open);
      return guard('apply', vault, async () => transitions(await redis.eval(APPLY, 2, openKey(vault), blockKey(vault), String(block), ...open)));
    },
    async applyObserved(vault, block, breakers, fresh) {
      check(vault, block, breakers.map((b) => b.breaker));
      const pairs = breakers.flatMap((b) => [b.breaker, b.unlessWarmingUp ?? '']);
      return guard('apply', vault, async () => {
        const answer = await redis.eval(APPLY_OBSERVED, 3, openKey(vault), blockKey(vault), freshKey(vault), String(block), String(fresh.length), ...fresh, ...pairs);
        return { ...transitions(answer), warming: new Set((answer as unknown[])[5] as string[]) };
      });
    },
    open: (vault) =>
      guard('read', vault, async () => {
        const all = await redis.hgetall(openKey(vault));
        return new Map(Object.entries(all).map(([name, at]) => [name, Number(at)]));
      }),
  };
}

/** The scripts' answer: {applied, newest block, tripped, reset, since of each reset}. */
function transitions(answer: unknown): BreakerTransitions {
  const [applied, newest, tripped, reset, since = []] = answer as [number, number, string[], string[], string[]?];
  const resetSince = Object.fromEntries(reset.map((name, i) => [name, Number(since[i])]));
  return { applied: applied === 1, block: Number(newest), tripped, reset, ...(reset.length > 0 ? { resetSince } : {}) };
}
