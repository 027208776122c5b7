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
 * The clock also runs, during a spike, for an idle buffer about to break (idleAboutToBreak):
 * plans keep it above its minimum by a margin, but at a base fee above the limit no voluntary
 * plan goes, and the idle breaks exactly where the engine first sees it short, so waiting for
 * the break and then for the wait would leave it broken for the whole wait. Timed from when
 * yield alone would break it within the wait, the top-up goes as it breaks (at the price it
 * would have paid at the break anyway). A cap's clock still starts at its break.
 */
import { allocationFromSnapshot, type Allocation } from '../domain/allocation.ts';
import { withDueEigenReturns } from '../domain/due-eigen-returns.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { PositionSpec } from '../domain/types.ts';
import { capGroups, type CapGroup } from './cap-groups.ts';
import { baseFeeSpike } from './gas-wait.ts';
import { effectivePendingBps, idleBufferShort, idleForBufferWei } from './pending.ts';
import { LIMIT_ROUNDING_BPS } from './idle-buffer.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import { SECONDS_PER_YEAR } from '../domain/units.ts';

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
 * How fast yield alone can take the idle buffer's share of the vault down, a year, as a
 * fraction of that share: positions grow at 2-5 % a year against idle's 0, so 20 % is a bound
 * above any restaking yield, and a break projected with it comes no later than the real one.
 */
export const MAX_IDLE_DRIFT_APY = 0.2;

/**
 * Whether the idle buffer, not short yet, would be short within the longest repair wait
 * (`maxRepairGasWaitSeconds`) by the drift of yield alone: its room above the break (the
 * minimum less the 1 bp of rounding) is within that drift. The idle breaks exactly where the
 * engine first sees it short, so a repair that waits out a spike from there leaves it broken
 * for the whole wait; one that waits from here repairs it as it breaks. A buffer further from
 * its break is weeks of drift away (200 bps at 3 % lose 6 bps a year).
 * @example idleAboutToBreak(current, snapshotWith199.03BpsIdle, limits) // true: 0.03 bps of room < 199.03 × 0.2 × 12 h/year = 0.055
 */
export function idleAboutToBreak(current: Allocation, snapshot: Snapshot, limits: RiskLimits): boolean {
  if (current.totalWei <= 0n || idleBufferShort(current, snapshot, limits.minIdleBps)) return false;
  const idleBps = Number((idleForBufferWei(snapshot) * 1_000_000n) / current.totalWei) / 100;
  const wait = limits.maxRepairGasWaitSeconds ?? DEFAULT_MAX_REPAIR_GAS_WAIT_SECONDS;
  return idleBps - (limits.minIdleBps - LIMIT_ROUNDING_BPS) <= (idleBps * MAX_IDLE_DRIFT_APY * wait) / SECONDS_PER_YEAR;
}

/**
 * Keys of the groups whose repair clock runs: the broken ones, and during a base-fee spike the
 * idle buffer about to break too (a spike's end restarts its clock: at a normal fee a break is
 * repaired in the tick that sees it). Read on the view decide() plans on, due EigenLayer
 * withdrawals counted in their liquid twins (due-eigen-returns.ts), so a cap their return breaks
 * has its clock running from the tick the decision first sees it broken.
 */
export function capsToWatch(rawSnapshot: Snapshot, specs: readonly PositionSpec[], limits: RiskLimits): string[] {
  const snapshot = withDueEigenReturns(rawSnapshot, specs);
  const current = allocationFromSnapshot(snapshot);
  const broken = brokenCaps(current, snapshot, specs, limits);
  return baseFeeSpike(snapshot.baseFeeWei, limits.maxBaseFeeGwei) && idleAboutToBreak(current, snapshot, limits) ? [...broken, capGroupKey({ code: 'IDLE_BUFFER', key: 'all' })] : broken;
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
