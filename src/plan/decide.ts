/**
 * One decision, end to end and pure: strategy → risk → plan → plan review.
 *
 * The live keeper, `keeper plan` and the backtest all call this with the same inputs, so a
 * dry run shows exactly what the keeper would do. A refused or empty result is a 'hold' plan
 * that says why; compounding actions survive a refused rebalance.
 *
 * Forced moves (a depeg or slashing exit, a cap the current allocation breaks) proceed without
 * a net-gain test and the plan's reason says "forced by …"; everything the plan does beyond
 * them is voluntary and must pay (positive gain beating cost × safetyMultiple over the
 * horizon), else only the forced moves are planned. A depeg exit through a queue waits out a
 * base-fee spike (exit-wait.ts).
 */
import { allocationFromSnapshot, type Allocation, type TargetWeights } from '../domain/allocation.ts';
import type { YieldEstimate } from '../domain/estimate.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { Plan, PlanTotals } from '../domain/plan.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import { withDueEigenReturns } from '../domain/due-eigen-returns.ts';
import type { PositionSpec } from '../domain/types.ts';
import type { RiskContext, RiskFinding } from '../domain/verdict.ts';
import type { StrategyDefinition } from '../../strategies/types.ts';
import { assessTargets, type RiskAssessment } from '../risk/engine.ts';
import { reviewPlan } from '../risk/plan-review.ts';
import { cashOnItsWayWei, idleBufferShort } from '../risk/pending.ts';
import { baseFeeSpike, baseFeeText } from '../risk/gas-wait.ts';
import { buildPlan, opportunityApyOf, type PlannerOptions } from './planner.ts';
import { exitWait } from './exit-wait.ts';
import { fittingSaleBps } from './fitting-sale.ts';
import { undoesIdleRepair } from './idle-after.ts';
import { GAS, gasCostWei } from './gas.ts';
import { weiToNumber } from '../domain/units.ts';

export interface DecisionInput {
  readonly snapshot: Snapshot;
  readonly specs: readonly PositionSpec[];
  readonly estimates: readonly YieldEstimate[];
  readonly limits: RiskLimits;
  readonly context: RiskContext;
  readonly strategy: StrategyDefinition;
  /** Already validated by strategy.paramsSchema. */
  readonly params: unknown;
  readonly plannerOptions: PlannerOptions;
}

export interface Decision {
  readonly current: Allocation;
  readonly targets: TargetWeights;
  /** The risk verdict, with the floor (forced-only weights) it was built from. */
  readonly verdict: RiskAssessment;
  readonly plan: Plan;
}

/** @example decide({ snapshot, specs, estimates, limits, context, strategy, params, plannerOptions }).plan.kind */
export function decide(input: DecisionInput): Decision {
  let decision = decideOnce(input);
  // A cap group over its cap by no more than the rounding is left alone, but rides along with a
  // bundle that goes anyway (a compound, a voluntary rebalance that pays, a forced move), whose
  // gas would carry it past the rounding; so does a group just inside its cap that this bundle's
  // gas would carry past it: decided again with the bundle's gas known and the repair forced.
  // The repair's own sale adds gas, so once more when that carries another group past.
  let context = input.context;
  for (let pass = 0; pass < 2 && decision.plan.kind !== 'hold'; pass++) {
    const gasWei = decision.plan.totals.gasCostWei;
    const known = context.bundleGoes === true && (context.bundleGasWei ?? 0n) >= gasWei;
    const carried = decision.verdict.gasToleranceWei !== undefined && gasWei > decision.verdict.gasToleranceWei;
    if (known || (decision.verdict.overCapWithinRounding !== true && !carried)) break;
    context = { ...context, bundleGoes: true, bundleGasWei: gasWei };
    decision = decideOnce({ ...input, context });
  }
  // A compound pays its gas from idle and trades nothing the planner's buffer top-up could ride
  // on: an idle buffer at its edge that gas would take short is repaired with it, decided again
  // with what it draws from idle known (a compound through a spike waits instead: heldThroughSpike).
  const drawn = compoundIdleDraw(decision, input);
  if (drawn !== undefined) decision = decideOnce({ ...input, context: { ...context, compoundDrawWei: drawn } });
  return { ...decision, plan: heldThroughSpike(decision.plan, input.snapshot, input.limits) };
}

