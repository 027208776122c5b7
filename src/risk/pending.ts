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
 * the 1 bp of rounding, exact in wei). With `onItsWay`, the protocol withdrawals still queued
 * count too (cashOnItsWayWei): the risk engine's test of whether a repair is due. With `drawWei`,
 * after that much is paid from idle (a bundle's gas: the vault's total shrinks by it too).
 * @example idleBufferShort(current, snapshotWith1.964EthIdleOf100Eth, 200) // true: 196.4 bps
 */
export function idleBufferShort(current: Allocation, snapshot: Snapshot, minIdleBps: number, onItsWay = false, drawWei = 0n): boolean {
  const idle = idleForBufferWei(snapshot) + (onItsWay ? cashOnItsWayWei(snapshot) : 0n);
  const drawn = drawWei < idle ? drawWei : idle;
  return idleBelowMinimum(idle - drawn, current.totalWei - drawn, minIdleBps);
}

/**
 * Protocol withdrawals queued and not yet due: they pay the vault asset when they complete,
 * cash on its way to the idle buffer. A shortfall they cover is being repaired already: when no
 * sale of now fits the limits, repairing it again queued another sale tick after tick (a 50,000
 * ETH vault 300 bps short of its buffer, with a 20 bps per-swap limit, queued 1,615 ETH every six
 * hours until the first queue paid: 34,000 ETH, 68 % of the vault, for a 1,500 ETH shortfall).
 * @example cashOnItsWayWei(snapshotWith1615EthQueuedAtRenzoDueTomorrow) // 1615 ETH
 */
export function cashOnItsWayWei(snapshot: Snapshot): bigint {
  return snapshot.queuedWithdrawals.filter((q) => q.kind === 'protocol' && q.completableAt >= snapshot.timestamp).reduce((s, q) => s + q.amountWei, 0n);
}
