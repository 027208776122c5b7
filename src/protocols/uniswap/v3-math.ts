/**
 * Uniswap V3 price arithmetic the keeper and the devnet need: sqrtPriceX96 from an LRT's rate,
 * the spot rate back from sqrtPriceX96, tick bounds of a band around a price, and the virtual
 * WETH reserve of the in-range liquidity (the depth a depeg check compares venues by).
 *
 * Token order is Uniswap's: token0 is the lower address. Rates are WETH wei per 1e18 token wei.
 */
const Q96 = 2n ** 96n;
const WAD = 10n ** 18n;

/** Uniswap's tick bounds. */
export const MIN_TICK = -887_272;
export const MAX_TICK = 887_272;

/** Whether `token` sorts before `weth` (then token is token0 and WETH token1). */
export function isToken0(token: string, weth: string): boolean {
  return BigInt(token) < BigInt(weth);
}

/**
 * sqrt(price) · 2^96 with price = token1 per token0, for a token worth `rateWad` WETH.
 * @example sqrtPriceX96FromRate(10n ** 18n, true) // 2n ** 96n (price 1)
 */
export function sqrtPriceX96FromRate(rateWad: bigint, tokenIsToken0: boolean): bigint {
  if (rateWad <= 0n) throw new RangeError('rate must be positive');
  const ratioX192 = tokenIsToken0 ? (rateWad * Q96 * Q96) / WAD : (WAD * Q96 * Q96) / rateWad;
  return sqrt(ratioX192);
}

/** WETH per 1e18 token at `sqrtPriceX96` (the inverse of sqrtPriceX96FromRate, rounded down). */
export function rateFromSqrtPriceX96(sqrtPriceX96: bigint, tokenIsToken0: boolean): bigint {
  const ratioX192 = sqrtPriceX96 * sqrtPriceX96;
  return tokenIsToken0 ? (ratioX192 * WAD) / (Q96 * Q96) : (Q96 * Q96 * WAD) / ratioX192;
}

/**
 * The tick range [lower, upper] of a band ±widthBps around `rateWad`, aligned outwards to
 * `spacing`. Floating point is fine here: band edges need not be exact.
 */
export function bandTicks(rateWad: bigint, tokenIsToken0: boolean, widthBps: number, spacing: number): { lower: number; upper: number } {
  const price = tokenIsToken0 ? Number(rateWad) / 1e18 : 1e18 / Number(rateWad);
  const tickOf = (p: number): number => Math.log(p) / Math.log(1.0001);
  const lo = Math.floor(tickOf(price * (1 - widthBps / 10_000)) / spacing) * spacing;
  const hi = Math.ceil(tickOf(price * (1 + widthBps / 10_000)) / spacing) * spacing;
  return { lower: Math.max(lo, Math.ceil(MIN_TICK / spacing) * spacing), upper: Math.min(hi, Math.floor(MAX_TICK / spacing) * spacing) };
}

/**
 * WETH held virtually by in-range liquidity L at sqrtPriceX96: the reserve a constant-product
 * pool of the same local depth would hold (L·√P for WETH as token1, L/√P for WETH as token0).
 */
export function virtualWethReserve(liquidity: bigint, sqrtPriceX96: bigint, tokenIsToken0: boolean): bigint {
  if (sqrtPriceX96 === 0n) return 0n;
  return tokenIsToken0 ? (liquidity * sqrtPriceX96) / Q96 : (liquidity * Q96) / sqrtPriceX96;
}

/** Integer square root (floor). */
export function sqrt(value: bigint): bigint {
  if (value < 0n) throw new RangeError('square root of a negative number');
  if (value < 2n) return value;
  let x = BigInt(Math.floor(Math.sqrt(Number(value))));
  // Newton steps from the float estimate until stable.
  for (;;) {
    const y = (x + value / x) >> 1n;
    if (y >= x && y - x <= 1n) {
      while (x * x > value) x -= 1n;
      while ((x + 1n) * (x + 1n) <= value) x += 1n;
      return x;
    }
    x = y;
  }
}
