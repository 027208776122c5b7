/** Swell reads: rswETH's own getRate(). */
import { Interface } from 'ethers';
import { firstUint, read, type Read } from '../../chain/read.ts';
import { RSWETH_ABI } from './abi.ts';

const rsweth = new Interface(RSWETH_ABI);

/** ETH per 1e18 rswETH. */
export function rswEthRate(token: string): Read<bigint> {
  return read(token, rsweth, 'getRate', [], 'rswETH.getRate', firstUint);
}

const exitNft = new Interface(['function withdrawRequestMinimum() view returns (uint256)', 'function withdrawRequestMaximum() view returns (uint256)']);

/** Smallest and largest rswETH amount one withdrawal request may carry. */
export function swellRequestMinimum(withdrawalNft: string): Read<bigint> {
  return read(withdrawalNft, exitNft, 'withdrawRequestMinimum', [], 'rswETH.exit.withdrawRequestMinimum', firstUint);
}
export function swellRequestMaximum(withdrawalNft: string): Read<bigint> {
  return read(withdrawalNft, exitNft, 'withdrawRequestMaximum', [], 'rswETH.exit.withdrawRequestMaximum', firstUint);
}

const whitelist = new Interface(['function whitelistEnabled() view returns (bool)', 'function whitelistedAddresses(address) view returns (bool)']);

/** Whether the contract (rswETH for deposits, its exit NFT for withdraw requests) checks its whitelist now. */
export function swellWhitelistEnabled(contract: string): Read<boolean> {
  return read(contract, whitelist, 'whitelistEnabled', [], 'rswETH.whitelistEnabled', (v) => v[0] === true);
}
export function swellWhitelisted(contract: string, account: string): Read<boolean> {
  return read(contract, whitelist, 'whitelistedAddresses', [account], 'rswETH.whitelistedAddresses', (v) => v[0] === true);
}
