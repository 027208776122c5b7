/**
 * ether.fi exits as calldata: the instant redemption (EtherFiRedemptionManager.redeemWeEth,
 * paid in native ETH, fee and rate limit applied by the protocol, no min-out parameter) and
 * the queue (weETH.unwrap to eETH, LiquidityPool.requestWithdraw mints a request NFT,
 * WithdrawRequestNFT.claimWithdraw pays ETH after the admin finalises it).
 *
 * redeemWeEth has no min-out: the executor's simulation and post-state check are the guard.
 */
import { Interface } from 'ethers';
import type { TxRequest } from '../lrt-deposit.ts';
import { ETHERFI_LIQUIDITY_POOL_ABI, ETHERFI_REDEMPTION_MANAGER_ABI, ETH_OUTPUT_TOKEN, WEETH_ABI } from './abi.ts';

export const ETHERFI_WITHDRAW_NFT_ABI = [
  'function claimWithdraw(uint256 tokenId)',
  // Both forms: the `fee` argument was dropped in June 2026. Each has its own topic, and the
  // owner is the fourth argument in both, so a log of either form parses the same way.
  'event WithdrawRequestCreated(uint32 indexed requestId, uint256 amountOfEEth, uint256 shareOfEEth, address owner, uint256 fee)',
  'event WithdrawRequestCreated(uint32 indexed requestId, uint256 amountOfEEth, uint256 shareOfEEth, address owner)',
] as const;

const redemption = new Interface(ETHERFI_REDEMPTION_MANAGER_ABI);
const weeth = new Interface(WEETH_ABI);
const pool = new Interface(ETHERFI_LIQUIDITY_POOL_ABI);
const nft = new Interface(ETHERFI_WITHDRAW_NFT_ABI);

/** Instant exit to native ETH; the redemption manager pulls the weETH (approve it first). */
export function encodeRedeemWeEth(redemptionManager: string, amountWeEth: bigint, receiver: string): TxRequest {
  return { to: redemptionManager, data: redemption.encodeFunctionData('redeemWeEth', [amountWeEth, receiver, ETH_OUTPUT_TOKEN]), value: 0n };
}

/** weETH → eETH, the first step of the queued exit (the queue takes eETH). */
export function encodeUnwrapWeEth(weETH: string, amountWeEth: bigint): TxRequest {
  return { to: weETH, data: weeth.encodeFunctionData('unwrap', [amountWeEth]), value: 0n };
}

/** Queues `amountEEth` eETH (approve the liquidity pool on eETH); the request NFT goes to `recipient`. */
export function encodeRequestWithdraw(liquidityPool: string, recipient: string, amountEEth: bigint): TxRequest {
  return { to: liquidityPool, data: pool.encodeFunctionData('requestWithdraw', [recipient, amountEEth]), value: 0n };
}

/** Pays a finalised request's ETH to the NFT holder (who must be the caller). */
export function encodeClaimWithdraw(withdrawRequestNft: string, tokenId: bigint): TxRequest {
  return { to: withdrawRequestNft, data: nft.encodeFunctionData('claimWithdraw', [tokenId]), value: 0n };
}

export const etherfiWithdrawNftInterface = nft;
