/**
 * The repair of a broken group that holds one LRT both restaked and liquid takes the liquid
 * side first. An EigenLayer exit of the restaked side pays the LRT itself back into its liquid
 * twin (src/domain/lrt-pairs.ts), inside the same group: it leaves the group only for the
 * exit's delay, then the group is over its cap again and a proportional repair queues another
 * slice, round after round, each paying a queue. A sale of the liquid side leaves the group at
 * once. So the liquid members shrink first, and the restaked ones only for what the liquid side
 * cannot cover (clampToGroups scales what is left, in proportion).
 */
import { liquidTwin } from '../domain/lrt-pairs.ts';
import type { PositionId, PositionSpec } from '../domain/types.ts';
import type { CapGroup } from './cap-groups.ts';

/**
 * Weights with each such group's excess taken from its liquid members, in spec order, never
 * from a position the market cannot take now (`unsellable`).
 * @example liquidFirst({ weETH: 700, 'weETH-restaked': 3800 }, [etherfiGroupCap4000], [WEETH, WEETH_RESTAKED], new Set()) // { weETH: 200, 'weETH-restaked': 3800 }
 */
export function liquidFirst(weights: Readonly<Record<PositionId, number>>, groups: readonly CapGroup[], specs: readonly PositionSpec[], unsellable: ReadonlySet<PositionId>): Record<PositionId, number> {
  const out: Record<PositionId, number> = { ...weights };
  for (const g of groups) {
    if (g.code === 'IDLE_BUFFER' || !returnsInside(g, specs)) continue;
    let excess = g.members.reduce((s, id) => s + (out[id] ?? 0), 0) - g.capBps;
    for (const spec of specs) {
      if (excess <= 0) break;
      if (spec.eigen !== undefined || !g.members.includes(spec.id) || unsellable.has(spec.id)) continue;
      const cut = Math.min(out[spec.id] ?? 0, excess);
      out[spec.id] = (out[spec.id] ?? 0) - cut;
      excess -= cut;
    }
  }
  return out;
}

/** Whether a restaked member's EigenLayer exit returns its LRT into a member of the same group. */
function returnsInside(group: CapGroup, specs: readonly PositionSpec[]): boolean {
  return group.members.some((id) => {
    const spec = specs.find((s) => s.id === id);
    const twin = spec?.eigen === undefined ? undefined : liquidTwin(specs, spec);
    return twin !== undefined && group.members.includes(twin.id);
  });
}
