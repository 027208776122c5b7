/**
 * The caps as groups of positions with a bound on their summed weight.
 *
 * Every weight limit is an upper bound on a sum: one position, all positions of a protocol,
 * all restaked through one operator, all restaked through operators serving one AVS, and all
 * positions together (what the idle buffer and queued value leave). Strategies build their LP
 * from these groups and the risk engine checks the same groups, so both agree by construction.
 */
import type { FindingCode } from '../domain/verdict.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { PositionId, PositionSpec } from '../domain/types.ts';
import { BPS } from '../domain/units.ts';

export interface CapGroup {
  readonly code: Extract<FindingCode, 'CAP_POSITION' | 'CAP_PROTOCOL' | 'CAP_OPERATOR' | 'CAP_AVS' | 'IDLE_BUFFER'>;
  /** Position id, protocol, operator or AVS address (lower case), or 'all'. */
  readonly key: string;
  readonly members: readonly PositionId[];
  readonly capBps: number;
}

/**
 * @param pendingBps value locked in queued withdrawals: it is neither investable nor idle.
 * @example capGroups(specs, limits, 0).find((g) => g.code === 'IDLE_BUFFER')?.capBps // 10000 − minIdleBps
 */
export function capGroups(specs: readonly PositionSpec[], limits: RiskLimits, pendingBps: number): CapGroup[] {
  const groups: CapGroup[] = [];
  const by = new Map<string, { code: CapGroup['code']; key: string; members: PositionId[]; capBps: number }>();
  const addTo = (code: CapGroup['code'], key: string, id: PositionId, capBps: number): void => {
    const k = `${code}:${key}`;
    const g = by.get(k) ?? { code, key, members: [], capBps };
    if (!g.members.includes(id)) g.members.push(id);
    by.set(k, g);
  };
  for (const spec of specs) {
    groups.push({ code: 'CAP_POSITION', key: spec.id, members: [spec.id], capBps: limits.maxWeightPerPositionBps });
    addTo('CAP_PROTOCOL', spec.protocol, spec.id, limits.maxWeightPerProtocolBps);
    if (spec.eigen) {
      addTo('CAP_OPERATOR', spec.eigen.operator.toLowerCase(), spec.id, limits.maxWeightPerOperatorBps);
      for (const set of spec.eigen.operatorSets) addTo('CAP_AVS', set.avs.toLowerCase(), spec.id, limits.maxWeightPerAvsBps);
    }
  }
  groups.push(...by.values());
  const budget = Math.max(0, BPS - limits.minIdleBps - pendingBps);
  groups.push({ code: 'IDLE_BUFFER', key: 'all', members: specs.map((s) => s.id), capBps: budget });
  return groups.map((g) => ({ ...g, capBps: Math.max(0, Math.min(BPS, Math.floor(g.capBps))) }));
}

/**
 * The bound to plan to in each group: its cap less a margin, so ordinary drift (positions
 * growing while idle and queued value do not, whole-bps rounding) breaks nothing. A group held
 * between that and its cap keeps what it holds (neither grown nor sold for the margin); a group
 * held over its cap is repaired to the margin in one move. The risk engine clamps targets with
 * these bounds, so a strategy that plans to them asks for nothing the engine would scale down
 * (a scaled-down group shrinks every member, selling what the strategy meant to keep).
 * @example plannedCaps([{ code: 'IDLE_BUFFER', key: 'all', members: ['a'], capBps: 9800 }], () => 9790, () => 25)[0].capBps // 9790
 */
export function plannedCaps(groups: readonly CapGroup[], heldBps: (g: CapGroup) => number, marginBps: (g: CapGroup) => number): CapGroup[] {
  return groups.map((g) => {
    const held = heldBps(g);
    const inside = Math.max(0, g.capBps - Math.max(0, marginBps(g)));
    return { ...g, capBps: held > g.capBps ? inside : Math.min(g.capBps, Math.max(inside, held)) };
  });
}

/** Groups whose summed weight is above their cap. */
export function brokenGroups(groups: readonly CapGroup[], weights: Readonly<Record<PositionId, number>>): { group: CapGroup; sum: number }[] {
  const out: { group: CapGroup; sum: number }[] = [];
  for (const group of groups) {
    const sum = group.members.reduce((s, id) => s + (weights[id] ?? 0), 0);
    if (sum > group.capBps) out.push({ group, sum });
  }
  return out;
}