/**
 * What a compound that goes draws from idle (its gas less the least its reward sales pay in; due
 * protocol withdrawals already count as idle), when that would take the idle buffer short. On a
 * tight-config 50 ETH market a due EigenLayer completion at ordinary fees took idle held at 501
 * bps to 498.87.
 */
function compoundIdleDraw(decision: Decision, input: DecisionInput): bigint | undefined {
  const { plan, current } = decision;
  if (plan.kind !== 'compound' || plan.forced === true || baseFeeSpike(input.snapshot.baseFeeWei, input.limits.maxBaseFeeGwei)) return undefined;
  const proceeds = plan.actions.reduce((s, a) => s + (a.kind === 'swap-reward' ? a.minOutWei : 0n), 0n);
  const drawn = plan.totals.gasCostWei - proceeds;
  const { minIdleBps } = input.limits;
  return drawn > 0n && !idleBufferShort(current, input.snapshot, minIdleBps) && idleBufferShort(current, input.snapshot, minIdleBps, false, drawn) ? drawn : undefined;
}

const NO_COST: PlanTotals = { gasUnits: 0, gasCostWei: 0n, slippageWei: 0n, feesWei: 0n, delayCostWei: 0n, totalCostWei: 0n, movedWei: 0n };

/**
 * The executor sends nothing unforced above risk.maxBaseFeeGwei (src/execution/fees.ts), so a
 * compound (claims, due withdrawals to complete) decided through a base-fee spike is a hold
 * that says so: the backtest, which executes what is decided, paid a 50 ETH vault's
 * completions at 158 gwei and took its idle buffer under the minimum, which the keeper never
 * would. Nothing in a compound is lost by waiting: the rewards stay claimable and the
 * withdrawals completable.
 */
function heldThroughSpike(plan: Plan, snapshot: Snapshot, limits: RiskLimits): Plan {
  if (plan.kind !== 'compound' || plan.forced === true || !baseFeeSpike(snapshot.baseFeeWei, limits.maxBaseFeeGwei)) return plan;
  return { ...plan, kind: 'hold', actions: [], totals: NO_COST, reason: `${plan.reason}; waits: base fee ${baseFeeText(snapshot.baseFeeWei, limits.maxBaseFeeGwei)} (nothing unforced is sent above risk.maxBaseFeeGwei)` };
}

