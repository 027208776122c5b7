/**
 * Equal weight: the same weight for every eligible position, as high as the caps allow.
 *
 * Progressive filling: raise all unfrozen weights together until some cap group binds, freeze
 * that group's members, and go on with the rest. The result is the max-min fair allocation:
 * equal where the caps allow it, and no position lower than it has to be.
 */
import { z } from 'zod';
import { capGroups, type CapGroup } from '../src/risk/cap-groups.ts';
import { defineStrategy } from './types.ts';
import { freshSpecs, pct } from './lib/eligibility.ts';

const paramsSchema = z.strictObject({
  /** Positions with a net APY at or below this get nothing. */
  minNetApy: z.number().min(-1).max(1).default(0),
});

export const equalWeight = defineStrategy({
  name: 'equal-weight',
  description: 'Equal weight over positions with a fresh estimate above minNetApy, filled up to the caps.',
  paramsSchema,
  decide(input, params) {
    const eligible = freshSpecs(input).filter(({ estimate }) => estimate.netApy > params.minNetApy);
    const ids = eligible.map(({ spec }) => spec.id);
    const rationale = eligible.map(({ spec, estimate }) => `${spec.id}: eligible, net ${pct(estimate.netApy)}`);
    const weights = fill(ids, capGroups(input.specs, input.limits, input.current.pendingBps));
    rationale.push(`weights: ${ids.map((id) => `${id} ${weights[id] ?? 0}`).join(', ') || 'none eligible'}`);
    return { weights, rationale };
  },
});

/** Max-min fair integer weights under the groups. */
export function fill(ids: readonly string[], groups: readonly CapGroup[]): Record<string, number> {
  const weights: Record<string, number> = Object.fromEntries(ids.map((id) => [id, 0]));
  const active = new Set(ids);
  while (active.size > 0) {
    // Largest common raise t such that every group still fits.
    let t = Number.POSITIVE_INFINITY;
    for (const g of groups) {
      const k = g.members.filter((id) => active.has(id)).length;
      if (k === 0) continue;
      const used = g.members.reduce((s, id) => s + (weights[id] ?? 0), 0);
      t = Math.min(t, Math.floor((g.capBps - used) / k));
    }
    if (!Number.isFinite(t)) break;
    t = Math.max(0, t);
    for (const id of active) weights[id] = (weights[id] ?? 0) + t;
    // Freeze members of every group that cannot take one more bps per active member.
    const frozen = new Set<string>();
    for (const g of groups) {
      const members = g.members.filter((id) => active.has(id));
      if (members.length === 0) continue;
      const used = g.members.reduce((s, id) => s + (weights[id] ?? 0), 0);
      if (g.capBps - used < members.length) members.forEach((id) => frozen.add(id));
    }
    if (frozen.size === 0) break;
    for (const id of frozen) active.delete(id);
  }
  return weights;
}

export default equalWeight;
