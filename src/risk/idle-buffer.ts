/**
 * The one test of the idle buffer against its minimum, for the risk engine, the repair watch
 * and the backtest's breach check. Whole-bps weights round each position down, so their sum
 * can hide up to a bp per position of an idle shortfall: the minimum is judged on the idle
 * value itself, in wei, and a buffer within LIMIT_ROUNDING_BPS of it is not short (a vault
 * started on its minimum drifts a fraction of a bp under it; repairing that would cost a
 * trade for nothing). Also the headroom plans keep above the minimum (idleHeadroomBps), for the
 * strategy and the idle-cash clock (idle-wait.ts) alike.
 */
import { EIGEN_WITHDRAWAL_DELAY_SECONDS } from '../domain/types.ts';
import { BPS_BIG, SECONDS_PER_DAY } from '../domain/units.ts';

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

/** Longest queue a position can wait in (EigenLayer's withdrawal delay), days: the drift the headroom covers. */
const DRIFT_DAYS = EIGEN_WITHDRAWAL_DELAY_SECONDS / SECONDS_PER_DAY;

/**
 * Spare room a plan leaves in the idle buffer, bps. Idle and queued value earn nothing while
 * positions grow, so the invested share creeps up between ticks (by (idle + pending) × yield ×
 * time), and weights and pending value are rounded to whole bps: a vault filled to the exact
 * edge drifts through the buffer with no trade at all. The rounding (2 bps) plus the drift over
 * the longest queue at `apy` (the strategy's best yield; the idle clock's bound above any).
 * @example idleHeadroomBps(3000, 200, 0.065) // 2 + ceil(3200 × 0.065 × 14 / 365) = 10
 */
export function idleHeadroomBps(pendingBps: number, minIdleBps: number, apy: number): number {
  return 2 * LIMIT_ROUNDING_BPS + Math.ceil(((pendingBps + minIdleBps) * Math.max(0, apy) * DRIFT_DAYS) / 365);
}
