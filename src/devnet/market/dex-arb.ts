/**
 * Keeps each devnet LRT/WETH pool priced at the LRT's protocol rate (what arbitrageurs do on
 * mainnet), or at a depegged price while a depeg event is active.
 *
 * The price is moved by donating tokens (or WETH) to the pair and calling `sync()`, which is
 * exact and needs no swap maths; donations only grow the pool, which is harmless here.
 */
import { Interface, type JsonRpcProvider, Contract } from 'ethers';
import { ERC20_ABI } from '../../protocols/erc20/abi.ts';
import type { TxRequest } from '../../protocols/lrt-deposit.ts';

const PAIR_ABI = [
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
  'function token0() view returns (address)',
  'function sync()',
] as const;

const erc20 = new Interface(ERC20_ABI);
const pair = new Interface(PAIR_ABI);
const WAD = 10n ** 18n;

export interface PoolPrice {
  /** LRT reserve and WETH reserve of the pair. */
  tokenReserve: bigint;
  wethReserve: bigint;
  /** WETH per LRT, wad. */
  priceWad: bigint;
}

export async function readPoolPrice(provider: JsonRpcProvider, pairAddress: string, weth: string): Promise<PoolPrice> {
  const contract = new Contract(pairAddress, PAIR_ABI, provider);
  const [reserves, token0] = (await Promise.all([contract.getFunction('getReserves')(), contract.getFunction('token0')()])) as [
    [bigint, bigint, bigint],
    string,
  ];
  const wethIsToken0 = token0.toLowerCase() === weth.toLowerCase();
  const wethReserve = wethIsToken0 ? reserves[0] : reserves[1];
  const tokenReserve = wethIsToken0 ? reserves[1] : reserves[0];
  return { tokenReserve, wethReserve, priceWad: tokenReserve === 0n ? 0n : (wethReserve * WAD) / tokenReserve };
}

/**
 * The donations (token or WETH transfers, then sync) that bring the pool to `targetPriceWad`,
 * or nothing when it is already within `toleranceBps`.
 *
 * @example alignPool(pool, rate * (10_000n - 300n) / 10_000n, ...) // a 3% depeg
 */
export function alignPool(
  pool: PoolPrice,
  targetPriceWad: bigint,
  addresses: { pair: string; token: string; weth: string },
  toleranceBps = 2n,
): TxRequest[] {
  if (targetPriceWad <= 0n || pool.tokenReserve === 0n) return [];
  const deviation = pool.priceWad > targetPriceWad ? pool.priceWad - targetPriceWad : targetPriceWad - pool.priceWad;
  if (deviation * 10_000n <= targetPriceWad * toleranceBps) return [];
  const transfers: TxRequest[] = [];
  if (pool.priceWad > targetPriceWad) {
    // Too expensive: add LRT until weth / token = target.
    const tokenNeeded = (pool.wethReserve * WAD) / targetPriceWad - pool.tokenReserve;
    transfers.push({ to: addresses.token, data: erc20.encodeFunctionData('transfer', [addresses.pair, tokenNeeded]), value: 0n });
  } else {
    const wethNeeded = (pool.tokenReserve * targetPriceWad) / WAD - pool.wethReserve;
    transfers.push({ to: addresses.weth, data: erc20.encodeFunctionData('transfer', [addresses.pair, wethNeeded]), value: 0n });
  }
  transfers.push({ to: addresses.pair, data: pair.encodeFunctionData('sync', []), value: 0n });
  return transfers;
}
