/**
 * Kelp's queued exit as calldata: LRTWithdrawalManager.initiateWithdrawal locks rsETH (approve
 * the manager first); after the delay and the operator's unlock, completeWithdrawal pays the
 * caller's OLDEST request in ETH (no id: requests complete in order).
 */
import { Interface } from 'ethers';
import type { TxRequest } from '../lrt-deposit.ts';
import { REFERRAL_ID } from '../lrt-deposit.ts';
import { KELP_WITHDRAWAL_MANAGER_ABI } from './abi.ts';

/** Kelp's marker for native ETH. */
export const KELP_ETH = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';

export const KELP_WITHDRAWAL_EVENTS_ABI = [
  'event AssetWithdrawalQueued(address indexed withdrawer, address indexed asset, uint256 rsETHUnstaked, uint256 indexed userNonce)',
] as const;

const manager = new Interface(KELP_WITHDRAWAL_MANAGER_ABI);

export function encodeKelpInitiateWithdrawal(withdrawalManager: string, amountRsEth: bigint): TxRequest {
  return { to: withdrawalManager, data: manager.encodeFunctionData('initiateWithdrawal', [KELP_ETH, amountRsEth, REFERRAL_ID]), value: 0n };
}

export function encodeKelpCompleteWithdrawal(withdrawalManager: string): TxRequest {
  return { to: withdrawalManager, data: manager.encodeFunctionData('completeWithdrawal', [KELP_ETH, REFERRAL_ID]), value: 0n };
}
