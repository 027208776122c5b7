/**
 * Persistence of a broken cap: since when the current allocation has broken each cap group
 * (a position, protocol, operator or AVS cap, or the idle buffer's minimum), without a break.
 *
 * A broken cap or a short idle buffer is a standing exposure that a few blocks do not make
 * worse, so its repair waits out a base-fee spike (src/risk/engine.ts); but a spike that lasts
 * is the market's new price, and a repair must not wait for ever: once a group has been broken
 * for `maxRepairGasWaitSeconds` it is repaired whatever the base fee (the one gas-wait rule,
 * src/risk/gas-wait.ts, counting from this clock). The keeper keeps this map between ticks
 * (the depeg watch's store, src/keeper/depeg-watch-store.ts, under its own key) and the
 * backtest threads it through its steps, both with these functions.
 *
 * The clock also runs, during a spike, for a group at its limit but not beyond it (capsToWatch,
 * capsAtLimit): plans keep every group inside its cap by a margin, but a vault that sits at a
 * limit while the base fee stays high makes no voluntary trade to restore that margin, and
 * waiting for the break only to wait again would leave the limit broken for the whole wait.
 * Once such a group has sat at its limit through a spike for `maxRepairGasWaitSeconds`, the
 * engine repairs it before it breaks (the price it would have paid at the break anyway).
 */
import type { Allocation } from '../domain/allocation.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { PositionSpec } from '../domain/types.ts';
import { capGroups, type CapGroup } from './cap-groups.ts';
import { baseFeeSpike } from './gas-wait.ts';
import { effectivePendingBps, idleUnderMinimum, idleBufferShort } from './pending.ts';

/** Default longest wait of a repair for a base-fee spike to pass: half a day. */
export const DEFAULT_MAX_REPAIR_GAS_WAIT_SECONDS = 43_200;

/** The group's key in the map. @example capGroupKey({ code: 'IDLE_BUFFER', key: 'all', … }) // 'IDLE_BUFFER:all' */
export function capGroupKey(group: Pick<CapGroup, 'code' | 'key'>): string {
  return `${group.code}:${group.key}`;
}

/**
 * Keys of the groups the current allocation breaks, as the risk engine judges them: a group
 * over its cap, and the idle buffer when the idle value is more than the 1 bp of rounding
 * under its minimum (src/risk/pending.ts idleBufferShort).
 * @example brokenCaps(currentWithWeEth4001Bps, snapshot, specs, limits) // ['CAP_POSITION:weETH', 'CAP_PROTOCOL:etherfi']
 */
export function brokenCaps(current: Allocation, snapshot: Snapshot, specs: readonly PositionSpec[], limits: RiskLimits): string[] {
  const idleShort = idleBufferShort(current, snapshot, limits.minIdleBps);
  return capGroups(specs, limits, effectivePendingBps(current, snapshot))
    .filter((g) => (g.code === 'IDLE_BUFFER' && idleShort) || g.members.reduce((s, id) => s + (current.weights[id] ?? 0), 0) > g.capBps)
    .map(capGroupKey);
}

/**
 * Keys of the groups at their limit but not beyond it: a group holding exactly its cap (whole
 * bps), the idle buffer under its minimum by less than the rounding every limit is allowed.
 * Growth moves a weight by a few bps a year (200 bps of idle lose 6 bps a year to positions
 * growing 3 %), so a group is not seen there for long before it breaks: only the wait would
 * break it.
 * @example capsAtLimit(currentWithWeEth4000Bps, snapshot, specs, limits) // ['CAP_POSITION:weETH', 'CAP_PROTOCOL:etherfi']
 */
export function capsAtLimit(current: Allocation, snapshot: Snapshot, specs: readonly PositionSpec[], limits: RiskLimits): string[] {
  const broken = new Set(brokenCaps(current, snapshot, specs, limits));
  const idleUnder = idleUnderMinimum(current, snapshot, limits.minIdleBps);
  return capGroups(specs, limits, effectivePendingBps(current, snapshot))
    .filter((g) => (g.code === 'IDLE_BUFFER' ? idleUnder : g.members.reduce((s, id) => s + (current.weights[id] ?? 0), 0) >= g.capBps))
    .map(capGroupKey)
    .filter((k) => !broken.has(k));
}

/**
 * Keys of the groups whose repair clock runs: the broken ones, and during a base-fee spike
 * the ones at their limit too (a spike's end restarts their clock: at a normal fee the
 * plans keep the margin).
 */
export function capsToWatch(current: Allocation, snapshot: Snapshot, specs: readonly PositionSpec[], limits: RiskLimits): string[] {
  const broken = brokenCaps(current, snapshot, specs, limits);
  return baseFeeSpike(snapshot.baseFeeWei, limits.maxBaseFeeGwei) ? [...broken, ...capsAtLimit(current, snapshot, specs, limits)] : broken;
}

/**
 * The next map: a group broken now keeps its first-seen time (or starts at `timestamp`), every
 * other group is dropped (a repair, or drift back inside, restarts the clock).
 * @example trackRepairs({ 'IDLE_BUFFER:all': 1_000 }, ['IDLE_BUFFER:all'], 1_060) // { 'IDLE_BUFFER:all': 1_000 }
 */
export function trackRepairs(previous: Readonly<Record<string, number>> | undefined, broken: readonly string[], timestamp: number): Record<string, number> {
  return Object.fromEntries(broken.map((k) => [k, previous?.[k] ?? timestamp]));
}

/**
 * Since when a group has been broken, the clock its repair's gas wait counts from
 * (src/risk/gas-wait.ts); a group not in the map is first seen broken now.
 * @example brokenSince(group, { now: 50_000, capBrokenSince: { 'IDLE_BUFFER:all': 1_000 } }) // 1_000
 */
export function brokenSince(group: Pick<CapGroup, 'code' | 'key'>, context: { readonly now: number; readonly capBrokenSince?: Readonly<Record<string, number>> }): number {
  return context.capBrokenSince?.[capGroupKey(group)] ?? context.now;
}
