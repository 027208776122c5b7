/**
 * The one test of the idle buffer against its minimum, for the risk engine, the repair watch
 * and the backtest's breach check. Whole-bps weights round each position down, so their sum
 * can hide up to a bp per position of an idle shortfall: the minimum is judged on the idle
 * value itself, in wei, and a buffer within LIMIT_ROUNDING_BPS of it is not short (a vault
 * started on its minimum drifts a fraction of a bp under it; repairing that would cost a
 * trade for nothing).
 */
import { BPS_BIG } from '../domain/units.ts';

/** The rounding every limit is allowed, bps: the idle minimum here; the backtest's breach check (src/backtest/breaches.ts) allows the same on caps and turnover. */
export const LIMIT_ROUNDING_BPS = 1;

/**
 * Whether `idleWei` of `totalWei` is short of `minIdleBps` (whole bps, as the config's bps()
 * requires) by more than LIMIT_ROUNDING_BPS, exactly: idleWei × 10 000 < totalWei × (minIdleBps − 1).
 * An empty vault is never short.
 * @example idleBelowMinimum(1_990_000_000_000_000_000n, 100_000_000_000_000_000_000n, 200) // false: 199 bps is within 1 bp of 200
 * @example idleBelowMinimum(1_989_999_999_999_999_999n, 100_000_000_000_000_000_000n, 200) // true
 */
export function idleBelowMinimum(idleWei: bigint, totalWei: bigint, minIdleBps: number): boolean {
  if (!Number.isInteger(minIdleBps)) throw new RangeError(`minIdleBps must be whole bps, got ${minIdleBps}`);
  if (totalWei <= 0n) return false;
  return idleWei * BPS_BIG < totalWei * BigInt(minIdleBps - LIMIT_ROUNDING_BPS);
}
