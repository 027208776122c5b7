/**
 * A proposal in the two JSON shapes a DAO's usual Safe tools read:
 * - Safe Transaction Builder batch file (version 1.0): the plan's inner calls, to review or
 *   re-create the batch in Safe{Wallet}. The Transaction Builder picks its own nonce and
 *   MultiSend, so the batch it creates has another safeTxHash: sign that one in Safe{Wallet}
 *   only if the keeper's proposal is not used.
 * - Safe Transaction Service proposal (POST /api/v1/safes/{address}/multisig-transactions/):
 *   exactly the keeper's Safe transaction, with its contractTransactionHash and one owner's
 *   signature, so it appears in Safe{Wallet}'s queue for the other owners to confirm.
 */
import { getAddress } from 'ethers';
import type { SafeProposal } from './proposal.ts';

export interface TxBuilderBatch {
  version: '1.0';
  chainId: string;
  createdAt: number;
  meta: { name: string; description: string; txBuilderVersion: string; createdFromSafeAddress: string; createdFromOwnerAddress: string };
  transactions: { to: string; value: string; data: string; contractMethod: null; contractInputsValues: null }[];
}

export function toTxBuilderBatch(p: SafeProposal): TxBuilderBatch {
  return txBuilderBatchOf({
    chainId: p.chainId, safe: p.safe, createdAt: p.createdAt, calls: p.calls, name: `restake-keeper ${p.plan.kind} for ${p.vault}`,
    description: `${p.plan.reason} | keeper safeTxHash ${p.id}, Safe nonce ${p.safeTx.nonce}; calls: ${p.calls.map((c) => c.label).join('; ')}`,
  });
}

/** Any list of calls from `safe` as a Transaction Builder batch (createdAt in unix seconds). */
export function txBuilderBatchOf(b: { chainId: number; safe: string; createdAt: number; name: string; description: string; calls: readonly { to: string; value: bigint; data: string }[] }): TxBuilderBatch {
  return {
    version: '1.0',
    chainId: String(b.chainId),
    createdAt: b.createdAt * 1000,
    meta: { name: b.name, description: b.description, txBuilderVersion: '1.16.5', createdFromSafeAddress: getAddress(b.safe), createdFromOwnerAddress: '' },
    transactions: b.calls.map((c) => ({ to: getAddress(c.to), value: c.value.toString(), data: c.data, contractMethod: null, contractInputsValues: null })),
  };
}

export interface TxServiceProposal {
  safe: string;
  to: string;
  value: string;
  data: string;
  operation: number;
  safeTxGas: string;
  baseGas: string;
  gasPrice: string;
  gasToken: string;
  refundReceiver: string;
  nonce: string;
  contractTransactionHash: string;
  sender: string;
  signature: string;
  origin: string;
}

/**
 * The Transaction Service needs a sender who is an owner (or a delegate) and its signature:
 * without a signature on the proposal the JSON names no sender and cannot be posted as is.
 */
export function toTxServiceProposal(p: SafeProposal, sender?: string): TxServiceProposal {
  const sig = sender === undefined ? p.signatures[0] : p.signatures.find((s) => s.owner.toLowerCase() === sender.toLowerCase());
  const t = p.safeTx;
  return {
    safe: getAddress(p.safe), to: getAddress(t.to), value: t.value.toString(), data: t.data, operation: t.operation,
    safeTxGas: t.safeTxGas.toString(), baseGas: t.baseGas.toString(), gasPrice: t.gasPrice.toString(), gasToken: t.gasToken, refundReceiver: t.refundReceiver,
    nonce: t.nonce.toString(), contractTransactionHash: p.id, sender: sig?.owner ?? '', signature: sig?.signature ?? '', origin: JSON.stringify({ name: 'restake-keeper', planId: p.planId }).slice(0, 200),
  };
}
