/** ether.fi reads: weETH's own rate and the redemption manager's instant-exit capacity. */
import { Interface } from 'ethers';
import { firstUint, read, type Read } from '../../chain/read.ts';
import { ETH_OUTPUT_TOKEN, WEETH_ABI } from './abi.ts';

const weeth = new Interface(WEETH_ABI);
// totalRedeemableAmount: ETH the redemption manager can pay out now (rate-limit bucket and
// liquidity above the low watermark, whichever is smaller).
const redemption = new Interface(['function totalRedeemableAmount(address token) view returns (uint256)']);

/** eETH (= ETH) per 1e18 weETH, through WeETH.getRate(). */
export function weEthRate(token: string): Read<bigint> {
  return read(token, weeth, 'getRate', [], 'weETH.getRate', firstUint);
}

/** ETH the instant redemption can pay right now. */
export function etherFiInstantCapacityEth(redemptionManager: string): Read<bigint> {
  return read(redemptionManager, redemption, 'totalRedeemableAmount', [ETH_OUTPUT_TOKEN], 'etherfi.totalRedeemableAmount', firstUint);
}
