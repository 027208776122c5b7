/**
 * Since when idle cash has waited above the idle buffer: the clock a mint's mark is weighed
 * against (strategies/risk-adjusted-yield.ts).
 *
 * A mint into a liquid LRT whose pools trade d under its rate costs the vault d of its mark (the
 * vault values the LRT at the market's price), which comes back only if the pool closes to the
 * rate. Whether it will is unknown when the cash arrives: a discount of a depeg's tail closes
 * within days, while some pools stand a few bps under their rate for months. Waiting costs the
 * cash its yield; minting costs d. The strategy counts the yield the waiting cash has forgone
 * against the mark (the rent-or-buy rule): a mark the net-gain horizon's yield covers is minted
 * at once, as before, and a larger one once the waiting has covered the rest, buying the pool's
 * cheap slices meanwhile. If the discount never closes, the vault loses at most the mark twice
 * (once waiting, once minting) instead of the yield of the cash for as long as it lasts. Without
 * a clock, 16,000 ETH of a 50,000 ETH vault sat idle for two months beside pools standing 28 bps
 * under their rates.
 *
 * The keeper keeps the clock between ticks (the depeg watch's store, under its own key) and the
 * backtest threads it through its steps, both with these functions.
 */
import { allocationFromSnapshot } from '../domain/allocation.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import { BPS_BIG } from '../domain/units.ts';
import { effectivePendingBps, idleForBufferWei } from './pending.ts';
import { idleHeadroomBps } from './idle-buffer.ts';
import { MAX_IDLE_DRIFT_APY } from './repair-watch.ts';

/** The clock's key in the watch's store. */
export const IDLE_WAIT_KEY = 'idle-cash';

/**
 * Room above the idle minimum that a strategy keeps on purpose, bps: the cap margin, or the
 * buffer's headroom at the fastest drift (MAX_IDLE_DRIFT_APY, a bound above the strategy's own
 * room), whichever is more. Idle beyond it is cash waiting to be invested.
 * @example keptRoomBps(0, 200, 25) // max(25, 2 + ceil(200 × 0.2 × 14 / 365)) = 25
 */
export function keptRoomBps(pendingBps: number, minIdleBps: number, capMarginBps: number): number {
  return Math.max(capMarginBps, idleHeadroomBps(pendingBps, minIdleBps, MAX_IDLE_DRIFT_APY));
}

/**
 * Whether the vault holds cash waiting to be invested: idle (with the protocol withdrawals due
 * now) above the minimum by more than the room kept on purpose (keptRoomBps), exact in wei.
 * @example idleCashWaiting(snapshotWith16000EthIdleOf50000, limits) // true
 */
export function idleCashWaiting(snapshot: Snapshot, limits: Pick<RiskLimits, 'minIdleBps' | 'capMarginBps'>): boolean {
  const current = allocationFromSnapshot(snapshot);
  if (current.totalWei <= 0n) return false;
  const room = keptRoomBps(effectivePendingBps(current, snapshot), limits.minIdleBps, limits.capMarginBps ?? 0);
  return idleForBufferWei(snapshot) * BPS_BIG > current.totalWei * BigInt(limits.minIdleBps + room);
}

/**
 * The next clock: cash waiting now keeps its first-seen time (or starts at `timestamp`); none
 * waiting stops it (cash that arrives later starts afresh).
 * @example trackIdleWait(1_000, true, 1_060) // 1_000
 * @example trackIdleWait(1_000, false, 1_060) // undefined
 */
export function trackIdleWait(previous: number | undefined, waiting: boolean, timestamp: number): number | undefined {
  return waiting ? (previous ?? timestamp) : undefined;
}
