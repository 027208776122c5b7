/**
 * The cost/benefit of a plan: gas, DEX slippage, exit fees and queue delay against the extra
 * yield of the resulting allocation, and the days it takes to earn the cost back.
 */
import type { Action, PlanTotals } from '../domain/plan.ts';
import type { PositionObservation, Snapshot } from '../domain/snapshot.ts';
import type { PositionId, PositionSpec } from '../domain/types.ts';
import { mulWad, weiToNumber } from '../domain/units.ts';
import { GAS, gasCostWei } from './gas.ts';

export interface PlanSummary {
  readonly totals: PlanTotals;
  readonly expectedYearlyGainWei: bigint;
  readonly breakEvenDays: number | null;
}

/**
 * @param after value per position after the plan, asset wei.
 * @param netApy per position; idle and queued value earn nothing.
 * @param bundleGasOverhead gas the backend adds to every bundle (the vault's two valuations).
 * @param entryGainWei realisable gain of the plan's DEX entries over minting (src/plan/entry.ts).
 */
export function summarise(
  actions: readonly Action[],
  snapshot: Snapshot,
  priorityFeeWei: bigint,
  specs: readonly PositionSpec[],
  positions: readonly PositionObservation[],
  after: Readonly<Record<PositionId, bigint>>,
  netApy: Readonly<Record<PositionId, number>>,
  bundleGasOverhead = 0,
  entryGainWei = 0n,
): PlanSummary {
  let gasUnits = actions.length > 0 ? GAS.bundleOverhead + bundleGasOverhead : 0;
  let slippageWei = 0n;
  let feesWei = 0n;
  let delayCostWei = 0n;
  let movedWei = 0n;
  for (const a of actions) {
    gasUnits += a.gas;
    switch (a.kind) {
      case 'withdraw':
        movedWei += a.fairValueWei;
        if (a.route === 'queued') delayCostWei += a.costWei;
        else if (a.route === 'dex') slippageWei += a.costWei;
        else feesWei += a.costWei;
        break;
      case 'eigen-queue-withdrawal':
        movedWei += a.valueWei;
        delayCostWei += a.costWei;
        break;
      case 'deposit-lrt':
        movedWei += a.amountWei;
        break;
      case 'eigen-deposit': {
        // A restake of held LRT moves value with no sale or mint (and so no slippage or fee);
        // one after a mint is already counted by the deposit.
        if (a.fromPositionId === undefined) break;
        const rate = positions.find((p) => p.positionId === a.positionId)?.rateWad ?? 0n;
        movedWei += mulWad(a.amountLrt, rate);
        break;
      }
      case 'swap-reward':
        slippageWei += a.fairValueWei > a.expectedOutWei ? a.fairValueWei - a.expectedOutWei : 0n;
        break;
      default:
        break;
    }
  }
  const gasCost = gasCostWei(gasUnits, snapshot.baseFeeWei, priorityFeeWei);
  const totalCostWei = gasCost + slippageWei + feesWei + delayCostWei;

  // APYs at 1e-12 precision, then exact integer sums: Σ Δvalue · apy.
  let gainE12 = 0n;
  for (const spec of specs) {
    const before = positions.find((p) => p.positionId === spec.id)?.valueWei ?? 0n;
    const now = after[spec.id] ?? before;
    gainE12 += (now - before) * BigInt(Math.round((netApy[spec.id] ?? 0) * 1e12));
  }
  const expectedYearlyGainWei = gainE12 / 1_000_000_000_000n;
  const breakEvenDays = expectedYearlyGainWei > 0n ? (weiToNumber(totalCostWei) / weiToNumber(expectedYearlyGainWei)) * 365 : null;
  return {
    totals: { gasUnits, gasCostWei: gasCost, slippageWei, feesWei, delayCostWei, totalCostWei, ...(entryGainWei > 0n ? { entryGainWei } : {}), movedWei },
    expectedYearlyGainWei,
    breakEvenDays,
  };
}

