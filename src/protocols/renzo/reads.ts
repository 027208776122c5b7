/**
 * Renzo reads. The rate comes from the rate provider (1e18 · TVL / supply); its TVL view is
 * heavy on mainnet, which is one more reason to read it only inside the tick's one batch.
 */
import { Interface } from 'ethers';
import { firstUint, read, type Read } from '../../chain/read.ts';
import { RENZO_RATE_PROVIDER_ABI } from './abi.ts';

const rateProvider = new Interface(RENZO_RATE_PROVIDER_ABI);
// The instant withdrawer's ETH budget (a public variable on the stand-in; confirm on mainnet).
const instantWithdrawer = new Interface(['function availableLiquidity() view returns (uint256)']);

/** ETH per 1e18 ezETH. */
export function ezEthRate(rateProviderAddress: string): Read<bigint> {
  return read(rateProviderAddress, rateProvider, 'getRate', [], 'ezETH.rateProvider.getRate', firstUint);
}

/** ETH the instant withdrawer can still pay out. */
export function renzoInstantCapacityEth(instantWithdrawerAddress: string): Read<bigint> {
  return read(instantWithdrawerAddress, instantWithdrawer, 'availableLiquidity', [], 'renzo.instantWithdrawer.availableLiquidity', firstUint);
}
