/**
 * Clamping weights into the cap groups. Every group is an upper bound on a sum, so clamping
 * only ever lowers weights: one pass over the groups in order leaves all of them satisfied
 * (a later reduction cannot break an earlier group).
 */
import type { PositionId } from '../domain/types.ts';
import type { RiskFinding } from '../domain/verdict.ts';
import type { CapGroup } from './cap-groups.ts';

/**
 * Scales the members of each group over its cap down proportionally (rounding down).
 * @example clampToGroups({ a: 6000, b: 2000 }, [{ code: 'CAP_PROTOCOL', key: 'x', members: ['a', 'b'], capBps: 4000 }])
 *          // weights { a: 3000, b: 1000 }
 */
export function clampToGroups(weights: Readonly<Record<PositionId, number>>, groups: readonly CapGroup[]): { weights: Record<PositionId, number>; findings: RiskFinding[] } {
  const out: Record<PositionId, number> = { ...weights };
  const findings: RiskFinding[] = [];
  for (const g of groups) {
    const sum = g.members.reduce((s, id) => s + (out[id] ?? 0), 0);
    if (sum <= g.capBps) continue;
    for (const id of g.members) {
      const w = out[id] ?? 0;
      if (w > 0) out[id] = Math.floor((w * g.capBps) / sum);
    }
    const single = g.members.length === 1 ? g.members[0] : undefined;
    findings.push({
      code: g.code,
      ...(single === undefined ? {} : { positionId: single }),
      observed: sum,
      limit: g.capBps,
      action: 'clamped',
      message: `${g.code === 'IDLE_BUFFER' ? 'positions' : `${g.code.slice(4).toLowerCase()} ${g.key}`} at ${sum} bps > ${g.capBps} bps, scaled down`,
    });
  }
  return { weights: out, findings };
}