function decideOnce(input: DecisionInput): Decision {
  // Due EigenLayer withdrawals counted where the bundle's first actions return their LRT.
  const snapshot = withDueEigenReturns(input.snapshot, input.specs);
  const current = allocationFromSnapshot(snapshot);
  const targets = input.strategy.decide(
    {
      snapshot,
      estimates: input.estimates,
      current,
      limits: input.limits,
      specs: input.specs,
      ...(input.context.lastRebalanceAt === undefined ? {} : { lastRebalanceAt: input.context.lastRebalanceAt }),
      ...(input.context.idleWaitingSince === undefined ? {} : { idleWaitingSince: input.context.idleWaitingSince }),
    },
    input.params,
  );
  const riskInput = { targets: targets.weights, current, snapshot, estimates: input.estimates, specs: input.specs, limits: input.limits, context: input.context };
  let verdict = assessTargets(riskInput);
  const explain = { targetWeights: targets.weights, findings: verdict.findings, rationale: targets.rationale };
  const plannerBase = { current, snapshot, specs: input.specs, estimates: input.estimates, limits: input.limits, options: input.plannerOptions, ...(verdict.idleTopUpNow === true ? { idleTopUpNow: true } : {}) };

  // Refused targets: only housekeeping, planned against the current weights.
  const approved = verdict.refused ? current.weights : verdict.approved;
  // Exits of positions worth less than 1 bp (0 bps, so invisible to weights) are forced too.
  const remnants = verdict.refused ? [] : exitRemnants(verdict, current, snapshot, input.specs, input.plannerOptions, input.limits);
  if (remnants.length > 0) verdict = { ...verdict, mandatory: true, forcedBy: [...verdict.forcedBy, ...remnants] };
  // Every plan that may move carries the remnant exits; the refused fallback (housekeeping only) does not.
  const movingBase = remnants.length > 0 ? { ...plannerBase, exitRemnants: remnants.map((f) => f.positionId as string) } : plannerBase;
  const plan = buildPlan({ ...movingBase, approved, explain });
  if (verdict.refused || plan.kind !== 'rebalance') {
    return { current, targets, verdict, plan: withReason(plan, verdict.refused ? refusal(verdict.findings) : plan.reason) };
  }
  const refuseAll = (findings: readonly RiskFinding[], refusedBy: readonly RiskFinding[]): Decision => {
    const refusedVerdict: RiskAssessment = { ...verdict, approved: current.weights, refused: true, turnoverBps: 0, mandatoryTurnoverBps: 0, findings };
    const fallback = buildPlan({ ...plannerBase, approved: current.weights, explain: { ...explain, findings } });
    return { current, targets, verdict: refusedVerdict, plan: withReason(fallback, refusal(refusedBy)) };
  };
  if (!verdict.mandatory) {
    const review = reviewPlan(plan, input.limits, false);
    const findings = [...verdict.findings, ...review.findings];
    return review.refused ? refuseAll(findings, review.findings) : { current, targets, verdict: { ...verdict, findings }, plan };
  }

  // Forced moves (exits, broken caps) go ahead whatever they earn; what the plan does beyond
  // them is voluntary and must pay for itself, judged against the forced-only plan.
  const forced = sameWeights(approved, verdict.floor) ? plan : buildPlan({ ...movingBase, approved: verdict.floor, explain });
  // An idle-buffer repair that can only queue raises no idle now: what withdrawals already queued
  // will pay counts as on its way, so only the rest is queued (nothing when they cover it). Else
  // the same queued sale went every tick until the first queue paid.
  const queuesIdleRepairAgain = (p: Plan): boolean =>
    input.context.idleCashOnItsWay !== true && cashOnItsWayWei(snapshot) > 0n && verdict.forcedBy.every((f) => f.code === 'IDLE_BUFFER') && !sellsNow(p);
  const idleRepairOnItsWay = (): Decision => decideOnce({ ...input, context: { ...input.context, idleCashOnItsWay: true } });
  if (queuesIdleRepairAgain(forced)) return idleRepairOnItsWay();
  // A depeg exit through a queue pays the protocol rate whenever it is sent: it waits out a
  // base-fee spike (bounded, and only when the saving is worth it) instead of paying it.
  const wait = exitWait({ forced, forcedBy: verdict.forcedBy, snapshot, limits: input.limits, context: input.context });
  if (wait !== undefined) {
    const waiting: RiskAssessment = { ...verdict, approved: current.weights, refused: true, turnoverBps: 0, mandatoryTurnoverBps: 0 };
    const fallback = buildPlan({ ...plannerBase, approved: current.weights, explain });
    return { current, targets, verdict: waiting, plan: withReason(fallback, wait) };
  }
  let voluntaryFindings: readonly RiskFinding[] = [];
  if (forced !== plan) {
    const review = reviewPlan(plan, input.limits, forced.kind === 'rebalance' ? forced : false);
    const undone = undoesIdleRepair(plan, forced, snapshot, current.totalWei, input.limits.minIdleBps);
    if (undone !== undefined) voluntaryFindings = [...review.findings, undone];
    else if (!review.refused) {
      const findings = [...verdict.findings, ...review.findings];
      return { current, targets, verdict: { ...verdict, findings }, plan: { ...plan, reason: `${forcedLabel(verdict.forcedBy)}, plus voluntary moves that pay: ${plan.reason}` } };
    }
    voluntaryFindings = review.findings;
  }
  const forcedReview = reviewPlan(forced, input.limits, true);
  const findings = [...verdict.findings, ...voluntaryFindings, ...forcedReview.findings];
  if (forcedReview.refused) {
    const sellCtx = { maxSlippageBpsPerSwap: input.limits.maxSlippageBpsPerSwap, opportunityApy: opportunityApyOf(input.plannerOptions, input.estimates) };
    const saleGas = gasCostWei(GAS.withdraw, snapshot.baseFeeWei, input.plannerOptions.priorityFeeWei);
    const partial = withoutStuckSales(
      forcedReview.findings,
      (stuck) => assessTargets({ ...riskInput, context: { ...input.context, unsellable: stuck } }).floor,
      (floor) => buildPlan({ ...movingBase, approved: floor, explain }),
      (id) => {
        const spec = input.specs.find((s) => s.id === id);
        const obs = snapshot.positions.find((p) => p.positionId === id);
        const wanted = (current.weights[id] ?? 0) - (verdict.floor[id] ?? 0);
        return spec === undefined || obs === undefined ? 0 : fittingSaleBps(spec, obs, current.totalWei, wanted, sellCtx, saleGas);
      },
      input.limits,
    );
    if (partial === undefined) return refuseAll(findings, [...voluntaryFindings, ...forcedReview.findings]);
    // The same when the sale of now was refused (a depegged pool) and what is left only queues.
    if (queuesIdleRepairAgain(partial.plan)) return idleRepairOnItsWay();
    const partialFindings = [...findings, ...partial.review.findings];
    const left = `; left as they are for now: ${forcedReview.findings.filter((f) => f.action === 'refused').map((f) => `${f.code} (${f.message})`).join('; ')}`;
    return {
      current,
      targets,
      verdict: { ...verdict, approved: partial.floor, turnoverBps: 0, findings: partialFindings },
      plan: { ...partial.plan, inputs: { ...partial.plan.inputs, findings: partialFindings }, reason: `${forcedLabel(verdict.forcedBy)}: ${partial.plan.reason}${left}`, forced: true },
    };
  }
  const forcedVerdict: RiskAssessment = { ...verdict, approved: verdict.floor, turnoverBps: 0, findings };
  const voluntary = voluntaryFindings.length > 0 ? `; moves beyond them refused: ${voluntaryFindings.filter((f) => f.action === 'refused').map((f) => `${f.code} (${f.message})`).join('; ')}` : '';
  if (forced.kind !== 'rebalance') return { current, targets, verdict: forcedVerdict, plan: withReason(forced, `forced moves below dust${voluntary}`) };
  return { current, targets, verdict: forcedVerdict, plan: { ...forced, inputs: { ...forced.inputs, findings }, reason: `${forcedLabel(verdict.forcedBy)}: ${forced.reason}${voluntary}`, forced: true } };
}

