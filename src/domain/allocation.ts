/**
 * Weights of the vault: the common language of strategies, risk and planner.
 *
 * Weights are integer bps of the vault's total value at the snapshot (idle + positions +
 * queued withdrawals in flight). Queued value cannot be moved, so it is reported apart as
 * `pendingBps`; idle absorbs the rounding so that the parts always sum to 10_000.
 */
import { BPS, bpsOf } from './units.ts';
import type { PositionId } from './types.ts';
import type { Snapshot } from './snapshot.ts';

export interface Allocation {
  /** Total value in asset wei: idle + positions + queued withdrawals. */
  readonly totalWei: bigint;
  /** bps of totalWei per position id (every observed position has an entry). */
  readonly weights: Readonly<Record<PositionId, number>>;
  /** Free asset, bps (takes the rounding remainder). */
  readonly idleBps: number;
  /** Value locked in queued withdrawals, bps. */
  readonly pendingBps: number;
}

/** What a strategy wants: bps per position; anything not given to a position stays idle. */
export interface TargetWeights {
  readonly weights: Readonly<Record<PositionId, number>>;
  /** Why, in words a fund manager can check. */
  readonly rationale: readonly string[];
}

/**
 * The current allocation from a snapshot's values.
 * @example 60 ETH idle + 40 ETH weETH → { weights: { weETH: 4000 }, idleBps: 6000, pendingBps: 0 }
 */
export function allocationFromSnapshot(snapshot: Snapshot): Allocation {
  // A due EigenLayer withdrawal already counted in the position its LRT returns to is not pending.
  const pendingWei = snapshot.queuedWithdrawals.reduce((s, q) => (q.returnedTo === undefined ? s + q.amountWei : s), 0n);
  const positionsWei = snapshot.positions.reduce((s, p) => s + p.valueWei, 0n);
  const totalWei = snapshot.idleWei + positionsWei + pendingWei;
  const weights: Record<PositionId, number> = {};
  let used = 0;
  for (const p of snapshot.positions) {
    const w = bpsOf(p.valueWei, totalWei);
    weights[p.positionId] = w;
    used += w;
  }
  const pendingBps = bpsOf(pendingWei, totalWei);
  const idleBps = totalWei === 0n ? BPS : BPS - used - pendingBps;
  return { totalWei, weights, idleBps, pendingBps };
}

/** Weight of a position, 0 when absent. */
export function weightOf(weights: Readonly<Record<PositionId, number>>, id: PositionId): number {
  return weights[id] ?? 0;
}

/** Sum of the position weights. */
export function sumWeights(weights: Readonly<Record<PositionId, number>>): number {
  let s = 0;
  for (const w of Object.values(weights)) s += w;
  return s;
}
