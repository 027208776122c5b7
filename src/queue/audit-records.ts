/**
 * Audit records from the pipeline's data: pure, so what the audit log says about a decision
 * is tested without Redis. The snapshot is summarised (the full one is large and its raw
 * reads add nothing an operator can use); estimates, verdict and plan are kept whole.
 */
import type { ExecutionResult } from '../execution/executor.ts';
import { allocationFromSnapshot } from '../domain/allocation.ts';
import type { Plan } from '../domain/plan.ts';
import type { Snapshot } from '../domain/snapshot.ts';
import { deviationBps } from '../domain/units.ts';
import type { VaultPlan } from '../keeper/tick.ts';
import type { DecisionDisposition, DecisionRecord, ExecutionRecord, SnapshotSummary } from '../state/audit.ts';
import { midPriceWad } from '../yield/dex.ts';

export function summariseSnapshot(snapshot: Snapshot): SnapshotSummary {
  const positions = snapshot.positions.map((p) => ({
    id: p.positionId,
    rateWad: p.rateWad,
    valueWei: p.valueWei,
    ...(p.dex !== undefined && p.rateWad > 0n ? { dexDeviationBps: Math.round(deviationBps(midPriceWad(p.dex), p.rateWad) * 10) / 10 } : {}),
    ...(p.eigen !== undefined ? { withdrawableShares: p.eigen.withdrawableShares } : {}),
  }));
  return {
    block: snapshot.block,
    timestamp: snapshot.timestamp,
    baseFeeWei: snapshot.baseFeeWei,
    idleWei: snapshot.idleWei,
    // As the risk engine counts it: idle + positions + queued withdrawals in flight.
    totalWei: allocationFromSnapshot(snapshot).totalWei,
    pendingWei: snapshot.queuedWithdrawals.reduce((s, q) => s + q.amountWei, 0n),
    ...(snapshot.delegatedTo !== undefined ? { delegatedTo: snapshot.delegatedTo } : {}),
    positions,
    claimableRewards: snapshot.rewards.filter((r) => r.claimable > 0n).map((r) => ({ token: r.token, claimable: r.claimable })),
    queuedWithdrawals: snapshot.queuedWithdrawals.length,
    slashingEvents: snapshot.slashing.length,
  };
}

export interface DecisionMeta {
  readonly vault: string;
  readonly source: DecisionRecord['source'];
  readonly disposition: DecisionDisposition;
  readonly job?: string;
  readonly planId?: string;
  readonly note?: string;
  readonly at?: number;
}

/** A decision with everything that produced it: snapshot summary, estimates, verdict, plan. */
export function decisionRecord(planned: VaultPlan, plan: Plan, meta: DecisionMeta): DecisionRecord {
  const { verdict, targets } = planned.decision;
  return {
    kind: 'decision',
    vault: meta.vault,
    at: meta.at ?? Date.now(),
    ...(meta.job === undefined ? {} : { job: meta.job }),
    source: meta.source,
    block: planned.observation.snapshot.block,
    snapshot: summariseSnapshot(planned.observation.snapshot),
    estimates: planned.estimates.map((e) => ({ positionId: e.positionId, lrtApy: e.lrtApy, avsApr: e.avsApr, streamApr: e.streamApr ?? 0, feesApy: e.feesApy, slashingApy: e.slashingApy ?? 0, netApy: e.netApy, samples: e.samples, stale: e.stale, ...(e.avsParts === undefined ? {} : { avsParts: e.avsParts }), ...(e.reasons.length === 0 ? {} : { reasons: e.reasons }) })),
    verdict: {
      refused: verdict.refused,
      mandatory: verdict.mandatory,
      turnoverBps: verdict.turnoverBps,
      findings: verdict.findings.map((f) => ({ code: f.code, ...(f.positionId === undefined ? {} : { positionId: f.positionId }), action: f.action, observed: f.observed, limit: f.limit, message: f.message })),
    },
    targetWeights: targets.weights,
    plan: planSummary(plan, meta.planId),
    disposition: meta.disposition,
    ...(meta.note === undefined ? {} : { note: meta.note }),
  };
}

/** A housekeeping decision (completions) that did not come from a full observation. */
export function housekeepingRecord(plan: Plan, meta: DecisionMeta): DecisionRecord {
  return {
    kind: 'decision',
    vault: meta.vault,
    at: meta.at ?? Date.now(),
    ...(meta.job === undefined ? {} : { job: meta.job }),
    source: meta.source,
    block: plan.inputs.block,
    estimates: [],
    plan: planSummary(plan, meta.planId),
    disposition: meta.disposition,
    ...(meta.note === undefined ? {} : { note: meta.note }),
  };
}

export function executionRecord(vault: string, plan: Plan, result: ExecutionResult, job?: string): ExecutionRecord {
  return {
    kind: 'execution',
    vault,
    at: Date.now(),
    ...(job === undefined ? {} : { job }),
    planId: result.planId,
    planKind: plan.kind,
    status: result.status,
    ...(result.reason === undefined ? {} : { reason: result.reason }),
    calls: result.calls,
    txCount: result.txCount,
    targetBlocks: result.targetBlocks,
    bundleHashes: result.bundleHashes,
    ...(result.route === undefined ? {} : { route: result.route }),
    ...(result.simulatedGas === undefined ? {} : { simulatedGas: result.simulatedGas }),
    ...(result.simulatedChecks === undefined ? {} : { simulatedChecks: result.simulatedChecks }),
  };
}

function planSummary(plan: Plan, id: string | undefined): DecisionRecord['plan'] {
  return {
    ...(id === undefined ? {} : { id }),
    kind: plan.kind,
    reason: plan.reason,
    actions: plan.actions,
    totals: plan.totals,
    expectedYearlyGainWei: plan.expectedYearlyGainWei,
    breakEvenDays: plan.breakEvenDays,
    resultingWeights: plan.resultingWeights,
  };
}
