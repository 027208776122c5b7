/**
 * The V3 venue's quotes each way, as the observer batches them: a sale quotes the token into
 * WETH with a price floor, a buy quotes WETH into the token with a price ceiling, and a quote
 * that stopped at its limit (a partial fill) is no price for its size.
 */
import { describe, expect, it } from 'vitest';
import { Interface } from 'ethers';
import { DEFAULT_QUOTE_CEILING_WAD, DEFAULT_QUOTE_FLOOR_WAD, UNISWAP_V3_QUOTER_V2_ABI, uniswapV3Venue } from '../../../src/protocols/uniswap/v3-venue.ts';
import { sqrtPriceX96FromRate } from '../../../src/protocols/uniswap/v3-math.ts';

const A = (n: number): string => `0x${n.toString(16).padStart(2, '0').repeat(20)}`;
// The token sorts below WETH: it is token0, so a higher token price is a higher sqrtPriceX96.
const [TOKEN, WETH, POOL, QUOTER, ROUTER] = [A(0x10), A(0x20), A(0x30), A(0x40), A(0x50)];
const quoter = new Interface(UNISWAP_V3_QUOTER_V2_ABI);
const venue = uniswapV3Venue({ symbol: 'weETH', token: TOKEN, weth: WETH, pool: POOL, fee: 100, quoter: QUOTER, router: ROUTER });
const E = 10n ** 18n;

describe('V3 venue quotes', () => {
  it('quotes a buy as WETH in, the token out, limited at a 2 ETH price; a sale the other way, limited at 0.5 ETH', () => {
    const buy = venue.buyQuote(3n * E).call;
    expect([buy.target, buy.fn, buy.label]).toEqual([QUOTER, 'quoteExactInputSingle', `weETH/WETH uniswap-v3 ${POOL}.quoteExactInputSingle(buy)`]);
    expect(buy.args).toEqual([[WETH, TOKEN, 3n * E, 100, sqrtPriceX96FromRate(2n * E, true)]]);
    const sale = venue.quote(3n * E).call;
    expect(sale.args).toEqual([[TOKEN, WETH, 3n * E, 100, sqrtPriceX96FromRate(E / 2n, true)]]);
    expect([DEFAULT_QUOTE_CEILING_WAD, DEFAULT_QUOTE_FLOOR_WAD]).toEqual([2n * E, E / 2n]);
  });

  it('reads the amount out of a buy quote, and refuses one that stopped at the ceiling', () => {
    const read = venue.buyQuote(3n * E);
    const answer = (sqrtAfter: bigint) => quoter.decodeFunctionResult('quoteExactInputSingle', quoter.encodeFunctionResult('quoteExactInputSingle', [2_803_000_000_000_000_000n, sqrtAfter, 1, 90_000]));
    expect(read.decode(answer(sqrtPriceX96FromRate(1_071n * E / 1_000n, true)))).toBe(2_803_000_000_000_000_000n);
    expect(() => read.decode(answer(sqrtPriceX96FromRate(2n * E, true)))).toThrow(/cannot take 3000000000000000000 within the quote ceiling/);
  });
});
