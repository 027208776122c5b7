/**
 * RestakingVault governance when its owner (and guardian) is the DAO's Safe: each change is a
 * Safe transaction the owners sign, never a key's transaction. One vault call is a plain CALL
 * from the Safe; several are one MultiSendCallOnly batch (DELEGATECALL), all or nothing.
 * Widening changes still wait for the vault's timelock: the Safe queues them (`queue*`) and,
 * after `timelockDelay`, applies them (`applyChange`) with a second Safe transaction; the
 * guardian (the Safe, or a faster signer) can pause or cancel in between.
 */
import { Interface } from 'ethers';
import { InputError } from '../domain/errors.ts';
import { VAULT_ADMIN_ABI } from '../protocols/vault/abi.ts';
import { encodeMultiSend } from './multisend.ts';
import { OPERATION, safeTxHash, safeTxOf, safeTxTypedData, type SafeTx } from './safe-tx.ts';

export interface GovernanceCall {
  readonly to: string;
  readonly value: bigint;
  readonly data: string;
  readonly label: string;
}

const admin = new Interface(VAULT_ADMIN_ABI);

/** One vault admin call (`fn` of VAULT_ADMIN_ABI) as a governance call. */
export function vaultAdminCall(vault: string, fn: string, args: readonly unknown[]): GovernanceCall {
  const fragment = admin.getFunction(fn);
  if (fragment === null) throw new InputError('not a RestakingVault admin function', { details: [`function: ${fn}`, `known: ${admin.fragments.map((f) => ('name' in f ? String(f.name) : '')).filter(Boolean).join(', ')}`] });
  return { to: vault, value: 0n, data: admin.encodeFunctionData(fragment, args), label: `vault.${fragment.name}(${args.map(String).join(', ')})` };
}

export interface GovernanceTx {
  readonly safeTx: SafeTx;
  readonly safeTxHash: string;
  readonly typedData: object;
  readonly calls: readonly GovernanceCall[];
}

/** The Safe transaction for `calls` at Safe nonce `nonce`. */
export function governanceTx(calls: readonly GovernanceCall[], nonce: bigint, domain: { chainId: number; verifyingContract: string }, multiSendCallOnly: string): GovernanceTx {
  if (calls.length === 0) throw new InputError('a governance transaction needs at least one call');
  const [only] = calls;
  const inner =
    calls.length === 1 && only !== undefined
      ? { to: only.to, value: only.value, data: only.data, operation: OPERATION.call }
      : { to: multiSendCallOnly, value: 0n, data: encodeMultiSend(calls), operation: OPERATION.delegateCall };
  const safeTx = safeTxOf(inner, nonce);
  return { safeTx, safeTxHash: safeTxHash(domain, safeTx), typedData: safeTxTypedData(domain, safeTx), calls };
}
