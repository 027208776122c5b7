/**
 * One decision, end to end and pure: strategy → risk → plan → plan review.
 *
 * The live keeper, `keeper plan` and the backtest all call this with the same inputs, so a
 * dry run shows exactly what the keeper would do. A refused or empty result is a 'hold' plan
 * that says why; compounding actions survive a refused rebalance.
 */
import { allocationFromSnapshot, type Allocation, type TargetWeights } from '../domain/allocation.ts';
import type { YieldEstimate } from '../domain/estimate.ts';
import type { RiskLimits } from '../domain/limits.ts';
import type { Plan } from '../domain/plan.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import type { PositionSpec } from '../domain/types.ts';
import type { RiskContext, RiskFinding, RiskVerdict } from '../domain/verdict.ts';
import type { StrategyDefinition } from '../../strategies/types.ts';
import { assessTargets } from '../risk/engine.ts';
import { reviewPlan } from '../risk/plan-review.ts';
import { buildPlan, type PlannerOptions } from './planner.ts';

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
  readonly verdict: RiskVerdict;
  readonly plan: Plan;
}

/** @example decide({ snapshot, specs, estimates, limits, context, strategy, params, plannerOptions }).plan.kind */
export function decide(input: DecisionInput): Decision {
  const current = allocationFromSnapshot(input.snapshot);
  const targets = input.strategy.decide(
    {
      snapshot: input.snapshot,
      estimates: input.estimates,
      current,
      limits: input.limits,
      specs: input.specs,
      ...(input.context.lastRebalanceAt === undefined ? {} : { lastRebalanceAt: input.context.lastRebalanceAt }),
    },
    input.params,
  );
  const verdict = assessTargets({ targets: targets.weights, current, snapshot: input.snapshot, estimates: input.estimates, specs: input.specs, limits: input.limits, context: input.context });
  const explain = { targetWeights: targets.weights, findings: verdict.findings, rationale: targets.rationale };
  const plannerBase = { current, snapshot: input.snapshot, specs: input.specs, estimates: input.estimates, limits: input.limits, options: input.plannerOptions };

  // Refused targets: only housekeeping, planned against the current weights.
  const approved = verdict.refused ? current.weights : verdict.approved;
  const plan = buildPlan({ ...plannerBase, approved, explain });
  if (verdict.refused || plan.kind !== 'rebalance') {
    return { current, targets, verdict, plan: withReason(plan, verdict.refused ? refusal(verdict.findings) : plan.reason) };
  }
  const review = reviewPlan(plan, input.limits, verdict.mandatory);
  if (!review.refused) {
    return { current, targets, verdict: { ...verdict, findings: [...verdict.findings, ...review.findings] }, plan };
  }
  const findings = [...verdict.findings, ...review.findings];
  const refusedVerdict: RiskVerdict = { ...verdict, approved: current.weights, refused: true, turnoverBps: 0, mandatoryTurnoverBps: 0, findings };
  const fallback = buildPlan({ ...plannerBase, approved: current.weights, explain: { ...explain, findings } });
  return { current, targets, verdict: refusedVerdict, plan: withReason(fallback, refusal(review.findings)) };
}

function refusal(findings: readonly RiskFinding[]): string {
  const refused = findings.filter((f) => f.action === 'refused');
  return `rebalance refused: ${refused.map((f) => `${f.code} (${f.message})`).join('; ')}`;
}

function withReason(plan: Plan, reason: string): Plan {
  return plan.kind === 'rebalance' ? plan : { ...plan, reason: plan.kind === 'compound' ? `${reason}; compounding only` : reason };
}
