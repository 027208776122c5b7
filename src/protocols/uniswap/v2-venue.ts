/**
 * A Uniswap V2 pair as an exit venue: quotes through Router02.getAmountsOut, swaps with
 * swapExactTokensForTokens, depth from the pair's reserves (token0 is the lower address).
 */
import { Interface } from 'ethers';
import { read, uintArray } from '../../chain/read.ts';
import { encodeSwapExactTokensForTokens, UNISWAP_V2_ROUTER_ABI } from './encode.ts';
import { pairReserves } from './reads.ts';
import { isToken0 } from './v3-math.ts';
import type { ExitVenue, VenueDepth } from './venue.ts';

const router = new Interface(UNISWAP_V2_ROUTER_ABI);
const WAD = 10n ** 18n;

export interface V2VenueConfig {
  readonly symbol: string;
  readonly token: string;
  readonly weth: string;
  readonly pair: string;
  readonly router: string;
}

export function uniswapV2Venue(c: V2VenueConfig): ExitVenue {
  const label = `${c.symbol}/WETH uniswap-v2 ${c.pair}`;
  const tokenFirst = isToken0(c.token, c.weth);
  return {
    kind: 'uniswap-v2',
    label,
    token: c.token,
    weth: c.weth,
    quote: (amountIn) => read(c.router, router, 'getAmountsOut', [amountIn, [c.token, c.weth]], `${label}.getAmountsOut`, (v) => {
      const amounts = uintArray(v, 0);
      const out = amounts[amounts.length - 1];
      if (out === undefined) throw new TypeError('getAmountsOut returned no amounts');
      return out;
    }),
    swap: (amountIn, minOut, recipient, deadline) => ({ spender: c.router, tx: encodeSwapExactTokensForTokens(c.router, amountIn, minOut, [c.token, c.weth], recipient, deadline) }),
    depth: () => ({
      reads: [pairReserves(c.pair, label)],
      combine: ([answer]): VenueDepth => {
        const r = answer as { reserve0: bigint; reserve1: bigint };
        const [tokenReserve, wethReserve] = tokenFirst ? [r.reserve0, r.reserve1] : [r.reserve1, r.reserve0];
        return { spotRateWad: tokenReserve === 0n ? 0n : (wethReserve * WAD) / tokenReserve, wethDepth: wethReserve };
      },
    }),
  };
}

