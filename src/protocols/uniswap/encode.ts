/**
 * Uniswap V2 router swaps as calldata, and the min-out they carry. Min-out is measured from
 * the protocol's own rate (what the tokens are worth), never from the pool's quote: a pool
 * that was moved against us then fails the swap instead of filling it at the moved price.
 */
import { Interface } from 'ethers';
import type { TxRequest } from '../lrt-deposit.ts';
import { mulWad, subtractBps } from '../../domain/units.ts';

export const UNISWAP_V2_ROUTER_ABI = [
  'function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
  'function getAmountsOut(uint256 amountIn, address[] path) view returns (uint256[] amounts)',
] as const;

const router = new Interface(UNISWAP_V2_ROUTER_ABI);

/** Sells exactly `amountIn` of path[0] for at least `minOut` of the last token; pull via approve to the router. */
export function encodeSwapExactTokensForTokens(
  routerAddress: string,
  amountIn: bigint,
  minOut: bigint,
  path: readonly string[],
  to: string,
  deadline: bigint,
): TxRequest {
  return { to: routerAddress, data: router.encodeFunctionData('swapExactTokensForTokens', [amountIn, minOut, [...path], to, deadline]), value: 0n };
}

/**
 * Worst accepted output for selling `amountIn` at `rateWad` (output wei per 1e18 input wei)
 * with `slippageBps` tolerance.
 *
 * @example minOutFromRate(10n ** 18n, 1_050_000_000_000_000_000n, 50) // 1.04475e18
 */
export function minOutFromRate(amountIn: bigint, rateWad: bigint, slippageBps: number): bigint {
  return subtractBps(mulWad(amountIn, rateWad), slippageBps);
}
