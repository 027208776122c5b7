/**
 * When a reward claim pays: the pure rule the planner applies to pending AVS rewards.
 *
 * Rewards accrue at r (asset wei per second) and earn nothing until claimed; reinvested they
 * earn ρ per second. Claiming every T seconds costs C/T + ρ·r·T/2 per second, minimal at
 * T* = √(2C / (ρ r)) (derivation in src/execution/compounding.ts). A claim therefore beats
 * waiting once what has accrued reaches r·T* = √(2 C r / ρ); before that, the gas spent now
 * is more than the yield the claimed rewards would earn by being reinvested sooner. When
 * nothing accrues any more (r = 0), waiting gains nothing and only the value floor applies.
 *
 * Unclaimed rewards also sit in the reward token, whose price can fall: holding them costs
 * π per second on top of ρ (rewardPriceRiskApy: the token's recent downward drift plus the
 * growth its volatility costs), so the gas-optimal wait shrinks to √(2C / ((ρ + π) r)). Rewards
 * in a falling token are claimed and sold early, and a large claim is never held back to save
 * gas that is small next to what the price risk takes meanwhile.
 */

import { SECONDS_PER_YEAR } from '../domain/units.ts';
import { olsFit } from '../yield/stats.ts';

export interface IntervalInput {
  /** Reward accrual, asset wei per second (e.g. position value × reward APR / year). */
  readonly rewardWeiPerSecond: number;
  /** Yield the reinvested rewards earn, as an APY (e.g. 0.03). */
  readonly reinvestApy: number;
  /** Cost of one compound (claim + swaps + deposit gas), asset wei. */
  readonly costWei: number;
  /** Expected yearly loss of holding the reward token unsold (rewardPriceRiskApy); absent: 0. */
  readonly priceRiskApy?: number;
}

/** ρ: the continuous per-second rate of an APY. */
function perSecondRate(apy: number): number {
  return Math.log1p(Math.max(0, apy)) / SECONDS_PER_YEAR;
}

/** Per-second cost of leaving accrued rewards unclaimed: reinvested yield forgone plus price risk. */
function holdingCostRate(input: Pick<IntervalInput, 'reinvestApy' | 'priceRiskApy'>): number {
  return perSecondRate(input.reinvestApy) + perSecondRate(input.priceRiskApy ?? 0);
}

/**
 * T* = √(2C / ((ρ + π) r)) in seconds; Infinity when rewards or the holding cost are zero (never worth it).
 * @example optimalCompoundIntervalSeconds({ rewardWeiPerSecond: 1e10, reinvestApy: 0.03, costWei: 5e15 }) // ≈ 3.27e7 s (about 378 days)
 */
export function optimalCompoundIntervalSeconds(input: IntervalInput): number {
  const rho = holdingCostRate(input);
  if (!(input.rewardWeiPerSecond > 0) || !(rho > 0)) return Number.POSITIVE_INFINITY;
  return Math.sqrt((2 * Math.max(0, input.costWei)) / (rho * input.rewardWeiPerSecond));
}

/** Cost per second of compounding every `seconds`: f(T) = C/T + (ρ + π) r T / 2; for explaining the choice. */
export function compoundingCostRate(input: IntervalInput, seconds: number): number {
  return input.costWei / seconds + (holdingCostRate(input) * input.rewardWeiPerSecond * seconds) / 2;
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
  /** Expected yearly loss of holding the reward token unsold (rewardPriceRiskApy); absent: 0. */
  readonly priceRiskApy?: number;
}

/**
 * Value at which claiming beats waiting: r·T* = √(2 C r / (ρ + π)); 0 when r is 0 (waiting
 * gains nothing), Infinity when holding the rewards unclaimed would cost nothing.
 * @example claimValueThresholdWei({ costWei: 5e15, rewardWeiPerSecond: 2e11, reinvestApy: 0.03 }) // ≈ 2.6e19 (26 ETH)
 */
export function claimValueThresholdWei(input: Pick<ClaimTimingInput, 'costWei' | 'rewardWeiPerSecond' | 'reinvestApy' | 'priceRiskApy'>): number {
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

/** One read of a reward token's price in the vault asset (any unit, e.g. ETH per token). */
export interface TokenPriceSample {
  /** Unix seconds. */
  readonly timestamp: number;
  readonly price: number;
}

/** The price history rewardPriceRiskApy reads: a week, several reads even at daily steps, short enough to see a falling token within days. */
export const REWARD_PRICE_WINDOW_SECONDS = 7 * 86_400;

/**
 * Expected yearly loss of holding a reward token instead of selling it, from its recent price
 * history: the downward drift of log(price) (a falling token's fall, annualised; a rising one
 * counts 0, since a keeper is not a speculator) plus σ²/2, the growth a volatile holding gives
 * up. Expressed as an APY-style fraction, so it adds to the reinvestment yield as a holding
 * cost. 0 with fewer than three usable samples (no evidence of risk).
 * @example rewardPriceRiskApy([{ timestamp: 0, price: 1 }, { timestamp: 15_768_000, price: 0.5 }, { timestamp: 31_536_000, price: 0.25 }]) // 3 (quartering in a year: e^{ln 4} − 1)
 */
export function rewardPriceRiskApy(samples: readonly TokenPriceSample[]): number {
  const points = samples.filter((s) => s.price > 0 && Number.isFinite(s.price)).sort((a, b) => a.timestamp - b.timestamp);
  if (points.length < 3) return 0;
  const t0 = (points[0] as TokenPriceSample).timestamp;
  const xs = points.map((p) => (p.timestamp - t0) / SECONDS_PER_YEAR);
  const ys = points.map((p) => Math.log(p.price));
  const span = (xs[xs.length - 1] as number) - (xs[0] as number);
  if (!(span > 0)) return 0;
  const drift = olsFit(xs, ys).slope;
  // Variance per year of log-price increments (each over its own Δt).
  let ss = 0;
  for (let i = 1; i < xs.length; i++) {
    const dt = (xs[i] as number) - (xs[i - 1] as number);
    if (dt <= 0) continue;
    const e = (ys[i] as number) - (ys[i - 1] as number) - drift * dt;
    ss += (e * e) / dt;
  }
  const variance = ss / (xs.length - 2);
  // A log loss rate λ per year costs e^λ − 1 as an APY-style rate (what perSecondRate inverts).
  return Math.expm1(Math.max(0, -drift) + variance / 2);
}
