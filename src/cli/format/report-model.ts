/**
 * The plain report of one vault's plan, shared by the table output and `--json`: every
 * number a fund manager needs to check the decision, in one place and in one order.
 */
import { compoundGasUnits, rewardRateWeiPerSecond } from '../../execution/compounding.ts';
import { optimalCompoundIntervalSeconds } from '../../plan/claim-timing.ts';
import { opportunityApyOf } from '../../plan/planner.ts';
import type { Action, PlanTotals } from '../../domain/plan.ts';
import type { RewardStreamPart } from '../../domain/estimate.ts';
import type { StreamClaimDecision } from '../../plan/stream-claims.ts';
import type { RiskFinding } from '../../domain/verdict.ts';
import type { VaultPlan, VaultRejected } from '../../keeper/tick.ts';
import type { DaemonView } from '../../ops/daemon-view.ts';

export interface PositionRow {
  readonly id: string;
  readonly symbol: string;
  readonly restaked: boolean;
  readonly riskTier: number;
  readonly valueWei: bigint;
  readonly currentBps: number;
  /** What the strategy asked for. */
  readonly targetBps: number;
  /** What the risk engine allowed. */
  readonly approvedBps: number;
  /** Where the plan leaves it. */
  readonly afterBps: number;
  readonly netApy: number;
  readonly lrtApy: number;
  readonly avsApr: number;
  /** Reward streams paid outside the LRT's rate (points excluded). */
  readonly streamApr: number;
  readonly feesApy: number;
  /** Expected yearly loss to slashing (restaked positions). */
  readonly slashingApy: number;
  /** The strategy's per-tier yield penalty, when it has one (tierPenalty param). */
  readonly riskPenalty: number | null;
  readonly stale: boolean;
  readonly samples: number;
  readonly windowSeconds: number;
}

export interface PlanReport {
  readonly ok: true;
  readonly vault: { readonly name: string; readonly address: string; readonly backend: string };
  readonly chainId: number;
  readonly block: number;
  readonly timestamp: number;
  readonly baseFeeWei: bigint;
  readonly totalWei: bigint;
  readonly idleWei: bigint;
  readonly idleBps: number;
  readonly pendingBps: number;
  readonly delegatedTo: string | null;
  readonly operator: { readonly name: string; readonly address: string; readonly source: string } | null;
  readonly strategy: string;
  readonly positions: readonly PositionRow[];
  readonly findings: readonly RiskFinding[];
  readonly actions: readonly Action[];
  readonly totals: PlanTotals;
  readonly expectedYearlyGainWei: bigint;
  readonly breakEvenDays: number | null;
  readonly decision: { readonly kind: 'rebalance' | 'compound' | 'hold'; readonly act: boolean; readonly reason: string };
  readonly rationale: readonly string[];
  /** AVS reward accrual and the gas-optimal compounding interval T* = √(2C / (ρ r)). */
  readonly compounding: {
    readonly rewardWeiPerDay: bigint;
    readonly compoundCostWei: bigint;
    /** null when nothing accrues (never worth a dedicated compound). */
    readonly optimalIntervalDays: number | null;
  };
  /** Data notes: bootstrapped samples, estimate reasons. */
  readonly notes: readonly string[];
  /** Rewards paid outside the LRTs' rates, per position (points at 0); absent when no LRT has any. */
  readonly rewardStreams?: readonly ({ readonly positionId: string } & RewardStreamPart)[];
  /** What each stream's distributor owes the vault and whether the compounding policy claims it now (the plan's claim-stream actions). */
  readonly streamClaims?: { readonly decisions: readonly StreamClaimDecision[]; readonly notes: readonly string[] };
  /** The daemon's state the decision was taken with, and what would hold the daemon back. */
  readonly daemon?: DaemonView;
}

export interface RejectedReport {
  readonly ok: false;
  readonly vault: { readonly name: string; readonly address: string; readonly backend: string };
  readonly block: number | null;
  readonly reasons: readonly string[];
}

