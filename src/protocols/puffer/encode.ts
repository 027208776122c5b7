/**
 * Puffer's instant exit: ERC-4626 redeem of pufETH for WETH, net of the exit fee, limited by
 * maxRedeem. No min-out parameter, and it reverts after a deposit in the same transaction:
 * never put a pufETH deposit and redeem in one vault execute() call.
 */
import { Interface } from 'ethers';
import type { TxRequest } from '../lrt-deposit.ts';
import { PUFFER_VAULT_ABI } from './abi.ts';

const vault = new Interface(PUFFER_VAULT_ABI);

/** Redeems `shares` pufETH owned by `owner` (the caller, so no approval) for WETH to `receiver`. */
export function encodePufferRedeem(pufferVault: string, shares: bigint, receiver: string, owner: string): TxRequest {
  return { to: pufferVault, data: vault.encodeFunctionData('redeem', [shares, receiver, owner]), value: 0n };
}
