/**
 * A Uniswap V3 pool as an exit venue: quotes through QuoterV2.quoteExactInputSingle (not a
 * view, but it returns normally, so it rides in the observe multicall), swaps with
 * SwapRouter.exactInputSingle (exact input, min-out, deadline), selling the token for WETH or
 * buying it with WETH; depth from slot0 and the in-range liquidity.
 */
import { Interface } from 'ethers';
import { firstUint, read, type Read } from '../../chain/read.ts';
import type { TxRequest } from '../lrt-deposit.ts';
import { isToken0, rateFromSqrtPriceX96, sqrtPriceX96FromRate, virtualWethReserve } from './v3-math.ts';
import type { EntryVenue, VenueDepth } from './venue.ts';

export const UNISWAP_V3_QUOTER_V2_ABI = [
  'function quoteExactInputSingle((address tokenIn, address tokenOut, uint256 amountIn, uint24 fee, uint160 sqrtPriceLimitX96) params) returns (uint256 amountOut, uint160 sqrtPriceX96After, uint32 initializedTicksCrossed, uint256 gasEstimate)',
] as const;

export const UNISWAP_V3_SWAP_ROUTER_ABI = [
  'function exactInputSingle((address tokenIn, address tokenOut, uint24 fee, address recipient, uint256 deadline, uint256 amountIn, uint256 amountOutMinimum, uint160 sqrtPriceLimitX96) params) payable returns (uint256 amountOut)',
] as const;

export const UNISWAP_V3_POOL_ABI = [
  'function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16 observationIndex, uint16 observationCardinality, uint16 observationCardinalityNext, uint8 feeProtocol, bool unlocked)',
  'function liquidity() view returns (uint128)',
  'function token0() view returns (address)',
  'function token1() view returns (address)',
  'function fee() view returns (uint24)',
  'function factory() view returns (address)',
] as const;

/** The fee tier mainnet LRT/WETH pools use: 0.01 % (100 hundredths of a bip, tick spacing 1). */
export const LRT_WETH_POOL_FEE = 100;

const quoter = new Interface(UNISWAP_V3_QUOTER_V2_ABI);
const swapRouter = new Interface(UNISWAP_V3_SWAP_ROUTER_ABI);
const pool = new Interface(UNISWAP_V3_POOL_ABI);

export interface V3VenueConfig {
  readonly symbol: string;
  readonly token: string;
  readonly weth: string;
  readonly pool: string;
  /** Pool fee in hundredths of a bip (100 = 0.01 %). */
  readonly fee: number;
  readonly quoter: string;
  readonly router: string;
  /**
   * Lowest price (WETH wei per 1e18 token) a quote may walk the pool down to; default 0.5 ETH.
   * Without a limit a quote larger than the pool's liquidity walks every empty tick to the
   * end of the price range (hundreds of thousands of ticks at spacing 1) and runs out of gas.
   */
  readonly quoteFloorWad?: bigint;
  /** Highest price (WETH wei per 1e18 token) a buy quote may walk the pool up to; default 2 ETH (see quoteFloorWad). */
  readonly quoteCeilingWad?: bigint;
}

/** See V3VenueConfig.quoteFloorWad: far below any sound LRT, far above the price range's end. */
export const DEFAULT_QUOTE_FLOOR_WAD = 5n * 10n ** 17n;

/** See V3VenueConfig.quoteCeilingWad: far above any sound LRT, far below the price range's end. */
export const DEFAULT_QUOTE_CEILING_WAD = 2n * 10n ** 18n;

export function uniswapV3Venue(c: V3VenueConfig): EntryVenue {
  const label = `${c.symbol}/WETH uniswap-v3 ${c.pool}`;
  const tokenFirst = isToken0(c.token, c.weth);
  const exactInputQuote = (tokenIn: string, tokenOut: string, amountIn: bigint, limit: bigint, bound: 'floor' | 'ceiling'): Read<bigint> =>
    read(c.quoter, quoter, 'quoteExactInputSingle', [[tokenIn, tokenOut, amountIn, c.fee, limit]], `${label}.quoteExactInputSingle${bound === 'ceiling' ? '(buy)' : ''}`, (v) => {
      // A swap that reached the limit filled only part of amountIn: its output is not this size's price.
      if (v[1] === limit) throw new RangeError(`the pool cannot take ${amountIn} within the quote ${bound}`);
      return firstUint(v);
    });
  const exactInput = (tokenIn: string, tokenOut: string, amountIn: bigint, minOut: bigint, recipient: string, deadline: bigint): { spender: string; tx: TxRequest } => ({
    spender: c.router,
    tx: { to: c.router, data: swapRouter.encodeFunctionData('exactInputSingle', [[tokenIn, tokenOut, c.fee, recipient, deadline, amountIn, minOut, 0n]]), value: 0n },
  });
  return {
    kind: 'uniswap-v3',
    label,
    token: c.token,
    weth: c.weth,
    quote: (amountIn) => exactInputQuote(c.token, c.weth, amountIn, sqrtPriceX96FromRate(c.quoteFloorWad ?? DEFAULT_QUOTE_FLOOR_WAD, tokenFirst), 'floor'),
    swap: (amountIn, minOut, recipient, deadline) => exactInput(c.token, c.weth, amountIn, minOut, recipient, deadline),
    buyQuote: (amountIn) => exactInputQuote(c.weth, c.token, amountIn, sqrtPriceX96FromRate(c.quoteCeilingWad ?? DEFAULT_QUOTE_CEILING_WAD, tokenFirst), 'ceiling'),
    buySwap: (amountIn, minOut, recipient, deadline) => exactInput(c.weth, c.token, amountIn, minOut, recipient, deadline),
    depth: () => ({
      reads: [read(c.pool, pool, 'slot0', [], `${label}.slot0`, firstUint), read(c.pool, pool, 'liquidity', [], `${label}.liquidity`, firstUint)],
      combine: ([sqrtPriceX96, liquidity]): VenueDepth => ({
        spotRateWad: rateFromSqrtPriceX96(sqrtPriceX96 as bigint, tokenFirst),
        wethDepth: virtualWethReserve(liquidity as bigint, sqrtPriceX96 as bigint, tokenFirst),
      }),
    }),
  };
}
