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
 */
import type { Allocation } from '../domain/allocation.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { PositionSpec } from '../domain/types.ts';
import { capGroups, type CapGroup } from './cap-groups.ts';
import { effectivePendingBps, idleBufferShort } from './pending.ts';

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