/** Builds the report of a plan (or of a rejected observation). */
export function reportOf(result: VaultPlan | VaultRejected, daemon?: DaemonView): PlanReport | RejectedReport {
  const s = result.settings;
  const vault = { name: s.name, address: s.address, backend: s.backend };
  if (!result.ok) return { ok: false, vault, block: result.block ?? null, reasons: result.reasons };
  const { snapshot } = result.observation;
  const { current, targets, verdict, plan } = result.decision;
  const penalties = tierPenalties(s.strategy.params);
  const positions: PositionRow[] = result.specs.map((spec) => {
    const est = result.estimates.find((e) => e.positionId === spec.id);
    const obs = snapshot.positions.find((p) => p.positionId === spec.id);
    return {
      id: spec.id,
      symbol: spec.symbol,
      restaked: spec.eigen !== undefined,
      riskTier: spec.riskTier,
      valueWei: obs?.valueWei ?? 0n,
      currentBps: current.weights[spec.id] ?? 0,
      targetBps: targets.weights[spec.id] ?? 0,
      approvedBps: verdict.approved[spec.id] ?? 0,
      afterBps: plan.resultingWeights[spec.id] ?? current.weights[spec.id] ?? 0,
      netApy: est?.netApy ?? 0,
      lrtApy: est?.lrtApy ?? 0,
      avsApr: est?.avsApr ?? 0,
      streamApr: est?.streamApr ?? 0,
      feesApy: est?.feesApy ?? 0,
      slashingApy: est?.slashingApy ?? 0,
      riskPenalty: penalties ? (penalties[spec.riskTier - 1] ?? null) : null,
      stale: est?.stale ?? true,
      samples: est?.samples ?? 0,
      windowSeconds: est?.windowSeconds ?? 0,
    };
  });
  const notes: string[] = [];
  if (result.bootstrapped > 0) notes.push(`rate history: ${result.bootstrapped} samples bootstrapped from past blocks`);
  for (const e of result.estimates) for (const r of e.reasons) notes.push(`${e.positionId}: ${r}`);
  for (const n of result.observation.notes) notes.push(n);
  const rewardStreams = result.estimates.flatMap((e) => (e.streamParts ?? []).map((part) => ({ positionId: e.positionId, ...part })));
  return {
    ok: true,
    vault,
    chainId: snapshot.chainId,
    block: snapshot.block,
    timestamp: snapshot.timestamp,
    baseFeeWei: snapshot.baseFeeWei,
    totalWei: current.totalWei,
    idleWei: snapshot.idleWei,
    idleBps: current.idleBps,
    pendingBps: current.pendingBps,
    delegatedTo: snapshot.delegatedTo ?? null,
    operator: result.operator ? { name: result.operator.name, address: result.operator.address, source: result.operator.source } : null,
    strategy: s.strategy.name,
    positions,
    findings: verdict.findings,
    actions: plan.actions,
    totals: plan.totals,
    expectedYearlyGainWei: plan.expectedYearlyGainWei,
    breakEvenDays: plan.breakEvenDays,
    decision: { kind: plan.kind, act: plan.kind !== 'hold', reason: plan.reason },
    rationale: targets.rationale,
    compounding: compoundingReport(result),
    notes,
    ...(rewardStreams.length > 0 ? { rewardStreams } : {}),
    ...(result.streamClaims ? { streamClaims: result.streamClaims } : {}),
    ...(daemon ? { daemon } : {}),
  };
}

/** Reward accrual of the restaked positions, one compound's cost at this base fee, and T*. */
function compoundingReport(result: VaultPlan): PlanReport['compounding'] {
  const { snapshot } = result.observation;
  const byId = new Map(snapshot.positions.map((p) => [p.positionId, p.valueWei]));
  const rewardWeiPerSecond = result.estimates.reduce((sum, e) => sum + (e.avsApr > 0 ? rewardRateWeiPerSecond(byId.get(e.positionId) ?? 0n, e.avsApr) : 0), 0);
  const rewardTokens = Math.max(1, snapshot.rewards.length);
  const compoundCostWei = BigInt(compoundGasUnits(rewardTokens, 1)) * snapshot.baseFeeWei;
  const reinvestApy = opportunityApyOf(result.plannerOptions, result.estimates);
  const seconds = optimalCompoundIntervalSeconds({ rewardWeiPerSecond, reinvestApy, costWei: Number(compoundCostWei) });
  return {
    rewardWeiPerDay: BigInt(Math.round(rewardWeiPerSecond * 86_400)),
    compoundCostWei,
    optimalIntervalDays: Number.isFinite(seconds) ? seconds / 86_400 : null,
  };
}

/** The strategy's `tierPenalty` param (risk-adjusted-yield), if it has one. */
function tierPenalties(params: unknown): readonly number[] | undefined {
  const p = (params as { tierPenalty?: unknown } | null)?.tierPenalty;
  return Array.isArray(p) && p.every((x) => typeof x === 'number') ? (p as number[]) : undefined;
}
