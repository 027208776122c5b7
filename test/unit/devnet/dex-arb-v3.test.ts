import { describe, expect, it } from 'vitest';
import { Interface } from 'ethers';
import { alignV3Pool } from '../../../src/devnet/market/dex-arb-v3.ts';
import { sqrtPriceX96FromRate } from '../../../src/protocols/uniswap/v3-math.ts';
import { UNISWAP_V3_SWAP_ROUTER_ABI } from '../../../src/protocols/uniswap/v3-venue.ts';

const router = new Interface(UNISWAP_V3_SWAP_ROUTER_ABI);
const a = { router: '0x00000000000000000000000000000000000000a1', token: '0x00000000000000000000000000000000000000b2', weth: '0x00000000000000000000000000000000000000c3', fee: 100, recipient: '0x00000000000000000000000000000000000000d4' };
const rate = 1_050_000_000_000_000_000n;
const pool = (priceWad: bigint) => ({ sqrtPriceX96: sqrtPriceX96FromRate(priceWad, true), priceWad, tokenIsToken0: true });

describe('V3 pool arbitrage on the devnet', () => {
  it('sells the LRT down to a 3 % depeg, with the target price as the swap limit', () => {
    const target = (rate * 9_700n) / 10_000n;
    const [tx] = alignV3Pool(pool(rate), target, a);
    expect(tx?.to).toBe(a.router);
    const [p] = router.decodeFunctionData('exactInputSingle', tx!.data) as unknown as [[string, string, bigint, string, bigint, bigint, bigint, bigint]];
    expect([p[0], p[1], p[2], p[3]].map(String).map((x) => x.toLowerCase())).toEqual([a.token, a.weth, '100', a.recipient]);
    expect(p[7]).toBe(sqrtPriceX96FromRate(1_018_500_000_000_000_000n, true));
  });

  it('buys the LRT back with WETH when the pool is below the rate, and does nothing within 2 bps', () => {
    const [tx] = alignV3Pool(pool((rate * 9_900n) / 10_000n), rate, a);
    const [p] = router.decodeFunctionData('exactInputSingle', tx!.data) as unknown as [[string, string]];
    expect([p[0].toLowerCase(), p[1].toLowerCase()]).toEqual([a.weth, a.token]);
    expect(alignV3Pool(pool(rate + rate / 10_000n), rate, a)).toEqual([]);
  });
});
