/**
 * Multicall3's own getters: block number, timestamp, base fee and chain id read INSIDE the
 * batch, so they describe exactly the state every other answer came from.
 */
import { firstUint, read, type Read } from '../chain/read.ts';
import { multicall3 } from '../chain/multicall.ts';

export function blockNumber(multicall: string): Read<number> {
  return read(multicall, multicall3, 'getBlockNumber', [], 'Multicall3.getBlockNumber', (v) => Number(firstUint(v)));
}

export function blockTimestamp(multicall: string): Read<number> {
  return read(multicall, multicall3, 'getCurrentBlockTimestamp', [], 'Multicall3.getCurrentBlockTimestamp', (v) => Number(firstUint(v)));
}

export function baseFee(multicall: string): Read<bigint> {
  return read(multicall, multicall3, 'getBasefee', [], 'Multicall3.getBasefee', firstUint);
}

export function chainId(multicall: string): Read<number> {
  return read(multicall, multicall3, 'getChainId', [], 'Multicall3.getChainId', (v) => Number(firstUint(v)));
}

/** The native ETH balance of `account`, read inside the batch (Multicall3.getEthBalance). */
export function ethBalance(multicall: string, account: string): Read<bigint> {
  return read(multicall, multicall3, 'getEthBalance', [account], 'Multicall3.getEthBalance', firstUint);
}
