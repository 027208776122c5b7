/**
 * Slashing risk as a cost in yield units: the expected yearly loss of a restaked position.
 *
 * A restaked position can lose part of its stake whenever its operator is slashed by one of
 * the AVSs it serves. With no history that is a small base hazard; history raises it: an
 * operator slashed for a fraction f is expected to be slashed again (`repeatPerYear` times a
 * year, for as much), and an AVS that slashed another operator is likelier to slash this one
 * too (`avsRepeatPerYear`, weaker: the fault was someone else's). The estimator subtracts the
 * hazard from the net APY, so the strategy trades it against the AVS rewards that pay for it
 * and leaves an operator once its history costs more than restaking earns.
 */
import type { SlashingObservation } from '../domain/snapshot.ts';
import type { PositionSpec } from '../domain/types.ts';
import { wadToNumber } from '../domain/units.ts';

export interface SlashingHazardOptions {
  /** Expected yearly loss of a restaked position with no slashing history, bps. */
  readonly hazardBps: number;
  /** Expected recurrences per year of a slashing of the position's own operator. */
  readonly repeatPerYear: number;
  /** Expected recurrences per year, for this operator, of a slashing of another operator by an AVS it serves. */
  readonly avsRepeatPerYear: number;
}

/**
 * 0.1 %/yr base (slashing is rare and bounded by allocated magnitudes). An operator that was
 * slashed is expected to be slashed as much again every two months: an AVS slashes for faults
 * it sees task by task, and their cause (a misconfigured or faulty node, a leaked key) usually
 * outlives the first slashing, so it recurs until the operator fixes it — which the vault cannot
 * see. At twice a year a vault earning 1.5-2 % of AVS rewards stayed after a 1 % slashing, and
 * was slashed again while it waited for the evidence to pile up.
 */
export const DEFAULT_SLASHING_HAZARD: SlashingHazardOptions = { hazardBps: 10, repeatPerYear: 6, avsRepeatPerYear: 0.5 };

/** The hazard options from a config's `risk.slashing` section (fields absent: defaults). */
export function slashingHazardOptions(slashing: Partial<SlashingHazardOptions>): SlashingHazardOptions {
  return {
    hazardBps: slashing.hazardBps ?? DEFAULT_SLASHING_HAZARD.hazardBps,
    repeatPerYear: slashing.repeatPerYear ?? DEFAULT_SLASHING_HAZARD.repeatPerYear,
    avsRepeatPerYear: slashing.avsRepeatPerYear ?? DEFAULT_SLASHING_HAZARD.avsRepeatPerYear,
  };
}

export interface SlashingHazard {
  /** Expected yearly loss, fraction of the position (0 for a liquid one). */
  readonly apy: number;
  readonly reasons: readonly string[];
}

/**
 * @example
 *   // an operator slashed 1 % three times: 0.1 % + 6 × 3 % = 18.1 % a year
 *   slashingHazard(restakedSpec, [obs(1 %), obs(1 %), obs(1 %)], DEFAULT_SLASHING_HAZARD).apy // 0.181
 */
export function slashingHazard(spec: PositionSpec, slashing: readonly SlashingObservation[], opts: SlashingHazardOptions): SlashingHazard {
  const eigen = spec.eigen;
  if (eigen === undefined) return { apy: 0, reasons: [] };
  const operator = eigen.operator.toLowerCase();
  const avss = new Set(eigen.operatorSets.map((s) => s.avs.toLowerCase()));
  let own = 0;
  let ownCount = 0;
  let byAvs = 0;
  let avsCount = 0;
  for (const s of slashing) {
    // The worst strategy hit: what a position in the slashed strategies lost.
    const fraction = Math.min(1, Math.max(0, ...s.wadSlashed.map(wadToNumber)));
    if (s.operator.toLowerCase() === operator) {
      own += fraction;
      ownCount++;
    } else if (avss.has(s.avs.toLowerCase())) {
      byAvs += fraction;
      avsCount++;
    }
  }
  const base = opts.hazardBps / 10_000;
  const apy = Math.min(1, base + opts.repeatPerYear * own + opts.avsRepeatPerYear * byAvs);
  const reasons: string[] = [];
  if (ownCount > 0) reasons.push(`operator slashed ${ownCount} time(s), ${pctText(own)} in all: expected to recur ${opts.repeatPerYear}× a year`);
  if (avsCount > 0) reasons.push(`its AVSs slashed other operators ${avsCount} time(s), ${pctText(byAvs)} in all: ${opts.avsRepeatPerYear}× a year`);
  if (apy > base) reasons.push(`slashing hazard ${pctText(apy)} a year (base ${pctText(base)})`);
  return { apy, reasons };
}

/**
 * The loss hazard of an LRT whose rate was written down: its protocol booked a loss (its
 * validators or operators slashed, a loss socialised) that the level-break fit takes off as a
 * one-off step (trailing-apy.ts), so the yield reads as before. A protocol that just lost a
 * fraction f is treated like a slashed operator: the cause (a faulty setup, a leaked key, an
 * exposure that keeps losing) usually outlives the first loss, so f is expected to recur
 * `repeatPerYear` times a year, for as long as the loss is in the rate history the breaks are
 * judged on (the estimator's longest window, 30 days): a month with no new loss lets it go.
 * Liquid and restaked positions of the LRT share it (one rate).
 * @example writeDownHazard(0.02, DEFAULT_SLASHING_HAZARD).apy // 6 × 2 % = 0.12
 */
export function writeDownHazard(writtenDown: number, opts: SlashingHazardOptions): SlashingHazard {
  if (!(writtenDown > 0)) return { apy: 0, reasons: [] };
  const apy = Math.min(1, opts.repeatPerYear * writtenDown);
  return { apy, reasons: [`rate written down ${pctText(writtenDown)} in its recent history: expected to recur ${opts.repeatPerYear}× a year, ${pctText(apy)} a year`] };
}

function pctText(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
