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
import type { Snapshot } from '../domain/snapshot.ts';
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
 * The caps a plan aims for: `marginBps` inside each cap, so ordinary drift breaks nothing. A
 * group held between the margin and its cap keeps what it holds (no-trade region: neither
 * grown nor sold for the margin); a group held over its cap is repaired to the margin in one
 * move, not to the cap's edge where the next block's drift breaks it again. The risk engine
 * clamps targets into these groups, so a strategy that plans past them gets its whole wish
 * scaled down (every position sold a little to make room), not the allocation it asked for.
 * @param held what each group holds now, bps.
 * @param broken whether a group is over its cap: by default when it holds more than the cap; the
 *   risk engine also counts the idle buffer broken when the idle value itself is short.
 * @example plannedCaps([{ code: 'CAP_POSITION', key: 'a', members: ['a'], capBps: 4000 }], () => 3990, 25)[0].capBps // 3990
 */
export function plannedCaps(groups: readonly CapGroup[], held: (g: CapGroup) => number, marginBps: number, broken: (g: CapGroup) => boolean = (g) => held(g) > g.capBps): CapGroup[] {
  return groups.map((g) => ({ ...g, capBps: plannedCap(g.capBps, held(g), marginBps, broken(g)) }));
}

/** One group's planned cap (plannedCaps). @example plannedCap(4000, 4001, 25) // 3975 */
export function plannedCap(capBps: number, heldBps: number, marginBps: number, broken = heldBps > capBps): number {
  return broken ? Math.max(0, capBps - marginBps) : Math.min(capBps, Math.max(capBps - marginBps, heldBps));
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

/**
 * Each observed position's weight in bps of `totalWei`, unrounded (Allocation.weights rounds
 * each one down to whole bps).
 * @example exactWeightsBps(snapshotWith(weETH: 40.0102 ETH), 100_000_000_000_000_000_000n).weETH // 4001.02
 */
export function exactWeightsBps(snapshot: Pick<Snapshot, 'positions'>, totalWei: bigint): Record<PositionId, number> {
  const out: Record<PositionId, number> = {};
  if (totalWei <= 0n) return out;
  for (const p of snapshot.positions) out[p.positionId] = Number((p.valueWei * 100_000_000n) / totalWei) / 10_000;
  return out;
}
