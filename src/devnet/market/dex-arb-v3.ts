/**
 * Keeps each devnet LRT/WETH Uniswap V3 pool priced at the LRT's protocol rate (or at the
 * depegged price while a depeg event is active), as arbitrageurs do on mainnet.
 *
 * A V3 pool cannot be moved by donation like a V2 pair (its price is slot0, not a reserve
 * ratio), so the market swaps through the SwapRouter with the target price as the swap's
 * price limit: the pool takes exactly what moves it there and returns the rest of the
 * allowance unused. The market account holds LRT and WETH stock and has approved the router.
 */
import { Contract, Interface, type JsonRpcProvider } from 'ethers';
import type { TxRequest } from '../../protocols/lrt-deposit.ts';
import { isToken0, rateFromSqrtPriceX96, sqrtPriceX96FromRate } from '../../protocols/uniswap/v3-math.ts';
import { UNISWAP_V3_POOL_ABI, UNISWAP_V3_SWAP_ROUTER_ABI } from '../../protocols/uniswap/v3-venue.ts';

const router = new Interface(UNISWAP_V3_SWAP_ROUTER_ABI);

/** Most of either token one arbitrage swap may take; the price limit decides how much it really does. */
const MAX_SWAP_IN = 1_000_000n * 10n ** 18n;

export interface V3PoolPrice {
  readonly sqrtPriceX96: bigint;
  /** WETH per LRT, wad. */
  readonly priceWad: bigint;
  readonly tokenIsToken0: boolean;
}

export async function readV3PoolPrice(provider: JsonRpcProvider, pool: string, token: string, weth: string): Promise<V3PoolPrice> {
  const slot0 = (await new Contract(pool, UNISWAP_V3_POOL_ABI, provider).getFunction('slot0')()) as [bigint];
  const tokenIsToken0 = isToken0(token, weth);
  return { sqrtPriceX96: slot0[0], priceWad: rateFromSqrtPriceX96(slot0[0], tokenIsToken0), tokenIsToken0 };
}

export interface V3ArbAddresses {
  readonly router: string;
  readonly token: string;
  readonly weth: string;
  /** Pool fee in hundredths of a bip. */
  readonly fee: number;
  /** The market account: pays the input, receives the output. */
  readonly recipient: string;
}

/**
 * The swap that brings the pool to `targetPriceWad` (WETH per LRT), or nothing when it is
 * already within `toleranceBps`: sell LRT when the pool prices it above the target, buy it with
 * WETH when below, limited at the target's sqrtPriceX96.
 * @example alignV3Pool(price, rate * 9_700n / 10_000n, addresses) // one exactInputSingle selling LRT (a 3 % depeg)
 */
export function alignV3Pool(pool: V3PoolPrice, targetPriceWad: bigint, a: V3ArbAddresses, toleranceBps = 2n): TxRequest[] {
  if (targetPriceWad <= 0n || pool.priceWad <= 0n) return [];
  const deviation = pool.priceWad > targetPriceWad ? pool.priceWad - targetPriceWad : targetPriceWad - pool.priceWad;
  if (deviation * 10_000n <= targetPriceWad * toleranceBps) return [];
  const sellToken = pool.priceWad > targetPriceWad;
  const [tokenIn, tokenOut] = sellToken ? [a.token, a.weth] : [a.weth, a.token];
  const limit = sqrtPriceX96FromRate(targetPriceWad, pool.tokenIsToken0);
  // exactInputSingle(tokenIn, tokenOut, fee, recipient, deadline, amountIn, amountOutMinimum, sqrtPriceLimitX96)
  const data = router.encodeFunctionData('exactInputSingle', [[tokenIn, tokenOut, a.fee, a.recipient, 2n ** 40n, MAX_SWAP_IN, 0n, limit]]);
  return [{ to: a.router, data, value: 0n }];
}
