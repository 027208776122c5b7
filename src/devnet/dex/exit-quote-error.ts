/**
 * Measures how far each exit route's quote is from what its swap pays, on a running devnet:
 * for an LRT and a list of sizes (in ETH at the protocol rate), the keeper's quotes (the V2
 * reserve formula the exit-cost model uses, the V3 QuoterV2, and the V3 pool priced as if it
 * were constant-product at its in-range depth) against the swap's own output, simulated with
 * eth_call from a holder at the same block. Used by the exit-quotes benchmark and its test.
 */
import { Interface, MaxUint256, type JsonRpcProvider, type Wallet } from 'ethers';
import { encodeLrtDepositEth } from '../../protocols/lrt-deposit.ts';
import { uniswapV2Venue } from '../../protocols/uniswap/v2-venue.ts';
import { uniswapV3Venue } from '../../protocols/uniswap/v3-venue.ts';
import type { ExitVenue, VenueDepth } from '../../protocols/uniswap/venue.ts';
import { pairReserves } from '../../protocols/uniswap/reads.ts';
import { isToken0 } from '../../protocols/uniswap/v3-math.ts';
import type { Read } from '../../chain/read.ts';
import { getAmountOut, sellTokenForWeth } from '../../yield/dex.ts';
import { DEFAULT_QUOTE_SIZES, interpolateLadder, ladderAmounts } from '../../yield/venue-quotes.ts';
import type { QuotePoint } from '../../domain/snapshot.ts';
import { LRT_POOL_FEE } from './uniswap-v3.ts';
import type { DevnetDeployment } from '../deployment.ts';

const WAD = 10n ** 18n;

export interface ExitQuoteRow {
  readonly sizeEth: number;
  readonly amountIn: bigint;
  /** Swap outputs (WETH wei), simulated from the holder. */
  readonly v2Out: bigint;
  readonly v3Out: bigint;
  /** Quotes (WETH wei). */
  readonly v2ReserveQuote: bigint;
  readonly v3QuoterQuote: bigint;
  readonly v3ConstantProductQuote: bigint;
  /** What the keeper's exit-cost model promises for V3: its quote ladder read on the chord (undefined past the ladder). */
  readonly v3LadderQuote: bigint | undefined;
}

/** (quote − out) / out in bps, signed (positive: the quote promised more than the swap paid). */
export function quoteErrorBps(quote: bigint, out: bigint): number {
  if (out === 0n) return Number.POSITIVE_INFINITY;
  return (Number(quote - out) / Number(out)) * 10_000;
}

/**
 * @param holder an account holding at least the largest size of the LRT, with both routers approved.
 */
export async function measureExitQuotes(provider: JsonRpcProvider, d: DevnetDeployment, symbol: string, rateWad: bigint, sizesEth: readonly number[], holder: string): Promise<ExitQuoteRow[]> {
  const token = lrtToken(d, symbol);
  const v2 = uniswapV2Venue({ symbol, token, weth: d.weth, pair: d.uniswap.pairs[symbol]!, router: d.uniswap.router });
  const v3 = uniswapV3Venue({ symbol, token, weth: d.weth, pool: d.uniswapV3.pools[symbol]!, fee: LRT_POOL_FEE, quoter: d.uniswapV3.quoter, router: d.uniswapV3.router });
  const rows: ExitQuoteRow[] = [];
  // The ladder the observer reads each tick (default sizes; a size the pool cannot take is left out).
  const ladder: QuotePoint[] = [];
  for (const amountIn of ladderAmounts(DEFAULT_QUOTE_SIZES)) {
    const out = await callRead(provider, v3.quote(amountIn)).catch(() => undefined);
    if (out !== undefined) ladder.push({ amountIn, out });
  }
  for (const sizeEth of sizesEth) {
    const amountIn = (BigInt(sizeEth) * WAD * WAD) / rateWad;
    const deadline = 2n ** 40n;
    const [v2Out, v3Out] = await Promise.all([simulateSwap(provider, v2, amountIn, holder, deadline), simulateSwap(provider, v3, amountIn, holder, deadline)]);
    const [reserves, v3Depth] = await Promise.all([callRead(provider, pairReserves(d.uniswap.pairs[symbol]!, symbol)), readDepth(provider, v3)]);
    const tokenFirst = isToken0(token, d.weth);
    rows.push({
      sizeEth,
      amountIn,
      v2Out,
      v3Out,
      v2ReserveQuote: sellTokenForWeth(amountIn, tokenFirst ? { token: reserves.reserve0, weth: reserves.reserve1 } : { token: reserves.reserve1, weth: reserves.reserve0 }),
      v3QuoterQuote: await callRead(provider, v3.quote(amountIn)),
      // The V3 pool seen as a V2 pair of its in-range depth, with its own 0.01 % fee.
      v3LadderQuote: interpolateLadder(ladder, amountIn),
      v3ConstantProductQuote: getAmountOut(amountIn, (v3Depth.wethDepth * WAD) / v3Depth.spotRateWad, v3Depth.wethDepth, LRT_POOL_FEE / 100),
    });
  }
  return rows;
}

