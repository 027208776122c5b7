/**
 * The book's native ETH on the eoa backend. The keeper's account holds both the book's ETH
 * (what exits and queue completions paid beyond the bundle's own wrap) and the gas ETH the
 * operator funds; only the first belongs to the book. It is kept as a ledger of each landed
 * plan's exact native change net of the gas that plan paid, read from the chain:
 *
 *   delta = balance(holder, inclusion block) − balance(holder, block before) + Σ gasUsed · effectiveGasPrice
 *
 * An exit paying 104.685 ETH of which 104.37 was wrapped records +0.315; the next bundle's
 * sweep (build-calls) wraps 0.315 and records −0.315: the credit returns to 0 and every wei
 * is accounted. Gas top-ups never enter it (they are not a plan's delta). On the vault
 * backend no ledger is needed: the vault pays no gas, so its whole native balance is book.
 *
 * Stored as one Redis hash per vault, field = plan id, so recording a plan twice (the
 * executor and crash recovery both see an inclusion) changes nothing.
 */
import type { Redis } from 'ioredis';
import { RetryableError } from '../domain/errors.ts';

export interface NativeBook {
  /** Records a landed plan's native delta net of gas; idempotent per plan id. */
  record(vault: string, planId: string, deltaWei: bigint): Promise<void>;
  /** The book's native ETH: the sum of the recorded deltas, never below 0. */
  credit(vault: string): Promise<bigint>;
}

/** @example planNativeDelta(10_000n, 10_000_315n, 0n) // 315 wei credited to the book (before, after, gas) */
export function planNativeDelta(balanceBefore: bigint, balanceAfter: bigint, gasPaidWei: bigint): bigint {
  return balanceAfter - balanceBefore + gasPaidWei;
}

/** The book's share of the holder's native balance: the credit, capped by what the account holds. */
export function bookNative(creditWei: bigint, balanceWei: bigint): bigint {
  if (creditWei <= 0n) return 0n;
  return creditWei < balanceWei ? creditWei : balanceWei;
}

export function createNativeBook(redis: Redis, prefix: string): NativeBook {
  const key = (vault: string): string => `${prefix}native-book:${vault}`;
  return {
    async record(vault, planId, deltaWei) {
      try {
        await redis.hset(key(vault), planId, deltaWei.toString());
      } catch (cause) {
        throw new RetryableError('native ETH ledger not writable', { details: [`vault: ${vault}`, `plan: ${planId}`], cause });
      }
    },
    async credit(vault) {
      let rows: Record<string, string>;
      try {
        rows = await redis.hgetall(key(vault));
      } catch (cause) {
        throw new RetryableError('native ETH ledger not readable', { details: [`vault: ${vault}`], cause });
      }
      const sum = Object.values(rows).reduce((s, v) => s + BigInt(v), 0n);
      return sum > 0n ? sum : 0n;
    },
  };
}

/** The ledger under the keeper's queue prefix (keys `<prefix>:native-book:<vault>`), shared by executor and observer. */
export function nativeBookFor(redis: Redis, queuePrefix: string): NativeBook {
  return createNativeBook(redis, `${queuePrefix}:`);
}