type Weights = Readonly<Record<string, number>>;

/** Whether a plan sells anything for the asset now (a pool or an instant exit), not through a queue. */
function sellsNow(plan: Plan): boolean {
  return plan.actions.some((a) => a.kind === 'withdraw' && a.route !== 'queued');
}

/**
 * Breaker exits of positions that read 0 bps but are still worth selling (the engine leaves
 * them out of its forced moves: in weights they are already gone). Worth selling means at
 * least `dustWei` and more than the sale's own gas × safetyMultiple: a remnant that its gas
 * would eat is left, not re-sold block after block in ever smaller pieces.
 */
function exitRemnants(verdict: RiskAssessment, current: { weights: Weights }, snapshot: Snapshot, specs: readonly PositionSpec[], options: PlannerOptions, limits: RiskLimits): RiskFinding[] {
  return verdict.findings.filter((f) => {
    if (f.action !== 'exit' || f.positionId === undefined || (current.weights[f.positionId] ?? 0) > 0) return false;
    const value = snapshot.positions.find((p) => p.positionId === f.positionId)?.valueWei ?? 0n;
    const restaked = specs.find((s) => s.id === f.positionId)?.eigen !== undefined;
    const gas = gasCostWei(restaked ? GAS['eigen-queue-withdrawal'] : GAS.withdraw, snapshot.baseFeeWei, options.priorityFeeWei);
    return value >= options.dustWei && weiToNumber(value) > weiToNumber(gas) * limits.minNetGain.safetyMultiple;
  });
}

