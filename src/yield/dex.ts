/**
 * Uniswap V2 constant-product math, integer-exact like UniswapV2Library, so the planner's
 * expected outputs match what the pair will pay to the wei.
 */
import type { DexReserves } from '../domain/snapshot.ts';
import { WAD, mulDiv } from '../domain/units.ts';

/** The V2 pool fee: 0.3 %. */
export const UNISWAP_V2_FEE_BPS = 30;

/**
 * getAmountOut with a fee in bps. For 30 bps it equals V2's `amountIn·997·rOut /
 * (rIn·1000 + amountIn·997)` (numerator and denominator are both scaled by 10).
 * @example getAmountOut(1n * 10n**18n, 100n * 10n**18n, 100n * 10n**18n) // 987158034397061298n
 */
export function getAmountOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint, feeBps = UNISWAP_V2_FEE_BPS): bigint {
  if (amountIn <= 0n || reserveIn <= 0n || reserveOut <= 0n) return 0n;
  const withFee = amountIn * BigInt(10_000 - feeBps);
  return (withFee * reserveOut) / (reserveIn * 10_000n + withFee);
}

/** Asset wei paid for selling `amountToken` of the pool's token into WETH. */
export function sellTokenForWeth(amountToken: bigint, reserves: DexReserves, feeBps = UNISWAP_V2_FEE_BPS): bigint {
  return getAmountOut(amountToken, reserves.token, reserves.weth, feeBps);
}

/** Mid price of the token in WETH as a wad (per 1e18 token wei), before fee and impact. */
export function midPriceWad(reserves: DexReserves): bigint {
  if (reserves.token <= 0n) return 0n;
  return mulDiv(reserves.weth, WAD, reserves.token);
}

/**
 * Largest amount of token that sells with at most `maxLossBps` against `fairPriceWad`
 * (asset per 1e18 token). Binary search: the loss grows with size on a constant-product pool.
 * Returns 0 when even the smallest sale loses more (fee above the allowance, or a depeg).
 */
export function maxSellWithinLoss(reserves: DexReserves, fairPriceWad: bigint, maxLossBps: number, feeBps = UNISWAP_V2_FEE_BPS): bigint {
  const ok = (x: bigint): boolean => {
    const fair = mulDiv(x, fairPriceWad, WAD);
    const out = sellTokenForWeth(x, reserves, feeBps);
    return (fair - out) * 10_000n <= fair * BigInt(maxLossBps);
  };
  let lo = 0n;
  let hi = reserves.token * 1000n;
  if (!ok(10n ** 12n)) return 0n;
  lo = 10n ** 12n;
  while (hi - lo > 1n) {
    const mid = (lo + hi) / 2n;
    if (ok(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * The buy, in WETH, that lifts a V2 pool's marginal price (after its fee, `keep` = 1 − fee) to
 * `rate` WETH per token: (R_weth + keep·x)² = keep·R_token·R_weth·rate, in plain numbers of
 * whole tokens; 0 when the pool is at or over the rate.
 * @example poolFillCash(10_150, 10_000, 0.997, 1) // ≈ 45 (a pool 1.5 % under the rate, 30 bps fee)
 */
export function poolFillCash(tokenReserve: number, wethReserve: number, keep: number, rate: number): number {
  return Math.max(0, (Math.sqrt(keep * tokenReserve * wethReserve * rate) - wethReserve) / keep);
}
