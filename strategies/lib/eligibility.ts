/**
 * Shared helpers of the shipped strategies: which positions may receive weight, and the
 * current weights as a target.
 */
import type { TargetWeights } from '../../src/domain/allocation.ts';
import type { YieldEstimate } from '../../src/domain/estimate.ts';
import type { PositionSpec } from '../../src/domain/types.ts';
import type { StrategyInput } from '../types.ts';

/** Estimate of a position, or undefined. */
export function estimateFor(estimates: readonly YieldEstimate[], id: string): YieldEstimate | undefined {
  return estimates.find((e) => e.positionId === id);
}

/** Specs with a fresh estimate and an observation in the snapshot. */
export function freshSpecs(input: StrategyInput): { spec: PositionSpec; estimate: YieldEstimate }[] {
  const out: { spec: PositionSpec; estimate: YieldEstimate }[] = [];
  for (const spec of input.specs) {
    const estimate = estimateFor(input.estimates, spec.id);
    if (estimate === undefined || estimate.stale) continue;
    if (!input.snapshot.positions.some((p) => p.positionId === spec.id)) continue;
    out.push({ spec, estimate });
  }
  return out;
}

/** Keep what the vault holds: the answer of hold, and of threshold when nothing drifted. */
export function currentAsTarget(input: StrategyInput, why: string): TargetWeights {
  return { weights: { ...input.current.weights }, rationale: [why] };
}

/** Percent with two decimals for rationale lines. */
export function pct(x: number): string {
  return `${(x * 100).toFixed(2)}%`;
}
