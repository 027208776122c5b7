/**
 * Calldata for depositing native ETH into each LRT protocol, through each protocol's own
 * mainnet entry point. Used by the executor and by the devnet seeding, so the devnet
 * exercises exactly the encodings the keeper sends.
 *
 * Renzo and Swell have no min-out parameter (PROTOCOLS.md pitfall 5): callers must guard
 * the minted amount themselves (the vault's post-call loss check, or a simulation check).
 */
import { Interface, ZeroAddress } from 'ethers';
import { ETHERFI_DEPOSIT_ADAPTER_ABI } from './etherfi/abi.ts';
import { RENZO_RESTAKE_MANAGER_ABI } from './renzo/abi.ts';
import { KELP_DEPOSIT_POOL_ABI } from './kelp/abi.ts';
import { PUFFER_VAULT_ABI } from './puffer/abi.ts';
import { RSWETH_ABI } from './swell/abi.ts';

export interface TxRequest {
  to: string;
  data: string;
  value: bigint;
}

/** The addresses a deposit needs, per protocol (a subset of the deployment/config records). */
export type LrtDepositTarget =
  | { protocol: 'etherfi'; token: string; contracts: { depositAdapter: string } }
  | { protocol: 'renzo'; token: string; contracts: { restakeManager: string } }
  | { protocol: 'kelp'; token: string; contracts: { depositPool: string } }
  | { protocol: 'puffer'; token: string; contracts: { vault: string } }
  | { protocol: 'swell'; token: string; contracts: Record<string, string> };

/** Referral tag sent where a protocol asks for one. */
export const REFERRAL_ID = 'restake-keeper';

const etherfi = new Interface(ETHERFI_DEPOSIT_ADAPTER_ABI);
const renzo = new Interface(RENZO_RESTAKE_MANAGER_ABI);
const kelp = new Interface(KELP_DEPOSIT_POOL_ABI);
const puffer = new Interface(PUFFER_VAULT_ABI);
const swell = new Interface(RSWETH_ABI);

/**
 * Encodes a deposit of `amountWei` native ETH that mints the LRT to `receiver` (or to the
 * sender, for protocols that always mint to msg.sender).
 *
 * @example encodeLrtDepositEth(lrts.rsETH, parseEther('10'), vault, minRsEth)
 */
export function encodeLrtDepositEth(target: LrtDepositTarget, amountWei: bigint, receiver: string, minOut: bigint): TxRequest {
  switch (target.protocol) {
    case 'etherfi':
      return { to: target.contracts.depositAdapter, data: etherfi.encodeFunctionData('depositETHForWeETH', [ZeroAddress]), value: amountWei };
    case 'renzo':
      return { to: target.contracts.restakeManager, data: renzo.encodeFunctionData('depositETH', [0n]), value: amountWei };
    case 'kelp':
      return { to: target.contracts.depositPool, data: kelp.encodeFunctionData('depositETH', [minOut, REFERRAL_ID]), value: amountWei };
    case 'puffer':
      return { to: target.contracts.vault, data: puffer.encodeFunctionData('depositETH', [receiver]), value: amountWei };
    case 'swell':
      return { to: target.token, data: swell.encodeFunctionData('deposit', []), value: amountWei };
  }
}
