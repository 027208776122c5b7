/**
 * Uniswap V3 on the devnet (published artifacts, init code hash checked at deploy) as an exit
 * venue: the QuoterV2 quote rides in a Multicall3 batch and equals what the swap pays; the
 * exact-input swap honours its min-out; the deepest venue (V3's concentrated liquidity, not
 * the V2 pair) sets the depeg reading; and V3 pays more than V2 for large exits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Contract, JsonRpcProvider, Wallet, keccak256 } from 'ethers';
import { decodeAggregate3, encodeAggregate3 } from '../../../src/chain/multicall.ts';
import { DEV_KEYS } from '../../../src/devnet/accounts.ts';
import { LRT_POOL_FEE, UNISWAP_V3_POOL_INIT_CODE_HASH } from '../../../src/devnet/dex/uniswap-v3.ts';
import { publishedArtifact } from '../../../src/devnet/dex/uniswap.ts';
import { measureExitQuotes, prepareWeEthHolder, quoteErrorBps, type ExitQuoteRow } from '../../../src/devnet/dex/exit-quote-error.ts';
import { startWorld, type DevnetWorld } from '../../../src/devnet/world.ts';
import { uniswapV2Venue } from '../../../src/protocols/uniswap/v2-venue.ts';
import { uniswapV3Venue } from '../../../src/protocols/uniswap/v3-venue.ts';
import { deepest, depegBpsFromDeepest, type VenueDepth } from '../../../src/protocols/uniswap/venue.ts';
import { readV3PoolPrice } from '../../../src/devnet/market/dex-arb-v3.ts';
import { createLogger } from '../../../src/telemetry/logger.ts';
import { PROJECT_ROOT } from '../../helpers/chain.ts';

let world: DevnetWorld;
let publicRpc: JsonRpcProvider;
let holder: Wallet;
let rate: bigint;
let rows: ExitQuoteRow[];
const stateDir = mkdtempSync(join(tmpdir(), 'rk-v3-'));

beforeAll(async () => {
  world = await startWorld({ projectRoot: PROJECT_ROOT, logger: createLogger({ level: 'silent' }), stateDir });
  const d = world.deployment;
  publicRpc = new JsonRpcProvider(d.rpcUrl, d.chainId, { staticNetwork: true, cacheTimeout: -1, pollingInterval: 50 });
  holder = new Wallet(DEV_KEYS.user, publicRpc);
  await prepareWeEthHolder(d, holder, 3_000n * 10n ** 18n, () => world.mine(1));
  rate = (await new Contract(d.lrts.weETH.token, ['function getRate() view returns (uint256)'], world.anvilProvider).getFunction('getRate')()) as bigint;
  // 2,500 ETH runs through the ±0.5 % band (1,500 ETH a side) into the wider one: ticks are crossed.
  rows = await measureExitQuotes(world.anvilProvider, d, 'weETH', rate, [10, 100, 1000, 2500], holder.address);
}, 300_000);

afterAll(async () => {
  publicRpc?.destroy();
  await world?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

function venues() {
  const d = world.deployment;
  const common = { symbol: 'weETH', token: d.lrts.weETH.token, weth: d.weth };
  return {
    v2: uniswapV2Venue({ ...common, pair: d.uniswap.pairs.weETH!, router: d.uniswap.router }),
    v3: uniswapV3Venue({ ...common, pool: d.uniswapV3.pools.weETH!, fee: LRT_POOL_FEE, quoter: d.uniswapV3.quoter, router: d.uniswapV3.router }),
  };
}

describe('Uniswap V3 exit venue on the devnet', () => {
  it('deploys the published pool bytecode (init code hash) with a pool per LRT', async () => {
    expect(keccak256(publishedArtifact('@uniswap/v3-core/artifacts/contracts/UniswapV3Pool.sol/UniswapV3Pool.json').bytecode)).toBe(UNISWAP_V3_POOL_INIT_CODE_HASH);
    const d = world.deployment;
    for (const symbol of ['weETH', 'ezETH', 'rsETH', 'pufETH', 'rswETH']) {
      const pool = d.uniswapV3.pools[symbol]!;
      expect(await world.anvilProvider.getCode(pool)).not.toBe('0x');
    }
  });

  it('the quoter rides in a Multicall3 batch and its quote is what the swap pays, at every size', async () => {
    const { v3 } = venues();
    const calls = rows.map((r) => v3.quote(r.amountIn).call);
    const raw = await world.anvilProvider.call({ to: world.deployment.multicall3, data: encodeAggregate3(calls) });
    const answers = decodeAggregate3(calls, raw);
    rows.forEach((row, i) => {
      const answer = answers[i]!;
      expect(answer.ok).toBe(true);
      if (answer.ok) expect(answer.value[0]).toBe(row.v3Out);
      expect(row.v3QuoterQuote).toBe(row.v3Out);
      expect(row.v2ReserveQuote).toBe(row.v2Out);
    });
  });

  it('V3 concentrated liquidity pays more than the V2 pair for 100 and 1,000 ETH exits; pricing V3 as constant product misquotes an exit that crosses ticks', () => {
    const [, mid, large, crossing] = rows;
    expect(mid!.v3Out).toBeGreaterThan(mid!.v2Out);
    expect(large!.v3Out).toBeGreaterThan(large!.v2Out);
    // Within one band the in-range depth prices exactly; across the band edge it promises too much.
    expect(Math.abs(quoteErrorBps(large!.v3ConstantProductQuote, large!.v3Out))).toBeLessThan(0.01);
    expect(quoteErrorBps(crossing!.v3ConstantProductQuote, crossing!.v3Out)).toBeGreaterThan(1);
    expect(crossing!.v3QuoterQuote).toBe(crossing!.v3Out);
  });

  it('the exact-input swap refuses to pay less than its min-out', async () => {
    const { v3 } = venues();
    const amountIn = rows[0]!.amountIn;
    const ok = v3.swap(amountIn, rows[0]!.v3Out, holder.address, 2n ** 40n).tx;
    await expect(world.anvilProvider.call({ from: holder.address, to: ok.to, data: ok.data })).resolves.toMatch(/^0x/);
    const tooMuch = v3.swap(amountIn, rows[0]!.v3Out + 1n, holder.address, 2n ** 40n).tx;
    await expect(world.anvilProvider.call({ from: holder.address, to: tooMuch.to, data: tooMuch.data })).rejects.toThrow(/Too little received/);
  });

  it('depeg is read from the deepest venue', async () => {
    const { v2, v3 } = venues();
    const read = async (group: ReturnType<typeof v2.depth>): Promise<VenueDepth> => {
      const answers = await Promise.all(group.reads.map(async (r) => r.decode(r.call.iface.decodeFunctionResult(r.call.fn, await world.anvilProvider.call({ to: r.call.target, data: r.call.iface.encodeFunctionData(r.call.fn, [...r.call.args]) })))));
      return group.combine(answers);
    };
    const [d2, d3] = [await read(v2.depth()), await read(v3.depth())];
    expect(d3.wethDepth).toBeGreaterThan(d2.wethDepth);
    expect(deepest([d2, d3])).toBe(d3);
    // Both venues were seeded at the protocol rate: the deepest reads (almost) no discount.
    expect(Math.abs(depegBpsFromDeepest([d2, d3], rate)!)).toBeLessThanOrEqual(2);
  });

  it('the market arbitrages the V3 pool to a depeg and back, as it does the V2 pair', async () => {
    const d = world.deployment;
    const price = async () => (await readV3PoolPrice(world.anvilProvider, d.uniswapV3.pools.ezETH!, d.lrts.ezETH.token, d.weth)).priceWad;
    const ezRate = (await new Contract(d.lrts.ezETH.contracts.rateProvider, ['function getRate() view returns (uint256)'], world.anvilProvider).getFunction('getRate')()) as bigint;
    const bps = (p: bigint) => Number(((p - ezRate) * 10_000n) / ezRate);
    world.market.inject({ kind: 'depeg', lrt: 'ezETH', bps: 800 });
    await world.mine(2);
    // 8 % below the rate, through both bands of liquidity and past them.
    expect(bps(await price())).toBeGreaterThanOrEqual(-802);
    expect(bps(await price())).toBeLessThanOrEqual(-798);
    world.market.inject({ kind: 'recover', lrt: 'ezETH' });
    await world.mine(2);
    expect(Math.abs(bps(await price()))).toBeLessThanOrEqual(3);
  });
});
