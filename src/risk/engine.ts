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
import { BPS, weiToNumber } from '../domain/units.ts';
import { positionBreakers } from './breakers.ts';
import { capGroups, exactWeightsBps, plannedCap, type CapGroup } from './cap-groups.ts';
import { clampToGroups } from './clamp.ts';
import { liquidFirst } from './liquid-first.ts';
import { baseFeeSpike, baseFeeText, gasWait, hoursText } from './gas-wait.ts';
import { cashOnItsWayWei, effectivePendingBps, idleBufferShort } from './pending.ts';
import { LIMIT_ROUNDING_BPS } from './idle-buffer.ts';
import { DEFAULT_MAX_REPAIR_GAS_WAIT_SECONDS, brokenSince, capGroupKey, idleAboutToBreak } from './repair-watch.ts';
import { gasGrowth, gasTolerance } from './gas-growth.ts';

/**
 * The verdict plus what the plan review needs to tell forced moves from voluntary ones: the
 * floor allocation (current with the forced changes only) and the findings that forced it.
 */
export interface RiskAssessment extends RiskVerdict {
  /** F: the current weights with only the forced changes (exits, caps the current state breaks). */
  readonly floor: Readonly<Record<PositionId, number>>;
  /** The findings behind the forced changes (empty when nothing is forced). */
  readonly forcedBy: readonly RiskFinding[];
  /**
   * The floor tops up an idle buffer about to break (repair-watch.ts idleAboutToBreak): at an
   * ordinary fee at once, through a spike once the repair has waited as long as it may. Only a
   * sale of now raises idle, so the planner takes one at once (src/plan/planner.ts bufferTopUp).
   */
  readonly idleTopUpNow?: boolean;
  /**
   * A cap group is over its cap by no more than the rounding and was left as it is: repaired
   * only with a bundle that goes anyway (RiskContext.bundleGoes).
   */
  readonly overCapWithinRounding?: boolean;
  /**
   * The most gas (asset wei) a bundle may pay from the vault before its growth of every weight
   * (T / (T − gas)) carries a cap group the floor leaves alone past its cap and the rounding.
   * Absent when no group has a cap to fear. A plan paying more is decided again with its gas
   * known (RiskContext.bundleGasWei), so the group rides along and is repaired.
   */
  readonly gasToleranceWei?: bigint;
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
  const unsellable = new Set(context.unsellable ?? []);
  for (const id of breakers.exits) {
    if (unsellable.has(id)) {
      target[id] = Math.min(target[id] ?? 0, cur[id] ?? 0);
      continue;
    }
    target[id] = 0;
    floor[id] = 0;
  }

