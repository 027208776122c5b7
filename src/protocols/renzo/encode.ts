/**
 * Renzo exits as calldata: InstantWithdrawer.withdraw(amount, redeemToken, minOut), the one
 * instant exit with its own min-out, and the WithdrawQueue (withdraw, then claim after the
 * cooldown). Claims address a request by its CURRENT index in the user's array, which shifts
 * when another request is claimed (swap-and-pop): resolve the index right before building.
 */
import { Interface } from 'ethers';
import type { TxRequest } from '../lrt-deposit.ts';
import { RENZO_INSTANT_WITHDRAWER_ABI, RENZO_WITHDRAW_QUEUE_ABI } from './abi.ts';

/** Renzo's marker for native ETH in asset arguments. */
export const RENZO_NATIVE = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';

export const RENZO_WITHDRAW_QUEUE_EVENTS_ABI = [
  'function withdrawRequests(address user, uint256 index) view returns (address collateralToken, uint256 withdrawRequestID, uint256 amountToRedeem, uint256 ezETHLocked, uint256 createdAt)',
  'event WithdrawRequestCreated(uint256 indexed withdrawRequestID, address user, address claimToken, uint256 amountToRedeem, uint256 ezETHAmountLocked, uint256 withdrawRequestIndex, bool queued, uint256 queueFilled)',
] as const;

const instant = new Interface(RENZO_INSTANT_WITHDRAWER_ABI);
const queue = new Interface(RENZO_WITHDRAW_QUEUE_ABI);

/** Instant exit of `amountEzEth` to native ETH; reverts on chain when the payout is below minOut. */
export function encodeRenzoInstantWithdraw(instantWithdrawer: string, amountEzEth: bigint, minOutWei: bigint): TxRequest {
  return { to: instantWithdrawer, data: instant.encodeFunctionData('withdraw', [amountEzEth, RENZO_NATIVE, minOutWei]), value: 0n };
}

/** Locks ezETH in the queue (approve the queue first) for a later ETH claim. */
export function encodeRenzoQueueWithdraw(withdrawQueue: string, amountEzEth: bigint): TxRequest {
  return { to: withdrawQueue, data: queue.encodeFunctionData('withdraw', [amountEzEth, RENZO_NATIVE]), value: 0n };
}

/** Claims `user`'s request at its current index; ETH goes to `user`. */
export function encodeRenzoClaim(withdrawQueue: string, index: bigint, user: string): TxRequest {
  return { to: withdrawQueue, data: queue.encodeFunctionData('claim', [index, user]), value: 0n };
}
