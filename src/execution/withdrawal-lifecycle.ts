/**
 * Completing queued exits on time: which tracked withdrawals may be completed in the next
 * block, as plan actions the executor sends like any other plan. Run every block (or every
 * few): a withdrawal becomes due in the first block the contract allows (EigenLayer: strictly
 * after startBlock + minWithdrawalDelayBlocks) and the tracking in Redis survives restarts.
 */
import type { CompleteWithdrawalAction, Plan } from '../domain/plan.ts';
import { GAS } from '../plan/gas.ts';
import { isDue, type WithdrawalStore } from '../state/withdrawals.ts';

/** @example await dueCompletions(store, head + 1, headTimestamp + 12) */
export async function dueCompletions(store: WithdrawalStore, nextBlock: number, nextTimestamp: number): Promise<CompleteWithdrawalAction[]> {
  const open = await store.open();
  return open
    .filter((r) => isDue(r, nextBlock, nextTimestamp))
    .map((r) => ({
      kind: 'complete-withdrawal' as const,
      withdrawalId: r.id,
      positionId: r.positionId,
      expectedWei: r.expectedWei,
      gas: GAS['complete-withdrawal'],
      why: `${r.kind} withdrawal ${r.id} is due in block ${nextBlock}`,
    }));
}

/** A housekeeping plan around completion actions (no weights move). */
export function completionPlan(actions: readonly CompleteWithdrawalAction[], block: number, timestamp: number, baseFeeWei: bigint): Plan {
  const gasUnits = actions.reduce((s, a) => s + a.gas, actions.length > 0 ? GAS.bundleOverhead : 0);
  return {
    kind: actions.length > 0 ? 'compound' : 'hold',
    reason: actions.length > 0 ? `complete ${actions.length} due withdrawal(s)` : 'no withdrawal is due',
    actions,
    totals: { gasUnits, gasCostWei: BigInt(gasUnits) * baseFeeWei, slippageWei: 0n, feesWei: 0n, delayCostWei: 0n, totalCostWei: BigInt(gasUnits) * baseFeeWei, movedWei: 0n },
    expectedYearlyGainWei: 0n,
    breakEvenDays: null,
    resultingWeights: {},
    inputs: { block, timestamp, baseFeeWei, totalWei: 0n, currentWeights: {}, targetWeights: {}, approvedWeights: {}, netApy: {}, findings: [], rationale: ['complete queued withdrawals that are due'] },
  };
}
