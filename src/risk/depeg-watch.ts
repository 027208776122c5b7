/**
 * Persistence of a depeg: since when each position's DEX price has been below its protocol
 * rate by more than the threshold, without a break.
 *
 * Freezing new deposits on one bad print is cheap and reversible; a queued or discounted exit
 * is not. The depeg breaker exits only once a discount has lasted `depeg.confirmSeconds`, so a
 * one-block wick (a thin pool, one large sale, a bad oracle read) freezes deposits and nothing
 * more. The keeper keeps this map between ticks (src/keeper/depeg-watch-store.ts) and the
 * backtest threads it through its steps, both with this function.
 */
import type { RiskLimits } from '../domain/limits.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { PositionId } from '../domain/types.ts';
import { deviationBps } from '../domain/units.ts';
import { deepestVenue } from '../domain/venue-depth.ts';

/**
 * DEX price against the protocol rate per position with a venue, bps (negative: discount).
 * The price is the deepest configured venue's (domain/venue-depth.ts): a thin pool alone
 * does not make a depeg.
 * @example dexDeviations(snapshot).get('ezETH') // -800
 */
export function dexDeviations(snapshot: Snapshot): Map<PositionId, number> {
  const out = new Map<PositionId, number>();
  for (const obs of snapshot.positions) {
    const venue = deepestVenue(obs);
    if (venue !== undefined && obs.rateWad > 0n) out.set(obs.positionId, deviationBps(venue.spotRateWad, obs.rateWad));
  }
  return out;
}

/** Positions whose DEX discount is beyond the depeg threshold in this snapshot. */
export function discountedPositions(snapshot: Snapshot, limits: Pick<RiskLimits, 'depeg'>): PositionId[] {
  return [...dexDeviations(snapshot)].filter(([, dev]) => dev < -limits.depeg.thresholdBps).map(([id]) => id);
}

/**
 * The next map: a position discounted now keeps its first-seen time (or starts at this
 * snapshot), every other position is dropped (a break restarts the clock).
 * @example trackDepegs({ ezETH: 1_000 }, snapshotAt1060WithEzEthAt8PercentOff, limits) // { ezETH: 1_000 }
 */
export function trackDepegs(previous: Readonly<Record<PositionId, number>> | undefined, snapshot: Snapshot, limits: Pick<RiskLimits, 'depeg'>): Record<PositionId, number> {
  return Object.fromEntries(discountedPositions(snapshot, limits).map((id) => [id, previous?.[id] ?? snapshot.timestamp]));
}
