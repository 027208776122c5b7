/**
 * The last look before sending: a fresh snapshot against the plan. Anything that appeared
 * since planning and would have stopped the plan (a depeg of a position the plan buys or did not know was depegged, a
 * new slashing, a base fee above the limit) refuses the send. Pure; the caller supplies the
 * fresh snapshot (the observer), so the executor does not depend on how it is read.
 */
import type { RiskLimits } from '../domain/limits.ts';
import type { Plan } from '../domain/plan.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import { deviationBps, formatGwei, gweiToWei } from '../domain/units.ts';
import { deepestVenue } from '../domain/venue-depth.ts';
import type { RiskRecheck } from './executor-types.ts';

/** Positions a plan buys into, and positions it only sells or queues out of. */
export function touchedPositions(plan: Plan): { bought: Set<string>; sold: Set<string> } {
  const bought = new Set<string>();
  const sold = new Set<string>();
  for (const a of plan.actions) {
    if (a.kind === 'deposit-lrt' || a.kind === 'eigen-deposit') bought.add(a.positionId);
    else if ('positionId' in a) sold.add(a.positionId);
  }
  for (const id of bought) sold.delete(id);
  return { bought, sold };
}

/**
 * @returns reasons to refuse; empty when the fresh snapshot still allows the plan.
 * @example planStillSafe(plan, fresh, limits, plannedAt.slashing.length) // ['ezETH: DEX price -812 bps from the protocol rate …']
 */
export function planStillSafe(plan: Plan, fresh: Snapshot, limits: Pick<RiskLimits, 'depeg' | 'maxBaseFeeGwei'>, slashingSeenAtPlan: number): string[] {
  const reasons: string[] = [];
  const { bought, sold } = touchedPositions(plan);
  // Never buy into a depegged LRT. An exit is refused only when the depeg is news to the plan:
  // an exit planned because of the depeg is what the depeg breaker asks for.
  const knownDepegs = new Set(plan.inputs.findings.filter((f) => f.code === 'DEPEG' && f.positionId !== undefined).map((f) => f.positionId));
  for (const id of [...bought, ...[...sold].filter((s) => !knownDepegs.has(s))]) {
    const obs = fresh.positions.find((p) => p.positionId === id);
    // The same price the depeg breaker reads: the deepest venue's, not a thin pair's.
    const venue = obs === undefined ? undefined : deepestVenue(obs);
    if (obs === undefined || venue === undefined || obs.rateWad <= 0n) continue;
    const dev = deviationBps(venue.spotRateWad, obs.rateWad);
    if (Math.abs(dev) > limits.depeg.thresholdBps) reasons.push(`${id}: DEX price ${dev.toFixed(1)} bps from the protocol rate (limit ±${limits.depeg.thresholdBps})`);
  }
  if (fresh.slashing.length > slashingSeenAtPlan) reasons.push(`${fresh.slashing.length - slashingSeenAtPlan} new slashing event(s) since planning`);
  // A forced plan was decided through the spike (Plan.forced): the base fee is no reason to stop it.
  if (plan.forced !== true && fresh.baseFeeWei > gweiToWei(limits.maxBaseFeeGwei)) reasons.push(`base fee ${formatGwei(fresh.baseFeeWei)} above risk.maxBaseFeeGwei ${limits.maxBaseFeeGwei}`);
  return reasons;
}

/** Adapts a re-observe function into the executor's recheck hook. */
export function snapshotRecheck(reobserve: () => Promise<Snapshot>, limits: Pick<RiskLimits, 'depeg' | 'maxBaseFeeGwei'>, slashingSeenAtPlan: number): RiskRecheck {
  return async (plan) => planStillSafe(plan, await reobserve(), limits, slashingSeenAtPlan);
}
