/**
 * Queued value that still counts as pending for the cap groups. A protocol withdrawal that is
 * due is completed first in the next bundle and pays the vault asset, which the same bundle's
 * deposits may use, so it no longer reduces what may be invested. (EigenLayer withdrawals pay
 * LRT back; a due one is counted in its liquid twin's weight before the decision, not as
 * pending: src/domain/due-eigen-returns.ts.)
 */
import type { Allocation } from '../domain/allocation.ts';
import { dueProtocolWei, type Snapshot } from '../domain/snapshot.ts';
import { idleBelowMinimum } from './idle-buffer.ts';

/** @example effectivePendingBps(current, snapshot) // current.pendingBps minus the due protocol withdrawals */
export function effectivePendingBps(current: Allocation, snapshot: Snapshot): number {
  if (current.totalWei <= 0n) return current.pendingBps;
  const dueWei = dueProtocolWei(snapshot);
  const dueBps = Number((dueWei * 10_000n) / current.totalWei);
  return Math.max(0, current.pendingBps - dueBps);
}

/** The idle value the idle buffer is judged on: idle asset plus the due protocol withdrawals the next bundle completes. */
export function idleForBufferWei(snapshot: Snapshot): bigint {
  return snapshot.idleWei + dueProtocolWei(snapshot);
}

/**
 * Whether the idle value (idleForBufferWei) is short of `minIdleBps` (idleBelowMinimum: beyond
 * the 1 bp of rounding, exact in wei).
 * @example idleBufferShort(current, snapshotWith1.964EthIdleOf100Eth, 200) // true: 196.4 bps
 */
export function idleBufferShort(current: Allocation, snapshot: Snapshot, minIdleBps: number): boolean {
  return idleBelowMinimum(idleForBufferWei(snapshot), current.totalWei, minIdleBps);
}
