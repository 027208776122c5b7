/**
 * AVS reward APR of a restaked position from reward accrual.
 *
 * Rewards are published as cumulative earnings (never increments), so the accrual over a
 * window is newest − oldest cumulative. It is valued in the vault asset through the reward
 * token's DEX price, scaled by the share of those rewards that belongs to this position, and
 * annualised against the position's value.
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
  const first = inWindow[0];
  const last = inWindow[inWindow.length - 1];
  if (first === undefined || last === undefined || last.timestamp <= first.timestamp) {
    reasons.push('fewer than two reward samples in window');
    return { apr: 0, accruedWei: 0n, spanSeconds: 0, reasons };
  }
  const span = last.timestamp - first.timestamp;
  if (last.cumulative < first.cumulative) {
    reasons.push('cumulative earnings decreased; ignoring rewards');
    return { apr: 0, accruedWei: 0n, spanSeconds: span, reasons };
  }
  if (input.positionValueWei <= 0n) {
    reasons.push('position has no value to attribute rewards to');
    return { apr: 0, accruedWei: 0n, spanSeconds: span, reasons };
  }
  const accruedTokens = last.cumulative - first.cumulative;
  const accruedAsset = mulDiv(accruedTokens, input.priceWad, 10n ** BigInt(input.decimals));
  const share = Math.min(1, Math.max(0, input.stakeShare));
  const attributed = mulDiv(accruedAsset, BigInt(Math.round(share * 1e9)), 1_000_000_000n);
  const apr = (weiToNumber(attributed) / weiToNumber(input.positionValueWei)) * (SECONDS_PER_YEAR / span);
  return { apr, accruedWei: attributed, spanSeconds: span, reasons };
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
