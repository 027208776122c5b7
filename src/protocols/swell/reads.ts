/** Swell reads: rswETH's own getRate(). */
import { Interface } from 'ethers';
import { firstUint, read, type Read } from '../../chain/read.ts';
import { RSWETH_ABI } from './abi.ts';

const rsweth = new Interface(RSWETH_ABI);

/** ETH per 1e18 rswETH. */
export function rswEthRate(token: string): Read<bigint> {
  return read(token, rsweth, 'getRate', [], 'rswETH.getRate', firstUint);
}
