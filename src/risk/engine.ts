/**
 * The risk engine: from the strategy's targets to the weights the planner may move to.
 *
 * Two allocations are built. The floor F is the current allocation with the forced changes
 * only (exits, caps the current state already breaks); it is always allowed, whatever the
 * turnover or gas. The target T is the strategy's wish with breakers and caps applied. Both
 * satisfy every cap group, so any point between them does too: when the day's turnover does
 * not allow reaching T, the engine stops part of the way, rounding every weight down.
 */
import type { Allocation } from '../domain/allocation.ts';
import type { YieldEstimate } from '../domain/estimate.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { PositionId, PositionSpec } from '../domain/types.ts';
import type { RiskContext, RiskFinding, RiskVerdict } from '../domain/verdict.ts';
import { BPS, gweiToWei, weiToNumber } from '../domain/units.ts';
import { positionBreakers } from './breakers.ts';
import { capGroups } from './cap-groups.ts';
import { clampToGroups } from './clamp.ts';
import { effectivePendingBps } from './pending.ts';

/**
 * The verdict plus what the plan review needs to tell forced moves from voluntary ones: the
 * floor allocation (current with the forced changes only) and the findings that forced it.
 */
export interface RiskAssessment extends RiskVerdict {
  /** F: the current weights with only the forced changes (exits, caps the current state breaks). */
  readonly floor: Readonly<Record<PositionId, number>>;
  /** The findings behind the forced changes (empty when nothing is forced). */
  readonly forcedBy: readonly RiskFinding[];
}

export interface RiskInput {
  readonly targets: Readonly<Record<PositionId, number>>;
  readonly current: Allocation;
  readonly snapshot: Snapshot;
  readonly estimates: readonly YieldEstimate[];
  readonly specs: readonly PositionSpec[];
  readonly limits: RiskLimits;
  readonly context: RiskContext;
}

/**
 * @example assessTargets({ targets: { weETH: 9000 }, … }).approved // { weETH: 6000 } with a CAP_POSITION finding
 */
export function assessTargets(input: RiskInput): RiskAssessment {
  const { current, snapshot, specs, limits, context } = input;
  const findings: RiskFinding[] = [];
  const ids = specs.map((s) => s.id);
  const cur: Record<PositionId, number> = Object.fromEntries(ids.map((id) => [id, current.weights[id] ?? 0]));

  // Global: stale snapshot refuses everything, we do not know what we would be moving.
  const age = context.now - snapshot.timestamp;
  if (age > limits.staleAfterSeconds) {
    findings.push({ code: 'STALE_DATA', observed: age, limit: limits.staleAfterSeconds, action: 'refused', message: `snapshot is ${age}s old (limit ${limits.staleAfterSeconds}s)` });
    return { approved: cur, refused: true, mandatory: false, turnoverBps: 0, mandatoryTurnoverBps: 0, findings, floor: cur, forcedBy: [] };
  }

  const target: Record<PositionId, number> = {};
  for (const [id, w] of Object.entries(input.targets)) {
    if (!ids.includes(id)) {
      findings.push({ code: 'UNKNOWN_POSITION', positionId: id, observed: w, limit: 0, action: 'clamped', message: `${id}: not a configured position, ignored` });
      continue;
    }
    target[id] = Math.max(0, Math.min(BPS, Math.floor(Number.isFinite(w) ? w : 0)));
  }
  for (const id of ids) target[id] ??= 0;

  const breakers = positionBreakers(specs, snapshot, input.estimates, limits, context.depegSince);
  findings.push(...breakers.findings);
  const floor: Record<PositionId, number> = { ...cur };
  for (const id of breakers.frozen) target[id] = Math.min(target[id] ?? 0, cur[id] ?? 0);
  for (const id of breakers.pinned) target[id] = cur[id] ?? 0;
  for (const id of breakers.exits) {
    target[id] = 0;
    floor[id] = 0;
  }

  const groups = capGroups(specs, limits, effectivePendingBps(current, snapshot));
  const clampedTarget = clampToGroups(target, groups);
  findings.push(...clampedTarget.findings);
  const clampedFloor = clampToGroups(floor, groups);
  const forcedBy: RiskFinding[] = breakers.findings.filter((f) => f.action === 'exit' && f.positionId !== undefined && (cur[f.positionId] ?? 0) > 0);
  for (const f of clampedFloor.findings) {
    const broken: RiskFinding = { ...f, message: `current allocation breaks a cap: ${f.message}`, action: 'clamped' };
    findings.push(broken);
    forcedBy.push(broken);
  }
  const F = clampedFloor.weights;
  const T = clampedTarget.weights;
  const mandatoryTurnoverBps = ids.reduce((s, id) => s + Math.abs((cur[id] ?? 0) - (F[id] ?? 0)), 0);
  const mandatory = mandatoryTurnoverBps > 0;

  // Gas: only forced moves go through a base-fee spike.
  const maxBaseFee = gweiToWei(limits.maxBaseFeeGwei);
  if (snapshot.baseFeeWei > maxBaseFee) {
    const gwei = weiToNumber(snapshot.baseFeeWei, 9);
    findings.push({
      code: 'BASE_FEE',
      observed: gwei,
      limit: limits.maxBaseFeeGwei,
      action: 'refused',
      message: `base fee ${gwei.toFixed(2)} gwei > ${limits.maxBaseFeeGwei} gwei: ${mandatory ? 'forced moves only' : 'no rebalance'}`,
    });
    return { approved: F, refused: !mandatory, mandatory, turnoverBps: 0, mandatoryTurnoverBps, findings, floor: F, forcedBy };
  }

  // Turnover: the discretionary move F → T, limited by what is left of the day's budget.
  const wanted = ids.reduce((s, id) => s + Math.abs((T[id] ?? 0) - (F[id] ?? 0)), 0);
  const remaining = Math.max(0, limits.maxTurnoverPerDayBps - context.turnoverUsedTodayBps);
  let approved: Record<PositionId, number> = T;
  if (wanted > remaining) {
    const moving = ids.filter((id) => T[id] !== F[id]).length;
    // Each floor can add up to 1 bps of turnover per moving position: leave room for it.
    const f = Math.max(0, (remaining - moving) / wanted);
    approved = Object.fromEntries(ids.map((id) => [id, Math.floor((F[id] ?? 0) + f * ((T[id] ?? 0) - (F[id] ?? 0)))]));
    findings.push({
      code: 'TURNOVER',
      observed: wanted + context.turnoverUsedTodayBps,
      limit: limits.maxTurnoverPerDayBps,
      action: 'clamped',
      message: `move of ${wanted} bps with ${context.turnoverUsedTodayBps} bps used today > ${limits.maxTurnoverPerDayBps} bps per day: ${Math.round(f * 100)}% of the way`,
    });
  }
  const turnoverBps = ids.reduce((s, id) => s + Math.abs((approved[id] ?? 0) - (F[id] ?? 0)), 0);
  return { approved, refused: false, mandatory, turnoverBps, mandatoryTurnoverBps, findings, floor: F, forcedBy };
}
