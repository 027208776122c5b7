/**
 * Compounding economics: when a claim pays for itself, how often to compound, and the
 * deposits that put the proceeds to work in the same bundle as the claim and the swaps.
 *
 * Optimal interval. A position earns rewards at a rate r (asset wei per second) that sit
 * unclaimed, earning nothing, until claimed; once claimed and reinvested they earn the
 * position's yield ρ (per second, continuous: ρ = ln(1 + apy) / year). Each compound costs
 * C (gas for claim + swap + deposit, asset wei). Compounding every T seconds, the rewards
 * accrued over one interval have waited T/2 on average, so each interval forgoes
 *     ∫₀ᵀ ρ · r · (T − t) dt = ρ r T² / 2
 * of yield, and the cost per unit time is
 *     f(T) = C / T + ρ r T / 2.
 * f is convex with f'(T) = −C/T² + ρ r / 2 = 0 at
 *     T* = √(2 C / (ρ r)),
 * where both terms are equal (the gas spent per second equals the yield forgone per second).
 * At T* the claim is worth r T* = √(2 C r / ρ), i.e. a multiple √(2 r / (ρ C)) of its cost;
 * the configured minValueToCostMultiple is the floor under that (never claim for less).
 * The approximation ignores compounding within one interval (ρ T ≪ 1 for any sane T) and
 * growth of r with the position between compounds.
 */
import type { DepositLrtAction, SwapRewardAction } from '../domain/plan.ts';
import type { PositionId } from '../domain/types.ts';
import { SECONDS_PER_YEAR, divWad, mulDiv, subtractBps } from '../domain/units.ts';
import { GAS } from '../plan/gas.ts';

/** Reward accrual of a position: value × APR / year, asset wei per second. */
export function rewardRateWeiPerSecond(positionWei: bigint, rewardApr: number): number {
  return (Number(positionWei) * rewardApr) / SECONDS_PER_YEAR;
}

/** Gas units of one compound: claim, one swap per token, the deposit(s) and one transaction overhead. */
export function compoundGasUnits(rewardTokens: number, deposits: number): number {
  return GAS['claim-rewards'] + rewardTokens * GAS['swap-reward'] + deposits * GAS['deposit-lrt'] + GAS.bundleOverhead;
}

/**
 * Whether claiming now pays: proceeds > cost × multiple (compounding.minValueToCostMultiple).
 * @example worthClaiming(10n ** 16n, 10n ** 15n, 3) // true (10× the cost)
 */
export function worthClaiming(valueWei: bigint, costWei: bigint, multiple: number): boolean {
  return valueWei * 1000n > costWei * BigInt(Math.ceil(multiple * 1000));
}

export interface DepositTarget {
  readonly positionId: PositionId;
  /** Approved weight, bps; proceeds are split in proportion to these. */
  readonly weightBps: number;
  /** Protocol rate, asset wei per 1e18 LRT. */
  readonly rateWad: bigint;
}

/**
 * Deposits that reinvest the swaps' guaranteed proceeds (their min-outs) per the target
 * weights, so the claim, the swaps and the deposits go out as one bundle. Only liquid
 * (not restaked) targets; a split below `dustWei` is left idle.
 */
export function compoundDeposits(swaps: readonly SwapRewardAction[], targets: readonly DepositTarget[], slippageBps: number, dustWei: bigint): DepositLrtAction[] {
  const proceeds = swaps.reduce((s, a) => s + a.minOutWei, 0n);
  const total = targets.reduce((s, t) => s + BigInt(Math.max(0, t.weightBps)), 0n);
  if (proceeds === 0n || total === 0n) return [];
  const out: DepositLrtAction[] = [];
  for (const t of targets) {
    const wei = mulDiv(proceeds, BigInt(Math.max(0, t.weightBps)), total);
    if (wei < dustWei || t.rateWad <= 0n) continue;
    const expectedLrt = divWad(wei, t.rateWad);
    out.push({ kind: 'deposit-lrt', positionId: t.positionId, amountWei: wei, expectedLrt, minLrt: subtractBps(expectedLrt, slippageBps), gas: GAS['deposit-lrt'], why: `${t.positionId}: reinvest rewards (${t.weightBps} bps of the target)` });
  }
  return out;
}
