/**
 * Renzo reads. The rate comes from the rate provider (1e18 · TVL / supply); its TVL view is
 * heavy on mainnet, which is one more reason to read it only inside the tick's one batch.
 */
import { Interface } from 'ethers';
import { firstUint, read, type Read } from '../../chain/read.ts';
import { RENZO_RATE_PROVIDER_ABI } from './abi.ts';

const rateProvider = new Interface(RENZO_RATE_PROVIDER_ABI);
// Mainnet has no availableLiquidity(): the buffer is read through getBufferDetails(redeemToken).
const instantWithdrawer = new Interface(['function getBufferDetails(address redeemToken) view returns (uint256 bufferCapacity, uint256 bufferAvailable, uint256 drawDownLimit)']);
const NATIVE_ETH = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';

/** ETH per 1e18 ezETH. */
export function ezEthRate(rateProviderAddress: string): Read<bigint> {
  return read(rateProviderAddress, rateProvider, 'getRate', [], 'ezETH.rateProvider.getRate', firstUint);
}

/**
 * ETH the instant withdrawer can still pay out: what the buffer holds above its draw-down
 * limit (a withdrawal that would take it below the limit reverts).
 * @example bufferHeadroom(1000n, 400n, 100n) // 300n
 */
export function renzoInstantCapacityEth(instantWithdrawerAddress: string): Read<bigint> {
  return read(instantWithdrawerAddress, instantWithdrawer, 'getBufferDetails', [NATIVE_ETH], 'renzo.instantWithdrawer.getBufferDetails', (v) => {
    const [available, floor] = [v[1] as unknown, v[2] as unknown];
    if (typeof available !== 'bigint' || typeof floor !== 'bigint') throw new TypeError('getBufferDetails did not return uints');
    return bufferHeadroom(v[0] as bigint, available, floor);
  });
}

/** Buffer ETH above the draw-down limit (0 when at or below it). */
export function bufferHeadroom(_capacity: bigint, available: bigint, drawDownLimit: bigint): bigint {
  return available > drawDownLimit ? available - drawDownLimit : 0n;
}