function lrtToken(d: DevnetDeployment, symbol: string): string {
  const lrt = (d.lrts as unknown as Record<string, { token: string } | undefined>)[symbol];
  if (lrt === undefined) throw new Error(`no LRT ${symbol} in the deployment`);
  return lrt.token;
}

async function callRead<T>(provider: JsonRpcProvider, r: Read<T>): Promise<T> {
  const raw = await provider.call({ to: r.call.target, data: r.call.iface.encodeFunctionData(r.call.fn, [...r.call.args]) });
  return r.decode(r.call.iface.decodeFunctionResult(r.call.fn, raw));
}

async function readDepth(provider: JsonRpcProvider, venue: ExitVenue): Promise<VenueDepth> {
  const group = venue.depth();
  return group.combine(await Promise.all(group.reads.map((r) => callRead(provider, r))));
}

/** What the swap pays the holder: the router's own return value of the simulated swap. */
async function simulateSwap(provider: JsonRpcProvider, venue: ExitVenue, amountIn: bigint, holder: string, deadline: bigint): Promise<bigint> {
  const { tx } = venue.swap(amountIn, 0n, holder, deadline);
  const raw = await provider.call({ from: holder, to: tx.to, data: tx.data });
  const iface = new Interface(venue.kind === 'uniswap-v2'
    ? ['function swapExactTokensForTokens(uint256,uint256,address[],address,uint256) returns (uint256[] amounts)']
    : ['function exactInputSingle((address,address,uint24,address,uint256,uint256,uint256,uint160)) returns (uint256 amountOut)']);
  const fn = venue.kind === 'uniswap-v2' ? 'swapExactTokensForTokens' : 'exactInputSingle';
  const decoded = iface.decodeFunctionResult(fn, raw);
  if (venue.kind === 'uniswap-v2') {
    const amounts = decoded[0] as bigint[];
    return amounts[amounts.length - 1]!;
  }
  return decoded[0] as bigint;
}


/**
 * Gives `wallet` (on the devnet's public RPC) `ethWorth` ETH of weETH minted at the protocol
 * and approves both routers, so `measureExitQuotes` can simulate its swaps. `mine` produces
 * the block that includes the transactions.
 */
export async function prepareWeEthHolder(d: DevnetDeployment, wallet: Wallet, ethWorth: bigint, mine: () => Promise<unknown>): Promise<void> {
  const erc20 = new Interface(['function approve(address,uint256) returns (bool)']);
  let nonce = await wallet.getNonce('pending');
  const fees = { maxFeePerGas: 10n ** 12n, maxPriorityFeePerGas: 10n ** 9n, chainId: d.chainId, type: 2 };
  const txs = [
    { ...encodeLrtDepositEth(d.lrts.weETH, ethWorth, wallet.address, 0n), gasLimit: 400_000n },
    { to: d.lrts.weETH.token, data: erc20.encodeFunctionData('approve', [d.uniswap.router, MaxUint256]), gasLimit: 80_000n },
    { to: d.lrts.weETH.token, data: erc20.encodeFunctionData('approve', [d.uniswapV3.router, MaxUint256]), gasLimit: 80_000n },
  ];
  const hashes: string[] = [];
  for (const tx of txs) hashes.push((await wallet.sendTransaction({ ...tx, ...fees, nonce: nonce++ })).hash);
  for (let attempt = 0; attempt < 10; attempt++) {
    await mine();
    const receipts = await Promise.all(hashes.map((h) => wallet.provider!.getTransactionReceipt(h)));
    if (receipts.every((r) => r !== null)) {
      if (receipts.some((r) => r!.status !== 1)) throw new Error('a weETH holder transaction reverted');
      return;
    }
  }
  throw new Error('weETH holder transactions were not mined');
}
