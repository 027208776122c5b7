/**
 * Uniswap V2 pair reads: reserves and token0, turned into reserves oriented as (token, WETH)
 * so pricing code never has to know which side of the pair WETH sits on.
 */
import { Interface } from 'ethers';
import { firstAddress, read, type Read } from '../../chain/read.ts';
import type { DexReserves } from '../../domain/snapshot.ts';

export const UNISWAP_V2_PAIR_ABI = [
  'function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)',
  'function token0() view returns (address)',
  'function token1() view returns (address)',
] as const;

const pair = new Interface(UNISWAP_V2_PAIR_ABI);

export interface PairReserves {
  readonly reserve0: bigint;
  readonly reserve1: bigint;
}

export function pairReserves(address: string, label: string): Read<PairReserves> {
  return read(address, pair, 'getReserves', [], `${label}.getReserves`, (value) => {
    const [r0, r1] = [value[0] as unknown, value[1] as unknown];
    if (typeof r0 !== 'bigint' || typeof r1 !== 'bigint') throw new TypeError('reserves are not uints');
    return { reserve0: r0, reserve1: r1 };
  });
}

export function pairToken0(address: string, label: string): Read<`0x${string}`> {
  return read(address, pair, 'token0', [], `${label}.token0`, firstAddress);
}

/**
 * Orients a pair's reserves as (token, WETH); throws when WETH is on neither side, because
 * such a pool cannot price the token in the vault asset.
 * @example orientReserves({ reserve0: 5n, reserve1: 7n }, weth, weth, token) // { token: 7n, weth: 5n }
 */
export function orientReserves(reserves: PairReserves, token0: string, weth: string): DexReserves {
  if (token0.toLowerCase() === weth.toLowerCase()) return { token: reserves.reserve1, weth: reserves.reserve0 };
  return { token: reserves.reserve0, weth: reserves.reserve1 };
}