/**
 * The forced moves the market can take now, when some cannot: positions whose sale the review
 * refused (a cap repair or a depeg exit through a pool that would slip too far) sell the slice
 * that fits the per-swap limit now (`fittingBps`, fitting-sale.ts; a depeg's discount fits
 * none), or else stay where they are, and the other forced moves are planned again without
 * them (`floorWithout`: the risk engine's floor with those positions held, so a repair their
 * proceeds would have made needless is made now). Without this, a slashing exit bundled with an
 * unsellable cap repair (the slash itself shrank the vault and pushed another position over its
 * cap) was refused block after block, and a depeg exit that no pool could take hid the idle
 * top-up it would have funded while the buffer drifted under its minimum. Undefined when no
 * such position exists or the rest is still refused.
 */
function withoutStuckSales(
  refusals: readonly RiskFinding[],
  floorWithout: (stuck: readonly string[]) => Weights,
  plan: (floor: Weights) => Plan,
  fittingBps: (id: string) => number,
  limits: RiskLimits,
): { floor: Weights; plan: Plan; review: ReturnType<typeof reviewPlan> } | undefined {
  const stuck = refusals.filter((f) => f.action === 'refused' && f.code === 'SLIPPAGE_SWAP' && f.positionId !== undefined).map((f) => f.positionId as string);
  if (stuck.length === 0) return undefined;
  const pinned = floorWithout(stuck);
  // What of each stuck sale fits the per-swap limit goes now, a slice a tick (fitting-sale.ts).
  const sliced: Record<string, number> = { ...pinned };
  for (const id of stuck) sliced[id] = (pinned[id] ?? 0) - fittingBps(id);
  if (stuck.some((id) => sliced[id] !== pinned[id])) {
    const slicePlan = plan(sliced);
    const sliceReview = slicePlan.kind === 'rebalance' ? reviewPlan(slicePlan, limits, true) : undefined;
    if (sliceReview !== undefined && !sliceReview.refused) return { floor: sliced, plan: slicePlan, review: sliceReview };
  }
  const partial = plan(pinned);
  if (partial.kind !== 'rebalance') return undefined;
  const review = reviewPlan(partial, limits, true);
  return review.refused ? undefined : { floor: pinned, plan: partial, review };
}

/** "forced by CAP_POSITION ezETH, DEPEG rsETH": the plan says it was not chosen for yield. */
function forcedLabel(forcedBy: readonly RiskFinding[]): string {
  const causes = [...new Set(forcedBy.map((f) => (f.positionId === undefined ? f.code : `${f.code} ${f.positionId}`)))];
  return `forced by ${causes.length > 0 ? causes.join(', ') : 'risk limits'} (no net-gain test)`;
}

function sameWeights(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => (a[k] ?? 0) === (b[k] ?? 0));
}

function refusal(findings: readonly RiskFinding[]): string {
  const refused = findings.filter((f) => f.action === 'refused');
  return `rebalance refused: ${refused.map((f) => `${f.code} (${f.message})`).join('; ')}`;
}

function withReason(plan: Plan, reason: string): Plan {
  return plan.kind === 'rebalance' ? plan : { ...plan, reason: plan.kind === 'compound' ? `${reason}; compounding only` : reason };
}
