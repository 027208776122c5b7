/**
 * Swell's queued exit: the withdrawal NFT pulls rswETH (approve it) and mints a request NFT;
 * after the operator processes it, finalizeWithdrawal pays ETH at the lower of the request and
 * processing rates, to the NFT owner, who must be the caller.
 */
import { Interface } from 'ethers';
import type { TxRequest } from '../lrt-deposit.ts';
import { SWELL_WITHDRAWAL_NFT_ABI } from './abi.ts';

export const SWELL_WITHDRAWAL_EVENTS_ABI = [
  'event WithdrawRequestCreated(uint256 tokenId, uint256 amount, uint256 timestamp, uint256 indexed lastTokenIdProcessed, uint256 rateWhenCreated, address indexed owner)',
] as const;

const nft = new Interface(SWELL_WITHDRAWAL_NFT_ABI);

export function encodeSwellCreateWithdrawRequest(withdrawalNft: string, amountRswEth: bigint): TxRequest {
  return { to: withdrawalNft, data: nft.encodeFunctionData('createWithdrawRequest', [amountRswEth]), value: 0n };
}

export function encodeSwellFinalizeWithdrawal(withdrawalNft: string, tokenId: bigint): TxRequest {
  return { to: withdrawalNft, data: nft.encodeFunctionData('finalizeWithdrawal', [tokenId]), value: 0n };
}
