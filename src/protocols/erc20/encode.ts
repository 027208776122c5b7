/**
 * ERC-20 approvals and WETH wrapping as calldata. Every protocol call that pulls tokens needs
 * an exact approval first; approving the exact amount (never unlimited) keeps a compromised
 * or buggy spender from taking more than the one action it serves.
 */
import { Interface } from 'ethers';
import type { TxRequest } from '../lrt-deposit.ts';
import { ERC20_ABI } from './abi.ts';

export const WETH_ABI = ['function deposit() payable', 'function withdraw(uint256 wad)'] as const;

const erc20 = new Interface(ERC20_ABI);
const weth = new Interface(WETH_ABI);

/** @example encodeApprove(weeth, redemptionManager, 10n ** 18n) */
export function encodeApprove(token: string, spender: string, amount: bigint): TxRequest {
  return { to: token, data: erc20.encodeFunctionData('approve', [spender, amount]), value: 0n };
}

/** WETH9.deposit(): wraps `amountWei` native ETH sent along. */
export function encodeWrapEth(wethAddress: string, amountWei: bigint): TxRequest {
  return { to: wethAddress, data: weth.encodeFunctionData('deposit', []), value: amountWei };
}

/** WETH9.withdraw(wad): unwraps to native ETH, which the LRT deposit entry points take. */
export function encodeUnwrapWeth(wethAddress: string, amountWei: bigint): TxRequest {
  return { to: wethAddress, data: weth.encodeFunctionData('withdraw', [amountWei]), value: 0n };
}