  const groups = capGroups(specs, limits, effectivePendingBps(current, snapshot));
  const margin = limits.capMarginBps ?? 0;
  // Whole-bps weights round each position down, so their sum can hide up to one bp per
  // position of an idle shortfall: the idle buffer is also broken when the idle value itself
  // is short (src/risk/idle-buffer.ts).
  // When the repair could only queue (context.idleCashOnItsWay), protocol withdrawals still
  // queued count: they pay the asset when they complete, and a shortfall they cover is under
  // repair already (another queued sale for it would only lock more value: pending.ts).
  const onItsWay = context.idleCashOnItsWay === true;
  const idleShort = idleBufferShort(current, snapshot, limits.minIdleBps, onItsWay, context.compoundDrawWei);
  const onItsWayBps = onItsWay && current.totalWei > 0n ? Number((cashOnItsWayWei(snapshot) * BigInt(BPS)) / current.totalWei) : 0;
  const budget = (g: CapGroup): number => (g.code === 'IDLE_BUFFER' ? g.capBps + onItsWayBps : g.capBps);
  const held = (g: CapGroup): number => g.members.reduce((s, id) => s + (floor[id] ?? 0), 0);
  // The same rounding hides up to a bp per member of a cap group's excess: a group started on
  // its cap drifts over it unseen while the backtest's breach check, measuring value exactly,
  // logs the break step after step. So a cap group is also broken when its exact weight is over
  // the cap by more than the rounding every limit is allowed (the idle buffer's own rule: within
  // it, a repair would cost a trade for nothing).
  const exact = exactWeightsBps(snapshot, current.totalWei);
  const heldExact = (g: CapGroup): number => g.members.reduce((s, id) => s + (floor[id] === cur[id] ? (exact[id] ?? 0) : (floor[id] ?? 0)), 0);
  const overCap = (g: CapGroup): boolean => g.code !== 'IDLE_BUFFER' && heldExact(g) > g.capBps;
  // A bundle's gas is paid from the vault's idle asset, so it raises every weight by T / (T − gas):
  // with the gas of a bundle that goes known, a group it would carry past the rounding is over too.
  const growth = gasGrowth(current.totalWei, context.bundleGasWei);
  const pushedOver = (g: CapGroup): boolean => g.code !== 'IDLE_BUFFER' && heldExact(g) * growth > g.capBps + LIMIT_ROUNDING_BPS;
  const brokenAlone = (g: CapGroup): boolean => held(g) > budget(g) || (g.code === 'IDLE_BUFFER' ? idleShort : heldExact(g) > g.capBps + LIMIT_ROUNDING_BPS);
  // A group over its cap within that rounding is repaired with a bundle that goes anyway, though:
  // the bundle's gas is paid from the vault, so every weight grows and carries the group past the
  // rounding. A forced bundle, or one the caller says goes (context.bundleGoes: a compound or a
  // voluntary rebalance), takes it in its floor; alone, it is left as it is.
  const forcedAnyway =
    context.bundleGoes === true || groups.some(brokenAlone) || breakers.findings.some((f) => f.action === 'exit' && f.positionId !== undefined && (cur[f.positionId] ?? 0) > 0 && !unsellable.has(f.positionId));
  const broken = (g: CapGroup): boolean => brokenAlone(g) || (forcedAnyway && (overCap(g) || pushedOver(g)));
  // Those ride along with the bundle that goes: their repair does not wait out a spike.
  const ridesAlong = new Set(groups.filter((g) => broken(g) && !brokenAlone(g)).map(capGroupKey));
  // A broken group is repaired to the margin below its cap. One over its cap only by what the
  // whole bps hide goes that excess further: its whole-bps weights already fit the cap, so with
  // no margin a repair to the cap would sell nothing and leave the exact weight where it was.
  const hidden = (g: CapGroup): number => (g.code === 'IDLE_BUFFER' || held(g) > g.capBps ? 0 : Math.ceil(Math.max(0, heldExact(g) * growth - g.capBps)));
  const repairCap = (g: CapGroup): number => Math.max(0, budget(g) - margin - hidden(g));
  const spike = baseFeeSpike(snapshot.baseFeeWei, limits.maxBaseFeeGwei);
  const maxWait = limits.maxRepairGasWaitSeconds ?? DEFAULT_MAX_REPAIR_GAS_WAIT_SECONDS;
  const waitedEnough = (g: CapGroup): boolean => !gasWait({ baseFeeWei: snapshot.baseFeeWei, maxBaseFeeGwei: limits.maxBaseFeeGwei, dueSince: brokenSince(g, context), now: context.now, maxWaitSeconds: maxWait }).wait;
  // An idle buffer that yield alone would break within the longest repair wait is topped up
  // before it breaks (repair-watch.ts), to the margin. At an ordinary fee that is now: the same
  // sale is due within hours to days anyway, and a top-up left to the break can meet a spike
  // there and wait it out broken (a 1-day market broke its buffer in the very step a 137 gwei
  // spike began, and every run, hold included, logged the breach). Through a spike that lasts
  // it is topped up as it breaks, its clock having started when it was first seen about to break.
  // A top-up that could only queue is not asked for again while it is on its way (decide.ts
  // decides again with idleCashOnItsWay): else each tick queued another sale until one paid.
  const nearBreak = !onItsWay && idleAboutToBreak(current, snapshot, limits);
  const topUpEarly = (g: CapGroup): boolean => g.code === 'IDLE_BUFFER' && nearBreak && !broken(g) && waitedEnough(g);
  // Plan inside every cap by the margin, so ordinary drift breaks nothing (plannedCap); an idle
  // buffer short by what is on its way keeps what the positions hold until it arrives.
  const plannedCapOf = (g: CapGroup): number => {
    if (broken(g) || topUpEarly(g)) return repairCap(g);
    return g.code === 'IDLE_BUFFER' && held(g) > g.capBps ? held(g) : plannedCap(g.capBps, held(g), margin, false);
  };
  const targetGroups = groups.map((g) => ({ ...g, capBps: plannedCapOf(g) }));
  const repairGroups = groups.filter(broken).map((g) => ({ ...g, capBps: repairCap(g) }));
  const clampedTarget = clampToGroups(target, targetGroups);
  findings.push(...clampedTarget.findings);
  const forcedBy: RiskFinding[] = breakers.findings.filter((f) => f.action === 'exit' && f.positionId !== undefined && (cur[f.positionId] ?? 0) > 0 && !unsellable.has(f.positionId));
  // A broken cap or a short idle buffer is a standing exposure that a few blocks do not make
  // worse: its repair waits out a base-fee spike, but only for maxRepairGasWaitSeconds after
  // it was first seen broken (a spike that lasts is the market's price; src/risk/gas-wait.ts).
  // Breaker exits (depeg, slashing) do not wait.
  // Only a break the size of drift waits, though: the plans keep the margin inside every cap, so
  // a break beyond it is no drift but an exposure nobody planned (a vault started over its caps,
  // a cap lowered, a jump in a rate), and it is repaired at once.
  const driftBps = Math.max(margin, LIMIT_ROUNDING_BPS);
  const beyondDrift = (g: CapGroup): boolean => held(g) - (budget(g) + margin + hidden(g)) > driftBps;
  const repairNow = repairGroups.filter((g) => ridesAlong.has(capGroupKey(g)) || beyondDrift(g) || waitedEnough(g));
  const waiting = repairGroups.filter((g) => !repairNow.includes(g));
  const clampedFloor = repairNow.length > 0 ? clampFloor(floor, repairNow, cur, input.estimates, specs, unsellable) : { weights: floor, findings: [] };
  const anyBeyondDrift = repairNow.some(beyondDrift);
  for (const f of clampedFloor.findings) {
    const late = !spike ? '' : anyBeyondDrift ? `; more than ${driftBps} bps over, no drift: repaired despite the base-fee spike` : `; broken for ${hoursText(maxWait)} or more, repaired despite the base-fee spike`;
    const broken: RiskFinding = { ...f, message: `current allocation breaks a cap: ${f.message}${late}`, action: 'clamped' };
    findings.push(broken);
    forcedBy.push(broken);
  }
  for (const f of clampToGroups(clampedFloor.weights, waiting).findings) {
    findings.push({ ...f, message: `current allocation breaks a cap: ${f.message}; the repair waits out the base-fee spike (at most ${hoursText(maxWait)} from when it broke)`, action: 'clamped' });
  }
  // To the margin, as a broken buffer's repair (nothing is on its way here: nearBreak).
  const repairEarly = groups.filter(topUpEarly).map((g) => ({ ...g, capBps: repairCap(g) }));
  const early = repairEarly.length > 0 ? clampFloor(clampedFloor.weights, repairEarly, cur, input.estimates, specs, unsellable) : { weights: clampedFloor.weights, findings: [] };
  for (const f of early.findings) {
    const message = spike
      ? `idle buffer about to break through a base-fee spike of ${hoursText(maxWait)} or more: ${f.message}, topped up as it breaks`
      : `idle buffer within ${hoursText(maxWait)} of breaking by yield alone: ${f.message}, topped up now at an ordinary base fee`;
    const aboutToBreak: RiskFinding = { ...f, message, action: 'clamped' };
    findings.push(aboutToBreak);
    forcedBy.push(aboutToBreak);
  }
  // A position the market cannot take now stays as it is, whatever a repair asked of it.
  const F: Record<PositionId, number> = { ...early.weights, ...Object.fromEntries([...unsellable].filter((id) => ids.includes(id)).map((id) => [id, cur[id] ?? 0])) };
  const idleNow = {
    ...(repairEarly.length > 0 ? { idleTopUpNow: true } : {}),
    ...(groups.some((g) => overCap(g) && !broken(g)) ? { overCapWithinRounding: true } : {}),
    ...gasTolerance(groups.filter((g) => g.code !== 'IDLE_BUFFER' && !broken(g)).map((g) => ({ exactBps: heldExact(g), capBps: g.capBps })), current.totalWei),
  };
  const T = clampedTarget.weights;
  const mandatoryTurnoverBps = ids.reduce((s, id) => s + Math.abs((cur[id] ?? 0) - (F[id] ?? 0)), 0);
  const mandatory = mandatoryTurnoverBps > 0;

