/**
 * When a reward claim pays: the pure rule the planner applies to pending AVS rewards.
 *
 * Rewards accrue at r (asset wei per second) and earn nothing until claimed; reinvested they
 * earn ρ per second. Claiming every T seconds costs C/T + ρ·r·T/2 per second, minimal at
 * T* = √(2C / (ρ r)) (derivation in src/execution/compounding.ts). A claim therefore beats
 * waiting once what has accrued reaches r·T* = √(2 C r / ρ); before that, the gas spent now
 * is more than the yield the claimed rewards would earn by being reinvested sooner. When
 * nothing accrues any more (r = 0), waiting gains nothing and only the value floor applies.
 */

import { SECONDS_PER_YEAR } from '../domain/units.ts';

export interface IntervalInput {
  /** Reward accrual, asset wei per second (e.g. position value × reward APR / year). */
  readonly rewardWeiPerSecond: number;
  /** Yield the reinvested rewards earn, as an APY (e.g. 0.03). */
  readonly reinvestApy: number;
  /** Cost of one compound (claim + swaps + deposit gas), asset wei. */
  readonly costWei: number;
}

/** ρ: the continuous per-second rate of an APY. */
function perSecondRate(apy: number): number {
  return Math.log1p(Math.max(0, apy)) / SECONDS_PER_YEAR;
}

/**
 * T* = √(2C / (ρ r)) in seconds; Infinity when rewards or yield are zero (never worth it).
 * @example optimalCompoundIntervalSeconds({ rewardWeiPerSecond: 1e10, reinvestApy: 0.03, costWei: 5e15 }) // ≈ 3.27e7 s (about 378 days)
 */
export function optimalCompoundIntervalSeconds(input: IntervalInput): number {
  const rho = perSecondRate(input.reinvestApy);
  if (!(input.rewardWeiPerSecond > 0) || !(rho > 0)) return Number.POSITIVE_INFINITY;
  return Math.sqrt((2 * Math.max(0, input.costWei)) / (rho * input.rewardWeiPerSecond));
}

/** Cost per second of compounding every `seconds`: f(T) = C/T + ρ r T / 2; for explaining the choice. */
export function compoundingCostRate(input: IntervalInput, seconds: number): number {
  return input.costWei / seconds + (perSecondRate(input.reinvestApy) * input.rewardWeiPerSecond * seconds) / 2;
}

export interface ClaimTimingInput {
  /** What the claim would yield (sale proceeds), asset wei. */
  readonly valueWei: number;
  /** Cost of claiming, selling and reinvesting once, asset wei. */
  readonly costWei: number;
  /** Current reward accrual, asset wei per second (0 when rewards stopped or unknown). */
  readonly rewardWeiPerSecond: number;
  /** Yield the reinvested proceeds earn, as an APY. */
  readonly reinvestApy: number;
  /** Never claim for less than cost × this (compounding.minValueToCostMultiple). */
  readonly minValueToCostMultiple: number;
}

/**
 * Value at which claiming beats waiting: r·T* = √(2 C r / ρ); 0 when r is 0 (waiting gains
 * nothing), Infinity when the reinvested proceeds would earn nothing.
 * @example claimValueThresholdWei({ costWei: 5e15, rewardWeiPerSecond: 2e11, reinvestApy: 0.03 }) // ≈ 2.6e19 (26 ETH)
 */
export function claimValueThresholdWei(input: Pick<ClaimTimingInput, 'costWei' | 'rewardWeiPerSecond' | 'reinvestApy'>): number {
  if (!(input.rewardWeiPerSecond > 0)) return 0;
  // r · T*: what has accrued when the gas-optimal interval is up.
  return input.rewardWeiPerSecond * optimalCompoundIntervalSeconds(input);
}

/**
 * Claim now when the proceeds beat the cost by the configured multiple AND waiting longer
 * would cost more than it saves.
 * @example shouldClaim({ valueWei: 1e17, costWei: 5e15, rewardWeiPerSecond: 0, reinvestApy: 0.03, minValueToCostMultiple: 3 }) // true
 */
export function shouldClaim(input: ClaimTimingInput): boolean {
  if (!(input.valueWei > input.costWei * input.minValueToCostMultiple)) return false;
  return input.valueWei >= claimValueThresholdWei(input);
}
