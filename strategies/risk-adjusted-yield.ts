/**
 * Risk-adjusted yield: put weight where net yield minus a risk penalty is highest, as far as
 * the caps allow, and leave the rest idle.
 *
 * Objective: maximise Σ w_i·(netApy_i − penalty(tier_i) − idleApy) subject to every cap group
 * (position, protocol, operator, AVS, idle buffer). Positions scoring at or below the idle
 * yield get nothing. The LP is solved exactly (see lib/allocation-lp.ts).
 */
import { z } from 'zod';
import { capGroups } from '../src/risk/cap-groups.ts';
import { defineStrategy } from './types.ts';
import { solveAllocation } from './lib/allocation-lp.ts';
import { freshSpecs, pct } from './lib/eligibility.ts';

const paramsSchema = z.strictObject({
  /** Yearly yield penalty per risk tier 1..5 (fractions: 0.002 = 0.2 %). */
  tierPenalty: z.array(z.number().min(0).max(1)).length(5).default([0, 0.001, 0.0025, 0.005, 0.01]),
  /** Yield of idle asset; positions must beat it. */
  idleApy: z.number().min(-1).max(1).default(0),
});

export const riskAdjustedYield = defineStrategy({
  name: 'risk-adjusted-yield',
  description: 'Maximise net yield minus a per-tier risk penalty under all caps (exact LP); the rest stays idle.',
  paramsSchema,
  decide(input, params) {
    const rationale: string[] = [];
    const candidates = freshSpecs(input).map(({ spec, estimate }) => {
      const penalty = params.tierPenalty[spec.riskTier - 1] ?? 0;
      const score = estimate.netApy - penalty - params.idleApy;
      rationale.push(`${spec.id}: net ${pct(estimate.netApy)} − risk ${pct(penalty)} − idle ${pct(params.idleApy)} = ${pct(score)}`);
      return { id: spec.id, score };
    });
    const skipped = input.specs.filter((s) => !candidates.some((c) => c.id === s.id));
    for (const s of skipped) rationale.push(`${s.id}: no fresh estimate, no weight`);

    const groups = capGroups(input.specs, input.limits, input.current.pendingBps);
    const result = solveAllocation(candidates.filter((c) => c.score > 0), groups);
    for (const [id, w] of Object.entries(result.weights)) {
      const bound = result.binding[id];
      rationale.push(`${id}: ${w} bps${bound && bound.length > 0 ? ` (bound by ${bound.join(', ')})` : ''}`);
    }
    return { weights: result.weights, rationale };
  },
});

export default riskAdjustedYield;
