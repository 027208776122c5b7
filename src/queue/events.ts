/**
 * What the pipeline tells the operations surface, and exactly when. The event contract
 * itself (names, payloads, the guarded bus) lives in src/telemetry/keeper-events.ts; this
 * file is the pipeline's side of it, so every emission point is listed in one place:
 *
 * | event             | emitted by                | when                                                  |
 * |-------------------|---------------------------|-------------------------------------------------------|
 * | vault.observed    | observe job               | an observation was accepted and estimated              |
 * | vault.performance | performance recorder      | realised APY per window, every few minutes per vault (record-performance.ts) |
 * | plan.made         | observe/compound/withdr.  | a decision (hold included), before it is queued         |
 * | plan.refused      | observe job               | the risk engine refused, or the observation was rejected (code OBSERVATION_REJECTED) |
 * | bundle.sent       | execute job (executor hook)| after every attempt went to the relays                |
 * | bundle.included   | confirm job               | the intent is included on chain (from receipts)        |
 * | bundle.missed     | execute / confirm job     | a target block passed without the bundle (execute); `final` once the intent expired or failed (confirm) |
 * | job.completed     | every worker              | a job finished                                          |
 * | job.failed        | every worker              | a job attempt failed; `final` when BullMQ gives up      |
 * | breaker.tripped   | observe job               | a per-position breaker (`DEPEG:weETH`…) is open at a block newer than any applied, and was not open; once across processes (breaker-events.ts) |
 * | breaker.reset     | observe job               | an open breaker is no longer in an accepted observation's verdict at a newer block; once across processes |
 * | breaker.state     | observe job               | the open set, whenever this process applied a newer block (keeps every process's gauge in step) |
 *
 * Subscribers never slow or break the pipeline: the bus runs each listener guarded.
 */
import type { KeeperEventBus } from '../telemetry/keeper-events.ts';
import { createKeeperEventBus } from '../telemetry/keeper-events.ts';
import type { VaultPlan } from '../keeper/tick.ts';
import type { ExecutionResult } from '../execution/executor.ts';
import type { Intent } from '../state/intents.ts';
import { weightedApy } from '../perf/vault-performance.ts';

export type { KeeperEventBus } from '../telemetry/keeper-events.ts';

/** A bus nobody listens to, for tests and tools that run the pipeline without operations. */
export function silentBus(): KeeperEventBus {
  return createKeeperEventBus();
}

/** `vault.observed` and `plan.made` / `plan.refused` for one decision. */
export function emitDecision(bus: KeeperEventBus, vault: string, planned: VaultPlan, planId: string | undefined): void {
  const { snapshot } = planned.observation;
  const { plan, verdict } = planned.decision;
  const positionsWei = snapshot.positions.reduce((s, p) => s + p.valueWei, 0n);
  bus.emit('vault.observed', {
    vault,
    block: snapshot.block,
    timestamp: snapshot.timestamp,
    ...(snapshot.sharePriceWad === undefined ? {} : { sharePriceWad: snapshot.sharePriceWad }),
    weightsBps: plan.inputs.currentWeights,
    netApy: Object.fromEntries(planned.estimates.map((e) => [e.positionId, e.netApy])),
    pendingRewardsWei: pendingRewardsWei(planned),
    idleAssetsWei: snapshot.idleWei,
    totalAssetsWei: positionsWei + snapshot.idleWei,
  });
  const expected = weightedApy(plan.resultingWeights, planned.estimates);
  if (verdict.refused) {
    const first = verdict.findings.find((f) => f.action === 'refused') ?? verdict.findings[0];
    bus.emit('plan.refused', { vault, block: snapshot.block, reasonCode: first?.code ?? 'REFUSED', reason: plan.reason });
  }
  bus.emit('plan.made', {
    vault,
    block: snapshot.block,
    kind: plan.kind,
    reason: plan.reason,
    ...(planId === undefined ? {} : { planId }),
    expectedYearlyGainWei: plan.expectedYearlyGainWei,
    totalCostWei: plan.totals.totalCostWei,
    ...(expected === undefined ? {} : { expectedApy: expected }),
  });
}


/** An observation the keeper would not decide on (wrong chain, stale node, rate jump…). */
export function emitRejected(bus: KeeperEventBus, vault: string, block: number | undefined, reasons: readonly string[]): void {
  bus.emit('plan.refused', { vault, ...(block === undefined ? {} : { block }), reasonCode: 'OBSERVATION_REJECTED', reason: reasons.join('; ') });
}

/** Target blocks that passed without the bundle, after the executor returned. */
export function emitMisses(bus: KeeperEventBus, vault: string, result: ExecutionResult): void {
  const missed = result.inclusionBlock === undefined ? result.targetBlocks : result.targetBlocks.filter((b) => b < (result.inclusionBlock ?? 0));
  // Never final here: the confirm job says so once the intent is resolved on chain.
  missed.forEach((targetBlock, i) => bus.emit('bundle.missed', { vault, planId: result.planId, targetBlock, blocksMissed: i + 1, final: false }));
}

/** `bundle.included` from the intent as recorded on chain. */
export function emitIncluded(bus: KeeperEventBus, intent: Intent, gasCostWei: bigint): void {
  if (intent.inclusion === undefined) return;
  const first = intent.attempts[0]?.targetBlock ?? intent.inclusion.block;
  bus.emit('bundle.included', {
    vault: intent.vault,
    planId: intent.planId,
    block: intent.inclusion.block,
    gasUsed: intent.inclusion.gasUsed,
    gasCostWei,
    blocksWaited: Math.max(0, intent.inclusion.block - first + 1),
  });
}

function pendingRewardsWei(planned: VaultPlan): bigint {
  // Valued at the pool mid price where there is a pool; tokens without one count as 0.
  let total = 0n;
  for (const r of planned.observation.snapshot.rewards) {
    if (r.dex === undefined || r.dex.token === 0n) continue;
    total += (r.claimable * r.dex.weth) / r.dex.token;
  }
  return total;
}