  // Gas: only forced moves go through a base-fee spike.
  if (spike) {
    findings.push({
      code: 'BASE_FEE',
      observed: weiToNumber(snapshot.baseFeeWei, 9),
      limit: limits.maxBaseFeeGwei,
      action: 'refused',
      message: `base fee ${baseFeeText(snapshot.baseFeeWei, limits.maxBaseFeeGwei)}: ${mandatory ? 'forced moves only' : 'no rebalance'}`,
    });
    return { approved: F, refused: !mandatory, mandatory, turnoverBps: 0, mandatoryTurnoverBps, findings, floor: F, forcedBy, ...idleNow };
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
  return { approved, refused: false, mandatory, turnoverBps, mandatoryTurnoverBps, findings, floor: F, forcedBy, ...idleNow };
}

/**
 * The forced repair of the broken groups. A short idle buffer is topped up by ONE sale, of the
 * liquid position earning least that can cover the shortfall alone (one trade worth its gas,
 * not a sliver of every position); a group holding one LRT restaked and liquid sells its
 * liquid side first (liquid-first.ts); other groups, or what those leave, shrink their members
 * in proportion.
 */
function clampFloor(
  floor: Readonly<Record<PositionId, number>>,
  repairGroups: readonly CapGroup[],
  current: Readonly<Record<PositionId, number>>,
  estimates: readonly YieldEstimate[],
  specs: readonly PositionSpec[],
  unsellable: ReadonlySet<PositionId>,
): { weights: Record<PositionId, number>; findings: RiskFinding[] } {
  const idle = repairGroups.find((g) => g.code === 'IDLE_BUFFER');
  let weights: Record<PositionId, number> = { ...floor };
  if (idle !== undefined) {
    const shortfall = idle.members.reduce((s, id) => s + (weights[id] ?? 0), 0) - idle.capBps;
    const apy = (id: PositionId): number => estimates.find((e) => e.positionId === id)?.netApy ?? 0;
    const source = specs
      .filter((s) => s.eigen === undefined && !unsellable.has(s.id) && idle.members.includes(s.id) && (weights[s.id] ?? 0) >= shortfall && (weights[s.id] ?? 0) === (current[s.id] ?? 0))
      .sort((a, b) => apy(a.id) - apy(b.id) || (weights[b.id] ?? 0) - (weights[a.id] ?? 0))[0];
    if (source !== undefined && shortfall > 0) weights = { ...weights, [source.id]: (weights[source.id] ?? 0) - shortfall };
  }
  const cut = liquidFirst(weights, repairGroups, specs, unsellable);
  const rest = clampToGroups(cut, repairGroups);
  // A group its liquid side repaired whole reports as clampToGroups would have before the cut.
  const held = (g: CapGroup, w: Readonly<Record<PositionId, number>>): number => g.members.reduce((s, id) => s + (w[id] ?? 0), 0);
  const soldFirst = repairGroups.filter((g) => g.code !== 'IDLE_BUFFER' && held(g, weights) > g.capBps && held(g, cut) <= g.capBps);
  const findings = [...rest.findings, ...soldFirst.flatMap((g) => clampToGroups(weights, [g]).findings)];
  if (idle === undefined || rest.findings.some((f) => f.code === 'IDLE_BUFFER')) return { weights: rest.weights, findings };
  // The idle finding, as clampToGroups would have reported it on the unrepaired floor.
  return { weights: rest.weights, findings: [...findings, ...clampToGroups(floor, [idle]).findings] };
}
