/**
 * Queued value that still counts as pending for the cap groups. A protocol withdrawal that is
 * due is completed first in the next bundle and pays the vault asset, which the same bundle's
 * deposits may use, so it no longer reduces what may be invested. (EigenLayer withdrawals pay
 * LRT back into the position and stay pending until completed.)
 */
import type { Allocation } from '../domain/allocation.ts';
import { dueProtocolWei, type Snapshot } from '../domain/snapshot.ts';

/** @example effectivePendingBps(current, snapshot) // current.pendingBps minus the due protocol withdrawals */
export function effectivePendingBps(current: Allocation, snapshot: Snapshot): number {
  if (current.totalWei <= 0n) return current.pendingBps;
  const dueWei = dueProtocolWei(snapshot);
  const dueBps = Number((dueWei * 10_000n) / current.totalWei);
  return Math.max(0, current.pendingBps - dueBps);
}

/**
 * How far the idle value (with the due protocol withdrawals the next bundle completes) is under
 * `minIdleBps`, in fractional bps of the total; 0 or less when it is not short. Exact, unlike
 * the sum of whole-bps weights, which rounds every position down.
 * @example idleShortfallBps(current, snapshotWith1.964EthIdleOf100Eth, 200) // 3.6
 */
export function idleShortfallBps(current: Allocation, snapshot: Snapshot, minIdleBps: number): number {
  if (current.totalWei <= 0n) return 0;
  const dueWei = dueProtocolWei(snapshot);
  const idleBps = Number(((snapshot.idleWei + dueWei) * 1_000_000n) / current.totalWei) / 100;
  return minIdleBps - idleBps;
}
