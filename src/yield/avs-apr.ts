/**
 * AVS reward APR of a restaked position from reward accrual.
 *
 * Rewards are published as cumulative earnings (never increments), so the accrual over a
 * window is newest − oldest cumulative. It is valued in the vault asset through the reward
 * token's DEX price, scaled by the share of those rewards that belongs to this position, and
 * annualised against the position's value.
 *
 * Earnings that only start inside the window (the position was entered, or first earned,
 * part-way through) are measured from the last sample before they started, so a new
 * position's rate is not diluted by the time it held nothing. A window with no earnings at
 * all is no evidence either way (just entered and no root posted since, or nothing paid):
 * `ok` is false and the caller decides (a published rate, else 0).
 */
import type { DexReserves } from '../domain/snapshot.ts';
import { SECONDS_PER_YEAR, WAD, mulDiv, weiToNumber } from '../domain/units.ts';
import { midPriceWad } from './dex.ts';

/** One read of cumulative earnings of a reward token, token wei. */
export interface RewardAccrualSample {
  readonly timestamp: number;
  readonly cumulative: bigint;
}

export interface AvsAprInput {
  readonly samples: readonly RewardAccrualSample[];
  readonly now: number;
  readonly windowSeconds: number;
  /** Asset wei per whole reward token (1e`decimals` token wei), as a wad. */
  readonly priceWad: bigint;
  readonly decimals: number;
  /** Share of the accrued rewards earned by this position, 0..1 (1 for the vault's own leaf). */
  readonly stakeShare: number;
  readonly positionValueWei: bigint;
}

export interface AvsApr {
  /** True when the accrual measured a rate: ≥2 samples, earnings in the window, value to attribute them to. */
  readonly ok: boolean;
  readonly apr: number;
  /** Accrued reward over the window attributed to the position, asset wei. */
  readonly accruedWei: bigint;
  readonly spanSeconds: number;
  readonly reasons: readonly string[];
}

/**
 * @example 1 000 tokens at 0.001 ETH accrued in 365 days on a 100 ETH position → apr 0.01
 */
export function avsAprFromAccrual(input: AvsAprInput): AvsApr {
  const reasons: string[] = [];
  const inWindow = input.samples
    .filter((s) => s.timestamp <= input.now && s.timestamp >= input.now - input.windowSeconds)
    .sort((a, b) => a.timestamp - b.timestamp);
  const last = inWindow[inWindow.length - 1];
  if (inWindow.length < 2 || last === undefined || last.timestamp <= (inWindow[0] as RewardAccrualSample).timestamp) {
    reasons.push('fewer than two reward samples in window');
    return { ok: false, apr: 0, accruedWei: 0n, spanSeconds: 0, reasons };
  }
  if (last.cumulative < (inWindow[0] as RewardAccrualSample).cumulative) {
    reasons.push('cumulative earnings decreased; ignoring rewards');
    return { ok: false, apr: 0, accruedWei: 0n, spanSeconds: last.timestamp - (inWindow[0] as RewardAccrualSample).timestamp, reasons };
  }
  const start = earningStart(inWindow);
  const first = inWindow[start] as RewardAccrualSample;
  const span = last.timestamp - first.timestamp;
  if (last.cumulative === first.cumulative) {
    reasons.push('no earnings in the window');
    return { ok: false, apr: 0, accruedWei: 0n, spanSeconds: span, reasons };
  }
  if (start > 0) reasons.push(`earnings start inside the window: measured over the last ${span}s`);
  if (input.positionValueWei <= 0n) {
    reasons.push('position has no value to attribute rewards to');
    return { ok: false, apr: 0, accruedWei: 0n, spanSeconds: span, reasons };
  }
  const accruedTokens = last.cumulative - first.cumulative;
  const accruedAsset = mulDiv(accruedTokens, input.priceWad, 10n ** BigInt(input.decimals));
  const share = Math.min(1, Math.max(0, input.stakeShare));
  const attributed = mulDiv(accruedAsset, BigInt(Math.round(share * 1e9)), 1_000_000_000n);
  const apr = (weiToNumber(attributed) / weiToNumber(input.positionValueWei)) * (SECONDS_PER_YEAR / span);
  return { ok: true, apr, accruedWei: attributed, spanSeconds: span, reasons };
}

/** Index of the last sample of the leading run that equals the first (0 when earnings grow from the start). */
function earningStart(sorted: readonly RewardAccrualSample[]): number {
  const base = (sorted[0] as RewardAccrualSample).cumulative;
  let i = 0;
  while (i + 1 < sorted.length && (sorted[i + 1] as RewardAccrualSample).cumulative === base) i++;
  return i === sorted.length - 1 ? 0 : i;
}

/**
 * Reward token price as asset wei per whole token (wad) from its token/WETH pool.
 * @example tokenPriceWad({ token: 1_000_000n * 10n**18n, weth: 1_000n * 10n**18n }, 18) // 1e15
 */
export function tokenPriceWad(reserves: DexReserves, decimals: number): bigint {
  // midPriceWad is per 1e18 token wei; rescale to one whole token of `decimals`.
  const perE18 = midPriceWad(reserves);
  return mulDiv(perE18, 10n ** BigInt(decimals), WAD);
}
